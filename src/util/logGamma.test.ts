import { describe, expect, it } from 'vitest';
import { logGamma } from './logGamma';

describe('logGamma', () => {
  it('matches ln((n-1)!) at whole numbers and Γ(1/2) = √π', () => {
    let factorial = 1;
    for (let n = 1; n <= 30; n++) {
      if (n > 1) factorial *= n - 1;
      expect(logGamma(n)).toBeCloseTo(Math.log(factorial), 10);
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });

  it('is accurate far out (Stirling at 1e6)', () => {
    const z = 1e6;
    const stirling = (z - 0.5) * Math.log(z) - z + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * z);
    expect(Math.abs(logGamma(z) - stirling) / stirling).toBeLessThan(1e-13);
  });
});
