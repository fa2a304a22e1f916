import { describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from './tf';

describe('src/sim/tf', () => {
  it('registers the gradients that tfjs-core alone leaves out', async () => {
    await tf.setBackend('cpu');
    const dx = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(tf.sin(x)))(tf.tensor1d([1, 2])));
    expect(Array.from(dx.dataSync())).toEqual([Math.fround(Math.cos(1)), Math.fround(Math.cos(2))]);
    dx.dispose();
  });

  it('registers the chained ops', async () => {
    await tf.setBackend('cpu');
    const y = tf.tidy(() => tf.tensor1d([1, 2]).add(tf.scalar(1)).reshape([2, 1]));
    expect(y.shape).toEqual([2, 1]);
    expect(Array.from(y.dataSync())).toEqual([2, 3]);
    y.dispose();
  });
});
