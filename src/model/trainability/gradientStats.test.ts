import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../util/prng';
import { gradientStats } from './gradientStats';

describe('gradientStats', () => {
  it('is the unbiased variance per parameter, and their mean', () => {
    // parameter 0: 1, 2, 3, 4 (variance 5/3); parameter 1: 0, 0, 0, 4 (variance 4)
    const s = gradientStats(Float64Array.of(1, 2, 3, 4, 0, 0, 0, 4), 2, 4, 1);
    expect(s.variancePerParam[0]).toBeCloseTo(5 / 3, 12);
    expect(s.variancePerParam[1]).toBeCloseTo(4, 12);
    expect(s.variance).toBeCloseTo((5 / 3 + 4) / 2, 12);
  });

  it('gives a bootstrap interval that holds the true variance of normal data, narrowing with K', () => {
    const random = mulberry32(5);
    const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const width = (K: number) => {
      const g = Float64Array.from({ length: 3 * K }, () => 2 * gauss()); // variance 4
      const s = gradientStats(g, 3, K, 2);
      expect(s.ci95[0]).toBeLessThan(4);
      expect(s.ci95[1]).toBeGreaterThan(4);
      expect(s.ci95[0]).toBeLessThanOrEqual(s.variance);
      expect(s.ci95[1]).toBeGreaterThanOrEqual(s.variance);
      return s.ci95[1] - s.ci95[0];
    };
    expect(width(2000)).toBeLessThan(width(100) / 2);
  });
});
