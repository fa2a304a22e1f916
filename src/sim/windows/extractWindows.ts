import * as tf from '../tf';
import { customOp } from '../customOp';
import { backendInMainMemory } from '../cpu/mainMemory';
import {
  gatherWindows,
  windowGeometry,
  windowSources,
  scatterWindows,
  type Padding,
} from './im2col';

export { windowGeometry, type Padding } from './im2col';

export interface ExtractedWindows {
  readonly windows: tf.Tensor2D;
  readonly outHeight: number;
  readonly outWidth: number;
}

/**
 * im2col: every k×k window of every channel, as rows. images [B, H, W, C] →
 * [B·Ho·Wo·C, k²], rows ordered (b, i, j, c), pixels within a window row-major; differentiable.
 * On `cpu` and `wasm` one loop over typed arrays (tfjs-cpu's non-contiguous slices go element
 * by element through index arrays, and were most of a training step there); on GPU backends
 * k² slices that stay on the device.
 */
export function extractWindows(
  images: tf.Tensor4D,
  kernel: number,
  stride: number,
  padding: Padding,
): ExtractedWindows {
  return backendInMainMemory()
    ? extractWindowsInMemory(images, kernel, stride, padding)
    : extractWindowsBySlices(images, kernel, stride, padding);
}

/** The same windows as extractWindowsBySlices, gathered by an index map; the gradient scatters. */
export function extractWindowsInMemory(
  images: tf.Tensor4D,
  kernel: number,
  stride: number,
  padding: Padding,
): ExtractedWindows {
  const { sources, outHeight, outWidth } = windowSources(images.shape, kernel, stride, padding);
  const k2 = kernel * kernel;
  const gather = customOp<(x: tf.Tensor4D) => tf.Tensor2D>((x: tf.Tensor4D) => {
    const out = gatherWindows(x.dataSync() as Float32Array, sources);
    return {
      value: tf.tensor2d(out, [sources.length / k2, k2]),
      gradFunc: (dy: tf.Tensor) =>
        tf.tensor4d(scatterWindows(dy.dataSync() as Float32Array, sources, x.size), x.shape),
    };
  });
  return { windows: gather(images), outHeight, outWidth };
}

/**
 * im2col from k² strided slices of the padded image (one per window position), not a loop over
 * windows: everything stays on the backend's device.
 */
export function extractWindowsBySlices(
  images: tf.Tensor4D,
  kernel: number,
  stride: number,
  padding: Padding,
): ExtractedWindows {
  return tf.tidy(() => {
    const [b, h, w, c] = images.shape;
    const rows = windowGeometry(h, kernel, stride, padding);
    const cols = windowGeometry(w, kernel, stride, padding);
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
      windows: stacked.reshape([b * rows.out * cols.out * c, kernel * kernel]) as tf.Tensor2D,
      outHeight: rows.out,
      outWidth: cols.out,
    };
  });
}
