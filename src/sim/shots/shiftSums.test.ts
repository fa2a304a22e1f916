import { describe, expect, it } from 'vitest';
import { shiftSums } from './shiftSums';
import { mulberry32 } from '../../util/prng';

/** The loop the module replaces: float64 products and sums, k in order. */
function loopSums(rows: Float32Array, dy: Float32Array): Float64Array {
  const count = rows.length / dy.length;
  return Float64Array.from({ length: count }, (_, i) => {
    let sum = 0;
    for (let k = 0; k < dy.length; k++) sum += rows[i * dy.length + k] * dy[k];
    return sum;
  });
}

describe('shiftSums', () => {
  // Rows in fours, a pair, one alone; sizes within one call and across several (8,192 a call).
  it.each([
    [1, 5],
    [2, 3],
    [4, 8192],
    [7, 20_001],
    [12, 50_176],
  ])('%i rows of %i: the bits of the loop in float64, k in order', (count, size) => {
    const random = mulberry32(count * 1000 + size);
    const rows = Float32Array.from({ length: count * size }, () => 2 * random() - 1);
    const dy = Float32Array.from({ length: size }, () => (random() - 0.5) * 1e-3);
    expect(shiftSums(rows, dy)).toEqual(loopSums(rows, dy));
  });

  it('gives no sums for no rows, and refuses values that are not whole rows', () => {
    expect(shiftSums(new Float32Array(0), new Float32Array(4))).toEqual(new Float64Array(0));
    expect(() => shiftSums(new Float32Array(7), new Float32Array(2))).toThrow(/not rows of 2/);
  });
});
