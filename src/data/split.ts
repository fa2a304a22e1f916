/**
 * The fixed train/test split (FORMAT.md). Pure: the script feeds it the mnist package's digits,
 * tests can feed it small synthetic classes.
 */
import type { MnistSplit, SplitName } from './mnistFormat';
import { mulberry32, permutation } from '../util/prng';

/** arXiv 2402.09146, the paper's number: any fixed value would do, this one is memorable. */
export const SPLIT_SEED = 240209146;
export const TEST_PER_CLASS = 200;

export interface SplitOptions {
  readonly rows: number;
  readonly cols: number;
  readonly seed?: number;
  readonly testPerClass?: number;
}

export interface Splits {
  readonly train: MnistSplit;
  readonly test: MnistSplit;
  /** Images per class in train; the test split has `testPerClass`. */
  readonly trainPerClass: number;
  readonly testPerClass: number;
}

/**
 * `byClass[c]` holds class c's images, rows·cols bytes each. Every class gives the same number of
 * images (the smallest class decides: `testPerClass` to test, the rest of its size to train), so
 * both splits are exactly balanced; surplus images of larger classes are left out.
 *
 * Order within a split is round-robin over the classes, in a freshly shuffled class order each
 * round, so every prefix of length 10·k holds exactly k images of each class: the app's default
 * "first 500 train, first 200 test" subsets are balanced.
 */
export function buildSplits(byClass: readonly Uint8Array[], options: SplitOptions): Splits {
  const { rows, cols, seed = SPLIT_SEED, testPerClass = TEST_PER_CLASS } = options;
  const imageBytes = rows * cols;
  const counts = byClass.map((pixels, label) => {
    if (pixels.length % imageBytes !== 0) {
      throw new RangeError(
        `class ${label}: ${pixels.length} bytes is not a whole number of images`,
      );
    }
    return pixels.length / imageBytes;
  });
  const trainPerClass = Math.min(...counts) - testPerClass;
  if (byClass.length === 0 || trainPerClass < 1) {
    throw new RangeError(
      `buildSplits: the smallest class has ${Math.min(...counts)} images; ` +
        `need more than ${testPerClass} per class`,
    );
  }

  const random = mulberry32(seed);
  // Draw each class's order first, then the interleaving, so the stream is consumed in one order.
  const orders = counts.map((count) => permutation(count, random));
  const pick = (start: number, perClass: number) =>
    orders.map((o) => o.subarray(start, start + perClass));
  const testPicks = pick(0, testPerClass);
  const trainPicks = pick(testPerClass, trainPerClass);

  const assemble = (
    split: SplitName,
    picks: readonly Uint32Array[],
    perClass: number,
  ): MnistSplit => {
    const classes = byClass.length;
    const count = perClass * classes;
    const pixels = new Uint8Array(count * imageBytes);
    const labels = new Uint8Array(count);
    let n = 0;
    for (let round = 0; round < perClass; round++) {
      for (const label of permutation(classes, random)) {
        const source = picks[label][round] * imageBytes;
        pixels.set(byClass[label].subarray(source, source + imageBytes), n * imageBytes);
        labels[n++] = label;
      }
    }
    return { split, count, rows, cols, classes, seed, pixels, labels };
  };
  const test = assemble('test', testPicks, testPerClass);
  const train = assemble('train', trainPicks, trainPerClass);
  return { train, test, trainPerClass, testPerClass };
}
