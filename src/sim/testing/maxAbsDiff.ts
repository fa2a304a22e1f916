import { expect } from 'vitest';

/*
 * How far two simulators' answers are apart: the largest absolute difference of two equally long
 * lists of numbers, nested arrays (a tensor's arraySync) and typed arrays flattened first.
 */

/** Nested arrays and typed arrays as one flat list of numbers. */
export const flat = (a: unknown): number[] =>
  Array.isArray(a)
    ? a.flatMap(flat)
    : ArrayBuffer.isView(a)
      ? Array.from(a as unknown as ArrayLike<number>)
      : [a as number];

/** The largest |a_i − b_i| (NaN where either holds a NaN); the test fails on unequal lengths. */
export function maxAbsDiff(a: unknown, b: unknown): number {
  const x = flat(a);
  const y = flat(b);
  expect(x).toHaveLength(y.length);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}
