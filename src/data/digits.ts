/**
 * The dataset value the model trains on: float pixels in [0, 1], independent of tfjs so it can
 * cross to a worker (structured clone) and be tested without a backend.
 */
import type { MnistSplit } from './mnistFormat';

export interface Digits {
  /** count × height × width, row-major, values in [0, 1]. */
  readonly images: Float32Array;
  readonly labels: Uint8Array;
  readonly count: number;
  readonly height: number;
  readonly width: number;
}

/** Scales stored bytes 0..255 to [0, 1]; copies, so the result does not pin the file's buffer. */
export function toDigits(data: MnistSplit): Digits {
  const images = new Float32Array(data.pixels.length);
  for (let i = 0; i < images.length; i++) images[i] = data.pixels[i] / 255;
  return {
    images,
    labels: data.labels.slice(),
    count: data.count,
    height: data.rows,
    width: data.cols,
  };
}

/** The first n images (copies). The split's order makes any prefix of 10·k exactly balanced. */
export function takeFirst(digits: Digits, n: number): Digits {
  if (!Number.isInteger(n) || n < 0 || n > digits.count) {
    throw new RangeError(`takeFirst: asked for ${n} images, the set has ${digits.count}`);
  }
  const size = digits.height * digits.width;
  return {
    ...digits,
    images: digits.images.slice(0, n * size),
    labels: digits.labels.slice(0, n),
    count: n,
  };
}

/** The image at `index` as a height × width view (no copy). */
export function imageAt(digits: Digits, index: number): Float32Array {
  const size = digits.height * digits.width;
  return digits.images.subarray(index * size, (index + 1) * size);
}

/** How many images of each class 0 … classes-1. */
export function classCounts(labels: Uint8Array, classes = 10): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const label of labels) counts[label]++;
  return counts;
}
