import { describe, expect, it } from 'vitest';
import { classCounts } from './digits';
import { buildSplits } from './split';

/** Class c has `sizes[c]` 1×1 images; the pixel value encodes (class, index) uniquely. */
function classes(sizes: number[]): Uint8Array[] {
  let next = 0;
  return sizes.map((size) => Uint8Array.from({ length: size }, () => next++));
}

describe('buildSplits', () => {
  const sizes = [12, 9, 15, 10];
  const source = classes(sizes);
  const splits = buildSplits(source, { rows: 1, cols: 1, seed: 3, testPerClass: 4 });

  it('balances both splits by the smallest class', () => {
    expect(splits.trainPerClass).toBe(5);
    expect(classCounts(splits.test.labels, 4)).toEqual([4, 4, 4, 4]);
    expect(classCounts(splits.train.labels, 4)).toEqual([5, 5, 5, 5]);
    expect(splits.train.count).toBe(20);
  });

  it('keeps each image with its own label and never in both splits', () => {
    const classOf = (pixel: number) => source.findIndex((c) => c.includes(pixel));
    for (const split of [splits.train, splits.test]) {
      split.pixels.forEach((pixel, i) => expect(classOf(pixel)).toBe(split.labels[i]));
    }
    const test = new Set(splits.test.pixels);
    expect(test.size).toBe(16);
    expect([...splits.train.pixels].some((p) => test.has(p))).toBe(false);
  });

  it('orders round-robin: every prefix of 4·k has k of each class', () => {
    for (let k = 1; k <= 5; k++) {
      expect(classCounts(splits.train.labels.subarray(0, 4 * k), 4)).toEqual([k, k, k, k]);
    }
    // …but not in a fixed class order.
    const rounds = Array.from({ length: 5 }, (_, r) => [
      ...splits.train.labels.subarray(4 * r, 4 * r + 4),
    ]);
    expect(new Set(rounds.map((r) => r.join())).size).toBeGreaterThan(1);
  });

  it('is deterministic and depends on the seed', () => {
    const again = buildSplits(source, { rows: 1, cols: 1, seed: 3, testPerClass: 4 });
    expect(again).toEqual(splits);
    const other = buildSplits(source, { rows: 1, cols: 1, seed: 4, testPerClass: 4 });
    expect([...other.train.pixels]).not.toEqual([...splits.train.pixels]);
  });

  it('fails clearly when a class is too small', () => {
    expect(() => buildSplits(classes([5, 3]), { rows: 1, cols: 1, testPerClass: 3 })).toThrow(
      /smallest class has 3 images/,
    );
  });
});
