import { describe, expect, it } from 'vitest';
import { minMaxIndices, runsWhere } from './downsample';

const xs = (_n: number) => (i: number) => i;

describe('minMaxIndices', () => {
  it('keeps every point when there are few', () => {
    expect(minMaxIndices({ start: 0, end: 10 }, xs(10), (i) => i, 5)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
  });

  it('draws at most four points per bucket, in order', () => {
    const n = 10_000;
    const y = (i: number) => Math.sin(i / 37);
    const picked = minMaxIndices({ start: 0, end: n }, xs(n), y, 100);
    expect(picked.length).toBeLessThanOrEqual(400);
    expect(picked[0]).toBe(0);
    expect(picked[picked.length - 1]).toBe(n - 1);
    for (let k = 1; k < picked.length; k++) expect(picked[k]).toBeGreaterThan(picked[k - 1]);
  });

  it('keeps a one-step spike and a one-step dip', () => {
    const n = 5000;
    const y = (i: number) => (i === 1234 ? 100 : i === 3210 ? -100 : 1);
    const picked = minMaxIndices({ start: 0, end: n }, xs(n), y, 50);
    expect(picked).toContain(1234);
    expect(picked).toContain(3210);
  });

  it('respects a sub-range', () => {
    const picked = minMaxIndices({ start: 100, end: 2100 }, xs(3000), (i) => i % 7, 10);
    expect(Math.min(...picked)).toBe(100);
    expect(Math.max(...picked)).toBe(2099);
  });

  it('handles empty and constant-x ranges', () => {
    expect(minMaxIndices({ start: 5, end: 5 }, xs(10), (i) => i, 10)).toEqual([]);
    const flat = minMaxIndices(
      { start: 0, end: 100 },
      () => 3,
      (i) => i,
      2,
    );
    expect(flat).toEqual([0, 99]);
  });
});

describe('runsWhere', () => {
  it('finds maximal runs', () => {
    const values = [0, 1, 1, 0, 1, 0, 0, 1, 1];
    expect(runsWhere(values.length, (i) => values[i] === 1)).toEqual([
      { start: 1, end: 3 },
      { start: 4, end: 5 },
      { start: 7, end: 9 },
    ]);
    expect(runsWhere(0, () => true)).toEqual([]);
  });
});
