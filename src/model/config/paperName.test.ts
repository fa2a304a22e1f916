import { describe, expect, it } from 'vitest';
import { parseEdgeList } from './configEdges';
import { parseConfigText } from './configText';
import { mergePointName, NO_RESIDUAL_NAME, paperName } from './paperName';

function name(edgeList: string): string {
  const parsed = parseEdgeList(edgeList);
  if (!parsed.ok) throw new Error(parsed.errors[0].message);
  return paperName({ edges: parsed.edges });
}

describe('paperName', () => {
  it('names a configuration without edges', () => {
    expect(name('')).toBe(NO_RESIDUAL_NAME);
    expect(NO_RESIDUAL_NAME).toBe('no residual');
  });

  it('writes each edge as the sum at the merge point after its target layer', () => {
    expect(name('0-1')).toBe('X+O1');
    expect(name('1-2')).toBe('O1+O2');
    expect(name('0-2')).toBe('X+O2');
    expect(name('1-3')).toBe('O1+O3');
  });

  it('separates merge points by | in order', () => {
    expect(name('0-1,1-2')).toBe('X+O1 | O1+O2');
    expect(name('1-2,0-1')).toBe('X+O1 | O1+O2');
    expect(name('2-3,0-1,1-2')).toBe('X+O1 | O1+O2 | O2+O3');
  });

  it('sums several edges into one merge point in node order', () => {
    expect(name('0-2,1-2')).toBe('X+O1+O2');
    expect(name('1-2,0-2')).toBe('X+O1+O2');
    expect(name('0-1,0-2,1-2')).toBe('X+O1 | X+O1+O2');
    expect(name('0-3,2-3,1-3,1-2')).toBe('O1+O2 | X+O1+O2+O3');
  });

  it('is the same under both taps (the tap is shown elsewhere)', () => {
    const chained = parseConfigText('n=3;e=0-1,1-3;tap=chained');
    const raw = parseConfigText('n=3;e=0-1,1-3;tap=raw');
    if (!chained.ok || !raw.ok) throw new Error('valid texts refused');
    expect(paperName(chained.config)).toBe('X+O1 | O1+O3');
    expect(paperName(raw.config)).toBe(paperName(chained.config));
  });

  it('names a single merge point, also one without edges', () => {
    const edges = [
      { from: 0, to: 2 },
      { from: 1, to: 2 },
    ];
    expect(mergePointName(edges, 2)).toBe('X+O1+O2');
    expect(mergePointName(edges, 1)).toBe('O1');
  });
});
