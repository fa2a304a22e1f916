import { describe, expect, it } from 'vitest';
import {
  allEdgeSubsets,
  DEFAULT_CONFIG,
  edgeRefusal,
  formatEdgeList,
  parseEdgeList,
  possibleEdges,
  validateConfig,
  type ExperimentConfig,
} from './config';

function config(raw: unknown): ExperimentConfig {
  const result = validateConfig(raw);
  if (!result.ok) throw new Error(result.errors[0].message);
  return result.config;
}

describe('possibleEdges', () => {
  it('lists the n(n+1)/2 edges in canonical order', () => {
    expect(formatEdgeList(possibleEdges(1))).toBe('0-1');
    expect(formatEdgeList(possibleEdges(2))).toBe('0-1,0-2,1-2');
    expect(formatEdgeList(possibleEdges(3))).toBe('0-1,0-2,0-3,1-2,1-3,2-3');
    for (const n of [1, 2, 3, 4]) expect(possibleEdges(n)).toHaveLength((n * (n + 1)) / 2);
  });
});

describe('allEdgeSubsets', () => {
  it('gives every subset once, the empty one first, then by size', () => {
    const subsets = allEdgeSubsets(2).map(formatEdgeList);
    expect(subsets).toEqual([
      '',
      '0-1',
      '0-2',
      '1-2',
      '0-1,0-2',
      '0-1,1-2',
      '0-2,1-2',
      '0-1,0-2,1-2',
    ]);
    for (const n of [1, 2, 3, 4]) {
      const all = allEdgeSubsets(n).map(formatEdgeList);
      expect(all).toHaveLength(2 ** ((n * (n + 1)) / 2));
      expect(new Set(all).size).toBe(all.length);
    }
    const sizes = allEdgeSubsets(3).map((s) => s.length);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
  });

  it('gives valid configurations only', () => {
    for (const edges of allEdgeSubsets(3)) {
      expect(validateConfig({ layers: [{}, {}, {}], edges }).ok).toBe(true);
    }
  });

  it('refuses a layer count outside 1..4', () => {
    expect(() => allEdgeSubsets(5)).toThrow(RangeError);
    expect(() => allEdgeSubsets(0)).toThrow(RangeError);
  });
});

describe('edgeRefusal', () => {
  const twoLayers = config({ edges: [{ from: 0, to: 1 }] });

  it('allows a new forward edge within the network', () => {
    expect(edgeRefusal(twoLayers, 1, 2)).toBeNull();
    expect(edgeRefusal(twoLayers, 0, 2)).toBeNull();
  });

  it('gives the reason an edge is refused', () => {
    expect(edgeRefusal(twoLayers, 1, 1)).toBe(
      'a connection from Q1 to itself is not a residual connection',
    );
    expect(edgeRefusal(twoLayers, 0, 0)).toContain('from X to itself');
    expect(edgeRefusal(twoLayers, 2, 1)).toBe(
      'edge 2-1 points backwards: a residual connection must go forward',
    );
    expect(edgeRefusal(twoLayers, 1, 0)).toContain('points backwards');
    expect(edgeRefusal(twoLayers, 1, 3)).toBe(
      'edge 1-3 refers to Q3, but the network has only 2 quanv layers',
    );
    expect(edgeRefusal(twoLayers, 2, 3)).toContain('refers to Q3');
    expect(edgeRefusal(twoLayers, -1, 2)).toContain('numbered from 0');
    expect(edgeRefusal(twoLayers, 0.5, 2)).toContain('whole node numbers');
    expect(edgeRefusal(twoLayers, 0, 1)).toContain('duplicate edge 0-1');
  });

  it('allows exactly the possible edges not yet present', () => {
    const n = DEFAULT_CONFIG.layers.length;
    const allowed: string[] = [];
    for (let from = -1; from <= n + 1; from++) {
      for (let to = -1; to <= n + 1; to++) {
        if (edgeRefusal(twoLayers, from, to) === null) allowed.push(`${from}-${to}`);
      }
    }
    expect(allowed).toEqual(['0-2', '1-2']);
  });
});

describe('edge list text', () => {
  it('formats and parses', () => {
    const edges = [
      { from: 0, to: 1 },
      { from: 1, to: 2 },
    ];
    expect(formatEdgeList(edges)).toBe('0-1,1-2');
    expect(parseEdgeList('0-1,1-2')).toEqual({ ok: true, edges });
    expect(parseEdgeList(' 0 - 1 , 1-2 ')).toEqual({ ok: true, edges });
    expect(parseEdgeList('')).toEqual({ ok: true, edges: [] });
  });

  it('names the malformed part', () => {
    const result = parseEdgeList('0-1,1>2,x');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.map((e) => e.message)).toEqual([
        "edge '1>2' is not of the form from-to (e.g. 0-1)",
        "edge 'x' is not of the form from-to (e.g. 0-1)",
      ]);
    }
  });
});
