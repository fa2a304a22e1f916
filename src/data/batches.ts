/**
 * Mini-batches in a seeded order per epoch: a run is reproducible from its seed, and resuming at
 * epoch e gives the same batches as running through it. Every batch has the same size (the last
 * batch of an epoch wraps around to the start of the shuffled order), so the backends' buffer
 * pools can reuse every allocation; this is the one batching rule of a training run.
 */
import { deriveSeed, mulberry32, permutation } from '../util/prng';

/** The order images are visited in during `epoch` (0-based) of a run with `seed`. */
export function epochOrder(count: number, seed: number, epoch: number): Uint32Array {
  return permutation(count, mulberry32(deriveSeed(seed, epoch)));
}

/** ⌈count / batchSize⌉ batches an epoch: the last one wraps when batchSize does not divide count. */
export function batchesPerEpoch(count: number, batchSize: number): number {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batches: batch size must be a positive integer, got ${batchSize}`);
  }
  return Math.ceil(count / batchSize);
}

/** The image indices of batch `index` of a shuffled order, wrapping past its end. */
export function batchIndices(order: Uint32Array, index: number, size: number): Int32Array {
  return Int32Array.from({ length: size }, (_, i) => order[(index * size + i) % order.length]);
}
