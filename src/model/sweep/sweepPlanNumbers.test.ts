import { describe, expect, it } from 'vitest';
import { sweepPlan } from './sweepPlan';

describe('sweep options that are not numbers JSON can write', () => {
  it.each([
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
  ])('names %s in the message instead of null', (value, shown) => {
    const planned = sweepPlan({ layers: 2, steps: value });
    expect(planned.ok).toBe(false);
    if (planned.ok) return;
    expect(planned.errors).toContain(`steps must be a whole number from 1 to 10000 (got ${shown})`);
  });
});
