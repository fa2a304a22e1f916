import * as tf from '@tensorflow/tfjs';

export type Padding = 'same' | 'valid';

/** Output side and the zero padding before/after, TensorFlow's convention for `same`. */
export function patchGeometry(side: number, kernel: number, stride: number, padding: Padding) {
  if (padding === 'valid') {
    return { out: Math.floor((side - kernel) / stride) + 1, before: 0, after: 0 };
  }
  const out = Math.ceil(side / stride);
  const total = Math.max((out - 1) * stride + kernel - side, 0);
  const before = Math.floor(total / 2);
  return { out, before, after: total - before };
}

/**
 * im2col: every k×k window of every channel, as rows. images [B, H, W, C] →
 * [B·Ho·Wo·C, k²], rows ordered (b, i, j, c), pixels within a window row-major. Built from k²
 * strided slices of the padded image (one per window position), not a loop over windows.
 */
export function extractPatches(
  images: tf.Tensor4D,
  kernel: number,
  stride: number,
  padding: Padding,
): { patches: tf.Tensor2D; outHeight: number; outWidth: number } {
  return tf.tidy(() => {
    const [b, h, w, c] = images.shape;
    const rows = patchGeometry(h, kernel, stride, padding);
    const cols = patchGeometry(w, kernel, stride, padding);
    // tfjs has no gradient for stridedSlice, so a strided window is taken as a dense slice of
    // out·stride rows, reshaped to [out, stride] and cut to its first row. The extra zero rows
    // this needs at the bottom/right are dropped by that cut.
    const extraRows = Math.max(0, kernel - 1 + rows.out * stride - (h + rows.before + rows.after));
    const extraCols = Math.max(0, kernel - 1 + cols.out * stride - (w + cols.before + cols.after));
    const padded = tf.pad(images, [
      [0, 0],
      [rows.before, rows.after + extraRows],
      [cols.before, cols.after + extraCols],
      [0, 0],
    ]);
    const offsets: tf.Tensor4D[] = [];
    for (let di = 0; di < kernel; di++) {
      for (let dj = 0; dj < kernel; dj++) {
        const dense = tf.slice(
          padded,
          [0, di, dj, 0],
          [b, rows.out * stride, cols.out * stride, c],
        );
        offsets.push(
          stride === 1
            ? dense
            : (tf
                .slice(dense.reshape([b, rows.out, stride, cols.out, stride, c]), 0, [
                  b,
                  rows.out,
                  1,
                  cols.out,
                  1,
                  c,
                ])
                .reshape([b, rows.out, cols.out, c]) as tf.Tensor4D),
        );
      }
    }
    const stacked = tf.stack(offsets, 4); // [B, Ho, Wo, C, k²]
    return {
      patches: stacked.reshape([b * rows.out * cols.out * c, kernel * kernel]) as tf.Tensor2D,
      outHeight: rows.out,
      outWidth: cols.out,
    };
  });
}
