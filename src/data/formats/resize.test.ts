import { describe, expect, it } from 'vitest';
import { avgPool2x2 } from '../pool';
import { areaResize } from './resize';

describe('areaResize', () => {
  it('at 28×28 → 14×14 equals the 2×2 average pooling of the built-in data, bit for bit', () => {
    const images = Float32Array.from({ length: 2 * 28 * 28 }, (_, i) => ((i * 37) % 256) / 255);
    expect(areaResize(images, 28, 28, 14, 2)).toEqual(avgPool2x2(images, 28, 28, 2));
  });

  it('keeps the mean of the image when the factor is not an integer', () => {
    const images = Float32Array.from({ length: 5 * 5 }, (_, i) => (i % 7) / 6);
    const mean = (values: Float32Array) => values.reduce((s, v) => s + v, 0) / values.length;
    const resized = areaResize(images, 5, 5, 3);
    expect(resized).toHaveLength(9);
    expect(mean(resized)).toBeCloseTo(mean(images), 6);
  });

  it('grows a small image into blocks (2×2 → 4×4)', () => {
    const resized = areaResize(Float32Array.of(0, 1, 0.5, 0.25), 2, 2, 4);
    expect([...resized.subarray(0, 4)]).toEqual([0, 0, 1, 1]);
    expect([...resized.subarray(12, 16)]).toEqual([0.5, 0.5, 0.25, 0.25]);
  });

  it('stretches a non-square image to the square', () => {
    const resized = areaResize(Float32Array.of(1, 1, 0, 0), 1, 4, 2);
    expect([...resized]).toEqual([1, 0, 1, 0]);
  });

  it('refuses values that are not whole images', () => {
    expect(() => areaResize(new Float32Array(5), 2, 2, 1)).toThrow(/not 1 images of 2×2/);
  });
});
