import { toDigits, type Digits } from './digits';
import type { MnistSplit } from './mnistFormat';
import { downscaleDigits } from './pool';

export interface PrepareOptions {
  /** How many images from the start of the split (docs/model.md §2: 500 train, 200 test). */
  readonly count: number;
  /** 2×2 average pooling, 28×28 → 14×14 (docs/model.md §2 default: true). */
  readonly downscale: boolean;
}

/** Stored split → the set a run trains or tests on. Cuts first, so only `count` images are scaled. */
export function prepareDigits(data: MnistSplit, options: PrepareOptions): Digits {
  const { count, downscale } = options;
  if (!Number.isInteger(count) || count < 1 || count > data.count) {
    throw new RangeError(
      `prepareDigits: asked for ${count} ${data.split} images, it has ${data.count}`,
    );
  }
  const imageBytes = data.rows * data.cols;
  const digits = toDigits({
    ...data,
    count,
    pixels: data.pixels.subarray(0, count * imageBytes),
    labels: data.labels.subarray(0, count),
  });
  return downscale ? downscaleDigits(digits) : digits;
}
