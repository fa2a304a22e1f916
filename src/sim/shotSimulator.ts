import * as tf from '@tensorflow/tfjs-core';
import { shotEstimates } from './binomial';
import type { CircuitProgram } from './circuitProgram';
import { customOp } from './customOp';
import type { InputGradient, QuanvSimulator } from './simulator';

/*
 * Finite shots (docs/model.md §6) on top of any simulator: what hardware would report.
 * - forward: each ⟨Z_j⟩ of each window is estimated from `shots` measurements (shotEstimates);
 * - backward: the parameter-shift rule on shot estimates. For every parameter, the circuits with
 *   that angle shifted by ±π/2 are run (by the wrapped simulator, exactly) and each estimated from
 *   `shots` shots; ∂/∂θ_i ≈ Σ dy·(Ê₊ − Ê₋)/2. Under `exact`, the same per encoding angle (x shifted
 *   by ±1/2, since the angle is π·x; factor π). Under `measured` the windows get no gradient.
 * Every draw comes from `random`, so a seeded stream gives the same numbers every time. The
 * exact values are read back synchronously for sampling: fine on `cpu`, `wasm` and `webgl`, but
 * tfjs's `webgpu` backend reads synchronously through a canvas, which returns wrong numbers on
 * SwiftShader (e2e/webgpuKernel.spec.ts saw |error| 0.65), so shots refuse to run there.
 */

/** Why shots do not run on the webgpu backend, for the run's error notice. */
export const SHOTS_NEED_SYNC_READ =
  'finite shots need a synchronous read-back of each circuit’s values, which the webgpu backend ' +
  'does not do reliably: choose the wasm or cpu backend (add ?backend=wasm to the address), or ' +
  'set shots=0';

export interface ShotNoise {
  /**
   * The expected norm of the shot noise in the last backward pass's parameter gradient: the
   * spread of the estimate of a gradient that is exactly zero, √(Σ_i Var ĝ_i) with
   * Var ĝ_i = Σ dy²·[(1 − z₊²) + (1 − z₋²)]/(4·shots).
   */
  readonly gradientNoise: number;
}

export interface ShotSimulator extends QuanvSimulator {
  /** The noise of the last backward pass (0 before one). */
  lastNoise(): ShotNoise;
}

export function withShots(
  inner: QuanvSimulator,
  shots: number,
  random: () => number,
): ShotSimulator {
  let noise: ShotNoise = { gradientNoise: 0 };
  /** Exact ⟨Z⟩ of the wrapped simulator, read back (no gradient recorded). */
  const exact = (program: CircuitProgram, windows: tf.Tensor2D, params: tf.Tensor) =>
    tf.tidy(() => inner.expectZ(program, windows, params, 'measured').dataSync() as Float32Array);

  const op = (program: CircuitProgram, inputGradient: InputGradient) =>
    customOp<(w: tf.Tensor2D, p: tf.Tensor) => tf.Tensor2D>(
      (windows: tf.Tensor2D, params: tf.Tensor) => {
        if (tf.getBackend() === 'webgpu') throw new Error(SHOTS_NEED_SYNC_READ);
        const [count, n] = windows.shape;
        // Copies: the inputs may be disposed before the backward pass runs.
        const x = Float32Array.from(windows.dataSync() as Float32Array);
        const angles = Float32Array.from(params.dataSync() as Float32Array);
        const shape = params.shape;
        const value = tf.tensor2d(shotEstimates(exact(program, windows, params), shots, random), [
          count,
          n,
        ]);
        return {
          value,
          gradFunc: (dy: tf.Tensor) => {
            const d = dy.dataSync() as Float32Array;
            const xs = tf.tensor2d(x, [count, n]);
            let variance = 0;
            /** Both shifted circuits: their exact values and their shot estimates. */
            const shifted = (plus: tf.Tensor, minus: tf.Tensor, xPlus = xs, xMinus = xs) => {
              const zPlus = exact(program, xPlus, plus);
              const zMinus = exact(program, xMinus, minus);
              const ePlus = shotEstimates(zPlus, shots, random);
              const eMinus = shotEstimates(zMinus, shots, random);
              return { zPlus, zMinus, ePlus, eMinus };
            };
            const gradParams = new Float32Array(angles.length);
            for (let i = 0; i < angles.length; i++) {
              const at = (by: number) => {
                const a = Float32Array.from(angles);
                a[i] += by;
                return tf.tensor(a, shape);
              };
              const plus = at(Math.PI / 2);
              const minus = at(-Math.PI / 2);
              const s = shifted(plus, minus);
              tf.dispose([plus, minus]);
              let g = 0;
              let v = 0;
              for (let k = 0; k < d.length; k++) {
                g += (d[k] * (s.ePlus[k] - s.eMinus[k])) / 2;
                v += d[k] * d[k] * (2 - s.zPlus[k] ** 2 - s.zMinus[k] ** 2);
              }
              gradParams[i] = g;
              variance += v / (4 * shots);
            }
            noise = { gradientNoise: Math.sqrt(variance) };
            let gradWindows: tf.Tensor;
            if (inputGradient === 'exact') {
              const same = tf.tensor(angles, shape);
              const dx = new Float32Array(x.length);
              for (let q = 0; q < n; q++) {
                const at = (by: number) => {
                  const moved = Float32Array.from(x);
                  for (let w = 0; w < count; w++) moved[w * n + q] += by;
                  return tf.tensor2d(moved, [count, n]);
                };
                const xPlus = at(0.5);
                const xMinus = at(-0.5);
                const s = shifted(same, same, xPlus, xMinus);
                tf.dispose([xPlus, xMinus]);
                for (let w = 0; w < count; w++) {
                  let g = 0;
                  for (let j = 0; j < n; j++) {
                    const k = w * n + j;
                    g += d[k] * (s.ePlus[k] - s.eMinus[k]);
                  }
                  dx[w * n + q] = (Math.PI * g) / 2;
                }
              }
              gradWindows = tf.tensor2d(dx, [count, n]);
              same.dispose();
            } else {
              gradWindows = tf.zeros([count, n]);
            }
            xs.dispose();
            return [gradWindows, tf.tensor(gradParams, shape)];
          },
        };
      },
    );

  return {
    name: `${inner.name}, ${shots} shots`,
    expectZ: (program, windows, params, inputGradient) =>
      op(program, inputGradient)(windows, params),
    lastNoise: () => noise,
  };
}
