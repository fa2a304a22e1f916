import { describe, expect, it } from 'vitest';
import { deriveSeed, mulberry32, permutation } from './prng';

describe('prng', () => {
  it('mulberry32 is reproducible and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(mulberry32(43)()).not.toBe(values[0]);
  });

  it('permutation holds each index once', () => {
    const order = permutation(100, mulberry32(1));
    expect([...order].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect([...order]).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('deriveSeed separates neighbouring inputs', () => {
    const seeds = new Set<number>();
    for (let seed = 0; seed < 10; seed++) {
      for (let epoch = 0; epoch < 10; epoch++) seeds.add(deriveSeed(seed, epoch));
    }
    expect(seeds.size).toBe(100);
    expect(deriveSeed(1, 2)).toBe(deriveSeed(1, 2));
    expect(deriveSeed(1, 2)).not.toBe(deriveSeed(2, 1));
  });
});
