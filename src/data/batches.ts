/**
 * Mini-batches in a seeded order per epoch: a run is reproducible from its seed, and resuming at
 * epoch e gives the same batches as running through it.
 */
import type { Digits } from './digits';
import { deriveSeed, mulberry32, permutation } from '../util/prng';

/** The order images are visited in during `epoch` (0-based) of a run with `seed`. */
export function epochOrder(count: number, seed: number, epoch: number): Uint32Array {
  return permutation(count, mulberry32(deriveSeed(seed, epoch)));
}

/** Copies the images at `indices` into a new set, in that order. */
export function gather(digits: Digits, indices: ArrayLike<number>): Digits {
  const size = digits.height * digits.width;
  const images = new Float32Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const source = indices[i] * size;
    images.set(digits.images.subarray(source, source + size), i * size);
    labels[i] = digits.labels[indices[i]];
  }
  return { images, labels, count: indices.length, height: digits.height, width: digits.width };
}

/** ⌈count / batchSize⌉: the last batch is smaller when batchSize does not divide count. */
export function batchesPerEpoch(count: number, batchSize: number): number {
  return Math.ceil(count / batchSize);
}

/** Every batch of one epoch, each holding its own copies of its images. */
export function batches(digits: Digits, batchSize: number, seed: number, epoch: number): Digits[] {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batches: batch size must be a positive integer, got ${batchSize}`);
  }
  const order = epochOrder(digits.count, seed, epoch);
  const result: Digits[] = [];
  for (let start = 0; start < order.length; start += batchSize) {
    result.push(gather(digits, order.subarray(start, start + batchSize)));
  }
  return result;
}
