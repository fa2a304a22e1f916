import * as tf from '@tensorflow/tfjs';

/** cos and sin of a tensor, stacked on a new leading axis: [2, ...shape]. */
export type CosSin = (x: tf.Tensor) => tf.Tensor;

/** The backend's own kernels: exact enough on the CPU, WebGL and wasm. */
export const nativeCosSin: CosSin = (x) => tf.stack([tf.cos(x), tf.sin(x)]);

/*
 * WGSL allows sin and cos an absolute error of 2⁻¹¹ (on [-π, π]), and WebGPU on SwiftShader
 * shows 1.9·10⁻⁴: enough to move a layer's gradient norm by 0.4%. This version is exact to
 * float32 on every backend: reduce to [-π, π], evaluate degree-9/8 Taylor polynomials at a
 * quarter of the angle (|q| ≤ π/4, truncation < 3·10⁻⁸), then double the angle twice.
 * About 30 elementwise ops instead of 2, so it is used where the native kernels are not
 * precise enough (the webgpu backend).
 */
const TWO_PI = 2 * Math.PI;

function horner(q2: tf.Tensor, coefficients: readonly number[]): tf.Tensor {
  // c0 + q2·(c1 + q2·(c2 + …))
  let acc: tf.Tensor = tf.scalar(coefficients[coefficients.length - 1]);
  for (let i = coefficients.length - 2; i >= 0; i--) acc = tf.add(tf.mul(acc, q2), coefficients[i]);
  return acc;
}

function preciseValues(x: tf.Tensor): [tf.Tensor, tf.Tensor] {
  const turns = tf.round(tf.div(x, TWO_PI));
  const q = tf.mul(tf.sub(x, tf.mul(turns, TWO_PI)), 0.25);
  const q2 = tf.square(q);
  let sin = tf.mul(q, horner(q2, [1, -1 / 6, 1 / 120, -1 / 5040, 1 / 362880]));
  let cos = horner(q2, [1, -1 / 2, 1 / 24, -1 / 720, 1 / 40320]);
  for (let doubling = 0; doubling < 2; doubling++) {
    const s = tf.mul(tf.mul(sin, cos), 2);
    cos = tf.sub(tf.square(cos), tf.square(sin));
    sin = s;
  }
  return [cos, sin];
}

/** Precise cos/sin; the gradient reuses the values (d cos = −sin, d sin = cos). */
export const preciseCosSin: CosSin = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
  const [cos, sin] = preciseValues(x);
  save([cos, sin]);
  return {
    value: tf.stack([cos, sin]),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [dCos, dSin] = tf.unstack(dy);
      return tf.sub(tf.mul(dSin, saved[0]), tf.mul(dCos, saved[1]));
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as CosSin;
