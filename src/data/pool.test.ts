import { describe, expect, it } from 'vitest';
import type { Digits } from './digits';
import { avgPool2x2, downscaleDigits } from './pool';

describe('avgPool2x2', () => {
  it('averages each 2×2 block of a 4×4 image exactly', () => {
    // prettier-ignore
    const image = Float32Array.of(
      0, 1, 2, 3,
      4, 5, 6, 7,
      8, 9, 10, 11,
      12, 13, 14, 15,
    );
    expect([...avgPool2x2(image, 4, 4)]).toEqual([2.5, 4.5, 10.5, 12.5]);
  });

  it('pools several images independently and drops an odd last row and column', () => {
    const two = Float32Array.of(1, 1, 1, 1, 0, 0, 0, 1);
    expect([...avgPool2x2(two, 2, 2, 2)]).toEqual([1, 0.25]);
    // 3×3 → 1×1: only the top-left block counts (tf.avgPool 'valid').
    expect([...avgPool2x2(Float32Array.of(1, 1, 9, 1, 1, 9, 9, 9, 9), 3, 3)]).toEqual([1]);
  });

  it('checks the size', () => {
    expect(() => avgPool2x2(new Float32Array(15), 4, 4)).toThrow(RangeError);
  });

  it('downscaleDigits halves height and width and keeps labels', () => {
    const digits: Digits = {
      images: new Float32Array(2 * 28 * 28).fill(0.5),
      labels: Uint8Array.of(3, 7),
      count: 2,
      height: 28,
      width: 28,
    };
    const small = downscaleDigits(digits);
    expect(small).toMatchObject({ count: 2, height: 14, width: 14 });
    expect(small.images.length).toBe(2 * 14 * 14);
    expect(small.images.every((v) => v === 0.5)).toBe(true);
    expect([...small.labels]).toEqual([3, 7]);
  });
});
