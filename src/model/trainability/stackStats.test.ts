import { describe, expect, it } from 'vitest';
import { quantile, quartiles } from './stackStats';

describe('quartiles', () => {
  it('interpolates between order statistics (type 7)', () => {
    // 1..5: positions (n−1)q = 1, 2, 3 are exact order statistics
    expect(quartiles([5, 3, 1, 4, 2])).toEqual({ q1: 2, median: 3, q3: 4 });
    // 1..4: positions 0.75, 1.5, 2.25
    expect(quartiles([4, 1, 3, 2])).toEqual({ q1: 1.75, median: 2.5, q3: 3.25 });
  });

  it('is the value itself for one sample, and NaN for none', () => {
    expect(quartiles([0.7])).toEqual({ q1: 0.7, median: 0.7, q3: 0.7 });
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('gives exactly 0 for a layer whose every norm is 0', () => {
    expect(quartiles([0, 0, 0, 0])).toEqual({ q1: 0, median: 0, q3: 0 });
  });

  it('matches the sorted sample at the ends', () => {
    const xs = [0.3, 0.1, 0.9, 0.5, 0.2, 0.8];
    expect(quantile([...xs].sort(), 0)).toBe(0.1);
    expect(quantile([...xs].sort(), 1)).toBe(0.9);
  });
});
