import * as tf from '../tf';
import { customOp } from '../customOp';
import { backendInMainMemory } from '../cpu/mainMemory';

/**
 * The mean over a quanv layer's channel axis: [B, H, W, C, n] → [B, H, W, n] (docs/model.md:
 * one filter shared across channels, then averaged). On `cpu` and `wasm` one loop each way:
 * tfjs-cpu's mean, and above all its gradient (a broadcasting multiply it runs element by
 * element through index arithmetic), took ~40% of a default training step there. On GPU
 * backends tf.mean stays on the device.
 */
export function channelMean(z: tf.Tensor5D): tf.Tensor4D {
  if (!backendInMainMemory()) return tf.mean(z, 3) as tf.Tensor4D;
  return meanOp(z);
}

const meanOp = customOp<(z: tf.Tensor5D) => tf.Tensor4D>((z: tf.Tensor5D) => {
  const [b, h, w, c, n] = z.shape;
  const cells = b * h * w;
  return {
    value: tf.tensor4d(meanOverChannels(z.dataSync() as Float32Array, cells, c, n), [b, h, w, n]),
    gradFunc: (dy: tf.Tensor) =>
      tf.tensor5d(spreadOverChannels(dy.dataSync() as Float32Array, cells, c, n), [b, h, w, c, n]),
  };
});

/** values [cells, c, n] → their mean over c, [cells, n]. */
export function meanOverChannels(
  values: Float32Array,
  cells: number,
  c: number,
  n: number,
): Float32Array {
  const out = new Float32Array(cells * n);
  for (let cell = 0; cell < cells; cell++) {
    const src = cell * c * n;
    const dst = cell * n;
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let ch = 0; ch < c; ch++) sum += values[src + ch * n + j];
      out[dst + j] = sum / c;
    }
  }
  return out;
}

/** meanOverChannels' adjoint: each cell's cotangent [cells, n] shared out over c, divided by c. */
export function spreadOverChannels(
  cotangent: Float32Array,
  cells: number,
  c: number,
  n: number,
): Float32Array {
  const dz = new Float32Array(cells * c * n);
  const share = 1 / c;
  let at = 0;
  for (let cell = 0; cell < cells; cell++) {
    const from = cell * n;
    for (let ch = 0; ch < c; ch++) {
      for (let j = 0; j < n; j++) dz[at++] = cotangent[from + j] * share;
    }
  }
  return dz;
}
