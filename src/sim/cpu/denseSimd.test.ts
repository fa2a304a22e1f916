import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../util/prng';
import { denseSimd, type DenseShape } from './denseSimd';

/*
 * The dense head in WebAssembly keeps several sums side by side, but each in the order of the
 * plain loops: features in four f32x4 lanes, the lanes added 0 + 1 + 2 + 3, then the tail
 * features, then the bias; ∂/∂x over the classes in order, ∂/∂W over the rows in order. This
 * float32 reference does exactly that, so the results must be the same bits.
 */
const f32 = Math.fround;

function referenceLogits(x: Float32Array, w: Float32Array, b: Float32Array, s: DenseShape) {
  const { rows, features, classes } = s;
  const whole = features & ~3;
  const out = new Float32Array(rows * classes);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < classes; k++) {
      const lanes = [0, 0, 0, 0];
      for (let f = 0; f < whole; f++) {
        lanes[f % 4] = f32(lanes[f % 4] + f32(x[r * features + f] * w[f * classes + k]));
      }
      let sum = f32(f32(f32(lanes[0] + lanes[1]) + lanes[2]) + lanes[3]);
      for (let f = whole; f < features; f++) {
        sum = f32(sum + f32(x[r * features + f] * w[f * classes + k]));
      }
      out[r * classes + k] = f32(sum + b[k]);
    }
  }
  return out;
}

function referenceGradients(x: Float32Array, w: Float32Array, d: Float32Array, s: DenseShape) {
  const { rows, features, classes } = s;
  const input = new Float32Array(rows * features);
  const weights = new Float32Array(features * classes);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < features; f++) {
      let sum = 0;
      for (let k = 0; k < classes; k++)
        sum = f32(sum + f32(d[r * classes + k] * w[f * classes + k]));
      input[r * features + f] = sum;
    }
  }
  for (let f = 0; f < features; f++) {
    for (let k = 0; k < classes; k++) {
      let sum = 0;
      for (let r = 0; r < rows; r++) sum = f32(sum + f32(d[r * classes + k] * x[r * features + f]));
      weights[f * classes + k] = sum;
    }
  }
  return { input, weights };
}

describe('the dense head in WebAssembly SIMD', () => {
  it.each([
    [16, 784, 10],
    [7, 785, 3],
    [5, 6, 9],
    [3, 21, 5],
    [1, 3, 4],
  ])('gives the plain loops’ bits: %i rows, %i features, %i classes', (rows, features, classes) => {
    const random = mulberry32(rows * 1000 + features + classes);
    const values = (n: number) => Float32Array.from({ length: n }, () => random() * 2 - 1);
    const shape = { rows, features, classes };
    const x = values(rows * features);
    const w = values(features * classes);
    const b = values(classes);
    const d = values(rows * classes);
    const head = denseSimd();
    expect(Array.from(head.logits(x, w, b, shape))).toEqual(
      Array.from(referenceLogits(x, w, b, shape)),
    );
    const got = head.gradients(x, w, d, shape);
    const want = referenceGradients(x, w, d, shape);
    expect(Array.from(got.input)).toEqual(Array.from(want.input));
    expect(Array.from(got.weights)).toEqual(Array.from(want.weights));
  });
});
