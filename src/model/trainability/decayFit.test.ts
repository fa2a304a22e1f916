import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../util/prng';
import { fitDecay } from './decayFit';

describe('fitDecay', () => {
  it('recovers the rate of exact exponential data, with a zero-width interval', () => {
    const qubits = [2, 3, 4, 5, 6];
    const fit = fitDecay(
      qubits,
      qubits.map((n) => 3 * Math.exp(-0.7 * n)),
    )!;
    expect(fit.decayPerQubit).toBeCloseTo(0.7, 12);
    expect(fit.intercept).toBeCloseTo(Math.log(3), 12);
    expect(fit.ci95![1] - fit.ci95![0]).toBeLessThan(1e-9);
  });

  it('puts the true rate inside its 95% interval on noisy data about 95% of the time', () => {
    const random = mulberry32(11);
    const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const qubits = [2, 3, 4, 5, 6, 7, 8];
    let covered = 0;
    const trials = 400;
    for (let t = 0; t < trials; t++) {
      const v = qubits.map((n) => Math.exp(-0.5 * n + 0.2 * gauss()));
      const [lo, hi] = fitDecay(qubits, v)!.ci95!;
      if (lo <= 0.5 && 0.5 <= hi) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.91);
    expect(covered / trials).toBeLessThan(0.99);
  });

  it('skips zero variances and needs two points', () => {
    expect(fitDecay([1, 2], [0, 1])).toBeNull();
    const fit = fitDecay([1, 2, 3], [0, Math.exp(-2), Math.exp(-3)])!;
    expect(fit.points).toBe(2);
    expect(fit.ci95).toBeNull();
    expect(fit.decayPerQubit).toBeCloseTo(1, 12);
  });
});
