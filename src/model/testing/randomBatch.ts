import * as tf from '../../sim/tf';
import { mulberry32 } from '../../util/prng';
import { IMAGE_SIDE } from '../config/config';
import { CLASSES } from '../network';
import type { MnistBatch } from './mnistBatch';

/**
 * A batch of uniform-noise images, one per label, from a seed: for tests that need inputs of the
 * network's shape and not digits. On tfjs's cpu backend, which this selects.
 */
export async function randomBatch(labels: readonly number[], seed: number): Promise<MnistBatch> {
  tf.enableProdMode();
  await tf.setBackend('cpu');
  const random = mulberry32(seed);
  const count = labels.length;
  return {
    images: tf.tensor4d(Float32Array.from({ length: count * IMAGE_SIDE * IMAGE_SIDE }, random), [
      count,
      IMAGE_SIDE,
      IMAGE_SIDE,
      1,
    ]),
    oneHot: tf.oneHot(tf.tensor1d([...labels], 'int32'), CLASSES) as tf.Tensor2D,
  };
}
