import * as tf from '../tf';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  extractWindowsBySlices,
  extractWindowsInMemory,
  windowGeometry,
  type Padding,
  type ExtractedWindows,
} from './extractWindows';

type Extract = (
  images: tf.Tensor4D,
  kernel: number,
  stride: number,
  padding: Padding,
) => ExtractedWindows;

/** Both ways of building the windows meet the same expectations (the app picks by backend). */
const IMPLEMENTATIONS: [string, Extract][] = [
  ['by tf.slice', extractWindowsBySlices],
  ['in memory', extractWindowsInMemory],
];

beforeAll(async () => {
  tf.enableProdMode();
  await tf.setBackend('cpu');
});

/** A [1, h, w, 1] image holding 1, 2, 3, … row-major. */
function counting(h: number, w: number): tf.Tensor4D {
  return tf.tensor4d(
    Array.from({ length: h * w }, (_, i) => i + 1),
    [1, h, w, 1],
  );
}

function windowsOf(
  extractWindows: Extract,
  images: tf.Tensor4D,
  kernel: number,
  stride: number,
  padding: Padding,
) {
  return tf.tidy(() => {
    const { windows, outHeight, outWidth } = extractWindows(images, kernel, stride, padding);
    return { rows: windows.arraySync(), outHeight, outWidth };
  });
}

/**
 * The same windows by TF's own convolution: a conv2d with one-hot [k, k, 1, k²] filters, per
 * channel. Its `same` padding is TensorFlow's (pad_total = max((out−1)·s + k − in, 0), the
 * smaller half before), so this checks extractWindows against TF's convention, not against itself.
 */
function windowsByConv(images: tf.Tensor4D, kernel: number, stride: number, padding: Padding) {
  return tf.tidy(() => {
    const [b, h, w, c] = images.shape;
    const filter = tf.cast(
      tf.oneHot(tf.range(0, kernel * kernel, 1, 'int32') as tf.Tensor1D, kernel * kernel),
      'float32',
    );
    const perChannel = images.transpose([0, 3, 1, 2]).reshape([b * c, h, w, 1]) as tf.Tensor4D;
    const conv = tf.conv2d(
      perChannel,
      filter.reshape([kernel, kernel, 1, kernel * kernel]) as tf.Tensor4D,
      stride,
      padding,
    );
    const [, ho, wo] = conv.shape;
    return conv
      .reshape([b, c, ho, wo, kernel * kernel])
      .transpose([0, 2, 3, 1, 4])
      .reshape([-1, kernel * kernel]) as tf.Tensor2D;
  });
}

describe('windowGeometry', () => {
  it("follows TensorFlow's documented formulas for same and valid padding", () => {
    for (let side = 1; side <= 20; side++) {
      for (const kernel of [2, 3]) {
        for (const stride of [1, 2, 3, 4]) {
          // same: out = ⌈in/s⌉, pad_total = max((out−1)·s + k − in, 0), pad_before = ⌊total/2⌋
          const same = windowGeometry(side, kernel, stride, 'same');
          const out = Math.ceil(side / stride);
          const total = Math.max((out - 1) * stride + kernel - side, 0);
          expect(same).toEqual({ out, before: Math.floor(total / 2), after: Math.ceil(total / 2) });
          // valid: out = ⌈(in − k + 1)/s⌉, no padding
          if (side >= kernel) {
            expect(windowGeometry(side, kernel, stride, 'valid')).toEqual({
              out: Math.ceil((side - kernel + 1) / stride),
              before: 0,
              after: 0,
            });
          }
        }
      }
    }
  });

  it('gives the hand values of the cases below', () => {
    expect(windowGeometry(3, 2, 1, 'same')).toEqual({ out: 3, before: 0, after: 1 });
    expect(windowGeometry(3, 3, 1, 'same')).toEqual({ out: 3, before: 1, after: 1 });
    expect(windowGeometry(5, 3, 2, 'same')).toEqual({ out: 3, before: 1, after: 1 });
    expect(windowGeometry(4, 2, 2, 'same')).toEqual({ out: 2, before: 0, after: 0 });
    expect(windowGeometry(14, 3, 1, 'same')).toEqual({ out: 14, before: 1, after: 1 });
    expect(windowGeometry(3, 2, 1, 'valid')).toEqual({ out: 2, before: 0, after: 0 });
    expect(windowGeometry(5, 3, 2, 'valid')).toEqual({ out: 2, before: 0, after: 0 });
  });
});

describe.each(IMPLEMENTATIONS)('extractWindows %s', (_name, extractWindows) => {
  describe('extractWindows on hand-built images', () => {
    it('2×2 kernel, stride 1, same: zero padding after (bottom/right) only', () => {
      // 1 2 3
      // 4 5 6
      // 7 8 9
      const { rows, outHeight, outWidth } = windowsOf(extractWindows, counting(3, 3), 2, 1, 'same');
      expect([outHeight, outWidth]).toEqual([3, 3]);
      expect(rows).toEqual([
        [1, 2, 4, 5],
        [2, 3, 5, 6],
        [3, 0, 6, 0],
        [4, 5, 7, 8],
        [5, 6, 8, 9],
        [6, 0, 9, 0],
        [7, 8, 0, 0],
        [8, 9, 0, 0],
        [9, 0, 0, 0],
      ]);
    });

    it('2×2 kernel, stride 1, valid', () => {
      const { rows, outHeight, outWidth } = windowsOf(
        extractWindows,
        counting(3, 3),
        2,
        1,
        'valid',
      );
      expect([outHeight, outWidth]).toEqual([2, 2]);
      expect(rows).toEqual([
        [1, 2, 4, 5],
        [2, 3, 5, 6],
        [4, 5, 7, 8],
        [5, 6, 8, 9],
      ]);
    });

    it('3×3 kernel, stride 1, same: one zero row/column on each side', () => {
      const { rows, outHeight, outWidth } = windowsOf(extractWindows, counting(3, 3), 3, 1, 'same');
      expect([outHeight, outWidth]).toEqual([3, 3]);
      expect(rows[0]).toEqual([0, 0, 0, 0, 1, 2, 0, 4, 5]);
      expect(rows[4]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(rows[8]).toEqual([5, 6, 0, 8, 9, 0, 0, 0, 0]);
      expect(rows[5]).toEqual([2, 3, 0, 5, 6, 0, 8, 9, 0]);
    });

    it('2×2 kernel, stride 2, same and valid on 4×4: the four disjoint blocks', () => {
      //  1  2  3  4
      //  5  6  7  8
      //  9 10 11 12
      // 13 14 15 16
      const expected = [
        [1, 2, 5, 6],
        [3, 4, 7, 8],
        [9, 10, 13, 14],
        [11, 12, 15, 16],
      ];
      for (const padding of ['same', 'valid'] as const) {
        const { rows, outHeight, outWidth } = windowsOf(
          extractWindows,
          counting(4, 4),
          2,
          2,
          padding,
        );
        expect([outHeight, outWidth]).toEqual([2, 2]);
        expect(rows).toEqual(expected);
      }
    });

    it('3×3 kernel, stride 2 on 5×5: same pads one on each side, valid does not', () => {
      //  1  2  3  4  5
      //  6  7  8  9 10
      // 11 12 13 14 15
      // 16 17 18 19 20
      // 21 22 23 24 25
      const same = windowsOf(extractWindows, counting(5, 5), 3, 2, 'same');
      expect([same.outHeight, same.outWidth]).toEqual([3, 3]);
      expect(same.rows[0]).toEqual([0, 0, 0, 0, 1, 2, 0, 6, 7]);
      expect(same.rows[1]).toEqual([0, 0, 0, 2, 3, 4, 7, 8, 9]);
      expect(same.rows[4]).toEqual([7, 8, 9, 12, 13, 14, 17, 18, 19]);
      expect(same.rows[8]).toEqual([19, 20, 0, 24, 25, 0, 0, 0, 0]);
      const valid = windowsOf(extractWindows, counting(5, 5), 3, 2, 'valid');
      expect([valid.outHeight, valid.outWidth]).toEqual([2, 2]);
      expect(valid.rows).toEqual([
        [1, 2, 3, 6, 7, 8, 11, 12, 13],
        [3, 4, 5, 8, 9, 10, 13, 14, 15],
        [11, 12, 13, 16, 17, 18, 21, 22, 23],
        [13, 14, 15, 18, 19, 20, 23, 24, 25],
      ]);
    });

    it('2×2 kernel, stride 3 on 5×5 valid: windows with gaps between them', () => {
      const { rows } = windowsOf(extractWindows, counting(5, 5), 2, 3, 'valid');
      expect(rows).toEqual([
        [1, 2, 6, 7],
        [4, 5, 9, 10],
        [16, 17, 21, 22],
        [19, 20, 24, 25],
      ]);
    });

    it('orders rows (batch, i, j, channel), pixels row-major within a window', () => {
      // two images of 2×3 pixels, two channels: value = 1000·b + 100·c + 10·row + col
      const values: number[] = [];
      for (let b = 0; b < 2; b++) {
        for (let r = 0; r < 2; r++) {
          for (let col = 0; col < 3; col++) {
            for (let c = 0; c < 2; c++) values.push(1000 * b + 100 * c + 10 * r + col);
          }
        }
      }
      const images = tf.tensor4d(values, [2, 2, 3, 2]);
      const { rows, outHeight, outWidth } = windowsOf(extractWindows, images, 2, 1, 'valid');
      expect([outHeight, outWidth]).toEqual([1, 2]);
      expect(rows).toEqual([
        [0, 1, 10, 11], // b 0, (0, 0), channel 0
        [100, 101, 110, 111], // b 0, (0, 0), channel 1
        [1, 2, 11, 12], // b 0, (0, 1), channel 0
        [101, 102, 111, 112],
        [1000, 1001, 1010, 1011], // b 1
        [1100, 1101, 1110, 1111],
        [1001, 1002, 1011, 1012],
        [1101, 1102, 1111, 1112],
      ]);
      images.dispose();
    });
  });

  describe('extractWindows against tf.conv2d with one-hot filters', () => {
    it('agrees for batches, channels, kernels 2 and 3, strides 1..3, both paddings', () => {
      let seed = 1;
      for (const [h, w] of [
        [5, 5],
        [6, 7],
        [14, 14],
        [4, 9],
      ]) {
        for (const kernel of [2, 3]) {
          for (const stride of [1, 2, 3]) {
            for (const padding of ['same', 'valid'] as const) {
              const images = tf.randomUniform([2, h, w, 3], 0, 1, 'float32', seed++) as tf.Tensor4D;
              const { rows, outHeight, outWidth } = windowsOf(
                extractWindows,
                images,
                kernel,
                stride,
                padding,
              );
              expect(outHeight).toBe(windowGeometry(h, kernel, stride, padding).out);
              expect(outWidth).toBe(windowGeometry(w, kernel, stride, padding).out);
              const byConv = tf.tidy(() =>
                windowsByConv(images, kernel, stride, padding).arraySync(),
              );
              expect(rows).toEqual(byConv);
              images.dispose();
            }
          }
        }
      }
    });
  });

  describe('extractWindows gradient', () => {
    /** How many windows contain pixel (r, c), by brute force over the window grid. */
    function windowCounts(h: number, w: number, kernel: number, stride: number, padding: Padding) {
      const rows = windowGeometry(h, kernel, stride, padding);
      const cols = windowGeometry(w, kernel, stride, padding);
      const counts = Array.from({ length: h }, () => new Array<number>(w).fill(0));
      for (let i = 0; i < rows.out; i++) {
        for (let j = 0; j < cols.out; j++) {
          for (let di = 0; di < kernel; di++) {
            for (let dj = 0; dj < kernel; dj++) {
              const r = i * stride + di - rows.before;
              const c = j * stride + dj - cols.before;
              if (r >= 0 && r < h && c >= 0 && c < w) counts[r][c]++;
            }
          }
        }
      }
      return counts;
    }

    const sumGradient = (images: tf.Tensor4D, kernel: number, stride: number, padding: Padding) =>
      tf.tidy(() =>
        tf
          .grad((x: tf.Tensor) =>
            tf.sum(extractWindows(x as tf.Tensor4D, kernel, stride, padding).windows),
          )(images)
          .arraySync(),
      ) as number[][][][];

    it('of Σ windows counts the windows each pixel is in (hand values, 3×3, k = 2, same)', () => {
      const g = sumGradient(counting(3, 3), 2, 1, 'same');
      expect(g[0].map((row) => row.map((v) => v[0]))).toEqual([
        [1, 2, 2],
        [2, 4, 4],
        [2, 4, 4],
      ]);
    });

    it('of Σ windows counts windows for every stride and padding (zero where no window reaches)', () => {
      for (const kernel of [2, 3]) {
        for (const stride of [1, 2, 3]) {
          for (const padding of ['same', 'valid'] as const) {
            const images = tf.ones([1, 7, 6, 2]) as tf.Tensor4D;
            const g = sumGradient(images, kernel, stride, padding);
            const counts = windowCounts(7, 6, kernel, stride, padding);
            for (const channel of [0, 1]) {
              expect(g[0].map((row) => row.map((v) => v[channel]))).toEqual(counts);
            }
            images.dispose();
          }
        }
      }
    });

    it("of a weighted sum equals the conv2d route's gradient", () => {
      const images = tf.randomUniform([2, 6, 5, 2], 0, 1, 'float32', 3) as tf.Tensor4D;
      for (const [kernel, stride, padding] of [
        [2, 1, 'same'],
        [3, 2, 'same'],
        [3, 1, 'valid'],
      ] as const) {
        const [ours, theirs] = tf.tidy(() => {
          const rows = extractWindows(images, kernel, stride, padding).windows.shape[0];
          const weights = tf.randomUniform([rows, kernel * kernel], -1, 1, 'float32', 4);
          const viaWindows = tf.grad((x: tf.Tensor) =>
            tf.sum(
              tf.mul(extractWindows(x as tf.Tensor4D, kernel, stride, padding).windows, weights),
            ),
          )(images);
          const viaConv = tf.grad((x: tf.Tensor) =>
            tf.sum(tf.mul(windowsByConv(x as tf.Tensor4D, kernel, stride, padding), weights)),
          )(images);
          return [viaWindows.dataSync(), viaConv.dataSync()];
        });
        const worst = Math.max(...Array.from(ours, (v, i) => Math.abs(v - theirs[i])));
        expect(worst).toBeLessThan(1e-5);
      }
      images.dispose();
    });
  });

  describe('extractWindows memory', () => {
    it('leaves only its result behind', () => {
      const images = tf.randomUniform([2, 5, 5, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
      const before = tf.memory().numTensors;
      for (const stride of [1, 2]) {
        const { windows } = extractWindows(images, 3, stride, 'same');
        expect(tf.memory().numTensors).toBe(before + 1);
        windows.dispose();
      }
      expect(tf.memory().numTensors).toBe(before);
      images.dispose();
    });
  });
});
