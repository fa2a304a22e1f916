import { describe, expect, it } from 'vitest';
import {
  accessibilityReport,
  predictHasGradient,
  predictLayerAccess,
  type LayerAccess,
} from './accessibility';
import { accessibilityTable, fullAccessCount } from './accessibilityTable';
import { measuredRoute } from './accessibilityRoute';
import { allEdgeSubsets, formatEdgeList, possibleEdges } from '../config/configEdges';
import { parseConfigText } from '../config/configText';
import type { ExperimentConfig, Tap } from '../config/configSchema';

function config(text: string): ExperimentConfig {
  const result = parseConfigText(text);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('; '));
  return result.config;
}

/**
 * Two trainable layers, measured semantics: Q2 always has gradient; Q1 only with the edge 1-2,
 * which carries its output (alone under raw, inside h_1 under chained) to h_2, read by the head.
 * Worked by hand from docs/model.md §3–4; both taps agree for two layers.
 */
const TWO_LAYERS: readonly [edges: string, name: string, q1: boolean, q2: boolean][] = [
  ['', 'no residual', false, true],
  ['0-1', 'X+O1', false, true],
  ['0-2', 'X+O2', false, true],
  ['1-2', 'O1+O2', true, true],
  ['0-1,0-2', 'X+O1 | X+O2', false, true],
  ['0-1,1-2', 'X+O1 | O1+O2', true, true],
  ['0-2,1-2', 'X+O1+O2', true, true],
  ['0-1,0-2,1-2', 'X+O1 | X+O1+O2', true, true],
];

describe('accessibility of every 2-layer configuration', () => {
  for (const tap of ['chained', 'raw'] as const) {
    it(`matches the hand-worked table under ${tap}`, () => {
      const rows = accessibilityTable(2, tap).map((r) => [
        formatEdgeList(r.edges),
        r.name,
        ...r.gradient,
      ]);
      expect(rows).toEqual(TWO_LAYERS);
      for (const [edges, , q1, q2] of TWO_LAYERS) {
        const predicted = predictLayerAccess(config(`n=2;e=${edges};tap=${tap}`));
        const access = (has: boolean): LayerAccess => (has ? 'gradient' : 'none');
        expect(predicted).toEqual({ Q1: access(q1), Q2: access(q2) });
      }
    });
  }
});

describe('accessibility of 3-layer configurations', () => {
  it('gives all layers gradient in 24 of 64 (chained) and 16 of 64 (raw)', () => {
    expect(allEdgeSubsets(3)).toHaveLength(64);
    expect(fullAccessCount(3, 'chained')).toBe(24);
    expect(fullAccessCount(3, 'raw')).toBe(16);
  });

  it('without edges from X: 3 of 8 (chained), 2 of 8 (raw)', () => {
    const full = (tap: Tap) =>
      accessibilityTable(3, tap)
        .filter((r) => r.edges.every((e) => e.from > 0) && r.gradient.every(Boolean))
        .map((r) => formatEdgeList(r.edges));
    expect(full('chained')).toEqual(['1-2,2-3', '1-3,2-3', '1-2,1-3,2-3']);
    expect(full('raw')).toEqual(['1-3,2-3', '1-2,1-3,2-3']);
  });

  it('follows the closed-form rules of docs/model.md §3–4', () => {
    for (const edges of allEdgeSubsets(3)) {
      const has = (text: string) => formatEdgeList(edges).split(',').includes(text);
      const chained = [1, 2, 3].map((q) => measuredRoute(3, edges, 'chained', q) !== null);
      const raw = [1, 2, 3].map((q) => measuredRoute(3, edges, 'raw', q) !== null);
      expect(chained).toEqual([has('1-3') || (has('1-2') && has('2-3')), has('2-3'), true]);
      expect(raw).toEqual([has('1-3'), has('2-3'), true]);
    }
  });

  it('only ever gains gradient when an edge is added (monotone)', () => {
    for (const tap of ['chained', 'raw'] as const) {
      const table = accessibilityTable(3, tap);
      const byEdges = new Map(table.map((r) => [formatEdgeList(r.edges), r.gradient]));
      for (const row of table) {
        for (const extra of possibleEdges(3)) {
          const key = formatEdgeList(
            [...row.edges, extra]
              .filter((e, i, all) => all.findIndex((f) => f.from === e.from && f.to === e.to) === i)
              .sort((a, b) => a.from - b.from || a.to - b.to),
          );
          const bigger = byEdges.get(key) as readonly boolean[];
          row.gradient.forEach((g, i) => expect(!g || bigger[i]).toBe(true));
        }
      }
    }
  });
});

describe('accessibilityReport', () => {
  it('shows the route of a reachable layer', () => {
    const [q1, q2] = accessibilityReport(config('n=2;e=1-2'));
    expect(q1).toMatchObject({ layer: 'Q1', access: 'gradient', route: 'Q1 → O1+O2 → H' });
    expect(q1.edges).toEqual([{ from: 1, to: 2 }]);
    expect(q1.reason).toContain('edge 1-2 carries');
    expect(q2).toMatchObject({ access: 'gradient', route: 'Q2 → O1+O2 → H', edges: [] });
    expect(q2.reason).toContain('last quanv layer');
  });

  it('follows the chain of merged values under chained, the direct edge under raw', () => {
    const chained = accessibilityReport(config('n=3;e=0-1,1-2,2-3'))[0];
    expect(chained.route).toBe('Q1 → X+O1 → O1+O2 → O2+O3 → H');
    expect(chained.edges).toEqual([
      { from: 1, to: 2 },
      { from: 2, to: 3 },
    ]);
    const raw = accessibilityReport(config('n=3;e=0-1,1-2,2-3;tap=raw'))[0];
    expect(raw.access).toBe('none');
    const direct = accessibilityReport(config('n=3;e=1-3;tap=raw'))[0];
    expect(direct).toMatchObject({ access: 'gradient', route: 'Q1 → O1+O3 → H' });
  });

  it("says where a cut layer's gradient stops, and which edge would open a route", () => {
    const [q1] = accessibilityReport(config('n=2'));
    expect(q1.access).toBe('none');
    expect(q1.route).toBeNull();
    expect(q1.reason).toContain("cut: Q1's output only reaches H through Q2's encoding");
    expect(q1.reason).toContain('edge 1-2 would open a route');
    const [first] = accessibilityReport(config('n=3;e=1-2'));
    expect(first.reason).toContain('through the encodings of Q2 and Q3');
    expect(first.reason).toContain('edge 1-3');
  });

  it('gives every trainable layer gradient under exact semantics', () => {
    const report = accessibilityReport(config('n=3;sem=exact'));
    expect(report.map((r) => r.access)).toEqual(['gradient', 'gradient', 'gradient']);
    expect(report[0].route).toBe('Q1 → Q2 → Q3 → H');
    expect(report[0].reason).toContain('exact semantics differentiates through');
    // A residual route is still the one shown when there is one.
    expect(accessibilityReport(config('n=2;e=1-2;sem=exact'))[0].route).toBe('Q1 → O1+O2 → H');
  });

  it('tells frozen layers apart from cut ones', () => {
    const report = accessibilityReport(config('n=3;t=1,0,1;e=1-2,2-3'));
    expect(report.map((r) => r.access)).toEqual(['gradient', 'frozen', 'gradient']);
    expect(report[1].reason).toContain('frozen');
    const frozenModel = accessibilityReport(config('n=2;e=1-2;m=frozen'));
    expect(frozenModel.map((r) => r.access)).toEqual(['frozen', 'frozen']);
    expect(frozenModel[0].reason).toContain('benchmark');
  });

  it('is empty for the classical model, which has no quanv layer', () => {
    expect(accessibilityReport(config('n=2;m=classical'))).toEqual([]);
    expect(predictHasGradient(config('n=2;m=classical'))).toEqual({});
  });
});

describe('predictHasGradient', () => {
  it('is true only where the parameters get a gradient', () => {
    expect(predictHasGradient(config('n=3;t=1,0,1;e=1-3'))).toEqual({
      Q1: true,
      Q2: false,
      Q3: true,
    });
    expect(predictHasGradient(config('n=2'))).toEqual({ Q1: false, Q2: true });
    expect(predictLayerAccess(config('n=3;t=1,0,1;e=1-3'))).toEqual({
      Q1: 'gradient',
      Q2: 'frozen',
      Q3: 'gradient',
    });
  });
});
