import { describe, expect, it } from 'vitest';
import { formatNorm, powerOfTen, spreadLabels } from './chartKit';

describe('chartKit', () => {
  it('writes decades as powers of ten', () => {
    expect(powerOfTen(1e-3)).toBe('10⁻³');
    expect(powerOfTen(1)).toBe('1');
    expect(powerOfTen(100)).toBe('10²');
  });

  it('formats norms', () => {
    expect(formatNorm(undefined)).toBe('—');
    expect(formatNorm(0.1234)).toBe('0.123');
    expect(formatNorm(2.5e-7)).toBe('2.5e-7');
  });

  it('spreads labels apart, keeping order', () => {
    expect(spreadLabels([10, 11, 50], 10, 0, 100)).toEqual([10, 20, 50]);
    expect(spreadLabels([100, 99], 10, 0, 100)).toEqual([100, 90]);
    expect(spreadLabels([], 10, 0, 100)).toEqual([]);
  });
});
