import * as tf from '../../sim/tf';
import { DEFAULT_DATA_DIR, loadMnistFromDisk } from '../../data/loadFromDisk';
import { prepareDigits } from '../../data/prepare';
import { IMAGE_SIDE } from '../config/config';
import { CLASSES } from '../network';

/*
 * Test data for the model's tests: the first real MNIST training digits, downscaled as the app
 * does, as a batch on tfjs's cpu backend (which the calling test registers).
 */

export interface MnistBatch {
  /** [count, 14, 14, 1]. */
  readonly images: tf.Tensor4D;
  readonly oneHot: tf.Tensor2D;
}

export async function mnistBatch(count: number): Promise<MnistBatch> {
  tf.enableProdMode();
  await tf.setBackend('cpu');
  const digits = prepareDigits(await loadMnistFromDisk(DEFAULT_DATA_DIR, 'train'), {
    count,
    downscale: true,
  });
  return {
    images: tf.tensor4d(digits.images, [count, IMAGE_SIDE, IMAGE_SIDE, 1]),
    oneHot: tf.oneHot(tf.tensor1d(digits.labels, 'int32'), CLASSES) as tf.Tensor2D,
  };
}
