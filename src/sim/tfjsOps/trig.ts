import * as tf from '../tf';
import { customOp } from '../customOp';
import { COS, HALF_PI_1, HALF_PI_2, HALF_PI_3, SIN_TAIL } from '../trigConstants';

/** cos and sin of a tensor, stacked on a new leading axis: [2, ...shape]. */
export type CosSin = (x: tf.Tensor) => tf.Tensor;

/** The backend's own kernels: exact enough on the CPU, WebGL and wasm. */
export const nativeCosSin: CosSin = (x) => tf.tidy(() => tf.stack([tf.cos(x), tf.sin(x)]));

/*
 * WGSL allows sin and cos an absolute error of 2⁻¹¹ (on [-π, π]), and WebGPU on SwiftShader
 * shows 1.9·10⁻⁴: enough to move a layer's gradient norm by 0.4%. This version is exact to
 * float32 (within 2·10⁻⁷ of the true value) on every backend: reduce x = k·π/2 + r with
 * |r| ≤ π/4 (Cody–Waite: π/2 split in three float32 parts, the first two short enough that
 * k·part and x − k·C1 are exact), evaluate degree-9/10 Taylor polynomials at r (truncation
 * < 2·10⁻⁹), then pick and sign them by the quadrant k mod 4. About 30 elementwise ops instead
 * of 2, so it is used where the native kernels are not precise enough (the webgpu backend).
 * (An earlier version evaluated at r/4 and doubled the angle twice; the doublings amplified
 * float32 rounding to 4·10⁻⁷, and a one-part 2π reduction added 3·10⁻⁷ more at |x| ≈ 20.)
 */

function horner(r2: tf.Tensor, coefficients: readonly number[]): tf.Tensor {
  // c0 + r2·(c1 + r2·(c2 + …))
  let acc: tf.Tensor = tf.scalar(coefficients[coefficients.length - 1]);
  for (let i = coefficients.length - 2; i >= 0; i--) acc = tf.add(tf.mul(acc, r2), coefficients[i]);
  return acc;
}

function preciseValues(x: tf.Tensor): [tf.Tensor, tf.Tensor] {
  const k = tf.round(tf.mul(x, 2 / Math.PI));
  const r = tf.sub(
    tf.sub(tf.sub(x, tf.mul(k, HALF_PI_1)), tf.mul(k, HALF_PI_2)),
    tf.mul(k, HALF_PI_3),
  );
  const r2 = tf.square(r);
  // sin r = r + r·r²·(−1/6 + …): the leading term is added last, so it is not rounded twice.
  const s = tf.add(r, tf.mul(tf.mul(r, r2), horner(r2, SIN_TAIL)));
  const c = horner(r2, COS);
  // Quadrant m = k mod 4: sin x = s, c, −s, −c and cos x = c, −s, −c, s (small exact integers).
  const m = tf.mod(k, 4);
  const odd = tf.equal(tf.mod(k, 2), 1);
  const sinSign = tf.sub(1, tf.mul(tf.floor(tf.div(m, 2)), 2));
  const cosSign = tf.sub(1, tf.mul(tf.floor(tf.div(tf.mod(tf.add(m, 1), 4), 2)), 2));
  const sin = tf.mul(tf.where(odd, c, s), sinSign);
  const cos = tf.mul(tf.where(odd, s, c), cosSign);
  return [cos, sin];
}

/** Precise cos/sin; the gradient reuses the values (d cos = −sin, d sin = cos). */
export const preciseCosSin = customOp<CosSin>((x: tf.Tensor, save: tf.GradSaveFunc) => {
  const [cos, sin] = preciseValues(x);
  save([cos, sin]);
  return {
    value: tf.stack([cos, sin]),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [dCos, dSin] = tf.unstack(dy);
      return tf.sub(tf.mul(dSin, saved[0]), tf.mul(dCos, saved[1]));
    },
  };
});
