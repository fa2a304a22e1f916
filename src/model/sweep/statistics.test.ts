import { describe, expect, it } from 'vitest';
import { mean, meanDifference, sd, summarize, tCdf, tQuantile, variance } from './statistics';

describe('statistics', () => {
  it('mean, variance and sd of a known sample', () => {
    const x = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(x)).toBe(5);
    expect(variance(x)).toBeCloseTo(32 / 7, 12);
    expect(sd(x)).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(variance([3])).toBeNull();
    expect(mean([])).toBeNaN();
  });

  it('t quantiles match the published table, small df included', () => {
    // Two-sided 95% critical values (any statistics table).
    const table: [number, number][] = [
      [1, 12.7062047],
      [2, 4.3026527],
      [3, 3.1824463],
      [4, 2.7764451],
      [9, 2.2621572],
      [29, 2.0452296],
      [100, 1.9839715],
    ];
    for (const [df, t] of table) expect(tQuantile(0.975, df)).toBeCloseTo(t, 6);
    expect(tQuantile(0.975, Infinity)).toBeCloseTo(1.959964, 5);
    expect(tQuantile(0.025, 4)).toBeCloseTo(-2.7764451, 6);
    expect(tQuantile(0.995, 5)).toBeCloseTo(4.032143, 5);
  });

  it('the t CDF: Cauchy at df 1, symmetric, and fractional df', () => {
    for (const t of [-3, -0.5, 0, 1, 7]) {
      expect(tCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 12);
    }
    // df 2 has a closed form too.
    expect(tCdf(1.5, 2)).toBeCloseTo(0.5 + 1.5 / (2 * Math.sqrt(2 + 1.5 ** 2)), 12);
    expect(tCdf(1.3, 4.5) + tCdf(-1.3, 4.5)).toBeCloseTo(1, 12);
  });

  it('the 95% t-interval of a known sample', () => {
    // mean 5, sd √(32/7), n 8, t(0.975, 7) = 2.3646243.
    const s = summarize([2, 4, 4, 4, 5, 5, 7, 9]);
    const half = (2.3646243 * Math.sqrt(32 / 7)) / Math.sqrt(8);
    expect(s.ci95![0]).toBeCloseTo(5 - half, 6);
    expect(s.ci95![1]).toBeCloseTo(5 + half, 6);
    // Three seeds: t(0.975, 2) = 4.3026527.
    const three = summarize([0.8, 0.85, 0.9]);
    expect(three.sd).toBeCloseTo(0.05, 12);
    expect(three.ci95![1] - three.mean).toBeCloseTo((4.3026527 * 0.05) / Math.sqrt(3), 7);
    const one = summarize([0.7]);
    expect(one).toEqual({ n: 1, mean: 0.7, sd: null, ci95: null });
  });

  it('cuts the interval to the values’ range, and only where it crosses it', () => {
    // Two seeds at 20% and 25%: t(0.975, 1) = 12.7062047, half-width ≈ 0.318.
    const whole = summarize([0.2, 0.25]);
    expect(whole.ci95![0]).toBeLessThan(0);
    const cut = summarize([0.2, 0.25], [0, 1]);
    expect(cut.ci95![0]).toBe(0);
    expect(cut.ci95![1]).toBeCloseTo(whole.ci95![1], 12);
    expect(cut.mean).toBe(whole.mean);
    expect(summarize([0.8, 0.85, 0.9], [0, 1]).ci95).toEqual(summarize([0.8, 0.85, 0.9]).ci95);
  });

  it("Welch's interval for a difference of means", () => {
    // Worked example: a = [19, 22, 16, 29, 24], b = [20, 11, 17, 12]; variances 24.5 and 18, Welch df ≈ 6.93.
    const d = meanDifference([19, 22, 16, 29, 24], [20, 11, 17, 12]);
    expect(d.difference).toBeCloseTo(22 - 15, 12);
    const se = Math.sqrt(24.5 / 5 + 18 / 4);
    const df = (24.5 / 5 + 18 / 4) ** 2 / ((24.5 / 5) ** 2 / 4 + (18 / 4) ** 2 / 3);
    expect(d.df).toBeCloseTo(df, 10);
    expect(d.ci95![0]).toBeCloseTo(7 - tQuantile(0.975, df) * se, 10);
    expect(df).toBeCloseTo(6.929, 3);
    expect(meanDifference([1], [2, 3]).ci95).toBeNull();
  });
});
