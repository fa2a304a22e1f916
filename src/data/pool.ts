/**
 * 2×2 average pooling, the docs/model.md §2 downscale from 28×28 to 14×14. An odd last row or column is
 * dropped, like tf.avgPool with 'valid' padding, so results match a tfjs pipeline.
 */
import type { Digits } from './digits';

/** Pools `count` consecutive height × width images; returns count × ⌊h/2⌋ × ⌊w/2⌋ values. */
export function avgPool2x2(
  images: Float32Array,
  height: number,
  width: number,
  count = 1,
): Float32Array {
  if (images.length !== count * height * width) {
    throw new RangeError(
      `avgPool2x2: ${images.length} values are not ${count} images of ${height}×${width}`,
    );
  }
  const outH = Math.floor(height / 2);
  const outW = Math.floor(width / 2);
  const out = new Float32Array(count * outH * outW);
  let o = 0;
  for (let n = 0; n < count; n++) {
    const base = n * height * width;
    for (let r = 0; r < outH; r++) {
      const top = base + 2 * r * width;
      const bottom = top + width;
      for (let c = 0; c < outW; c++) {
        const x = 2 * c;
        out[o++] =
          (images[top + x] + images[top + x + 1] + images[bottom + x] + images[bottom + x + 1]) / 4;
      }
    }
  }
  return out;
}

/** The same set at half resolution (28×28 → 14×14). */
export function downscaleDigits(digits: Digits): Digits {
  return {
    ...digits,
    images: avgPool2x2(digits.images, digits.height, digits.width, digits.count),
    height: Math.floor(digits.height / 2),
    width: Math.floor(digits.width / 2),
  };
}
