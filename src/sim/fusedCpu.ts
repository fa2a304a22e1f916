import * as tf from '@tensorflow/tfjs';
import { customOp } from './customOp';
import { CircuitWorkspace, circuitTables, windowBackward, windowForward } from './circuitKernel';
import type { InputGradient, QuanvSimulator } from './simulator';

/**
 * The fused CPU path: the whole circuit for all windows in one custom op, forward and backward
 * by hand (circuitKernel.ts), instead of dozens of tfjs ops. Reads its inputs with dataSync, so it
 * belongs on backends whose tensors already live in main memory: `cpu` and `wasm` (Node, and the
 * browser's fallbacks). On `webgpu` or `webgl` that read-back would stall the GPU.
 */
export function createFusedCpuSimulator(): QuanvSimulator {
  const fused = (inputGradient: InputGradient) =>
    customOp<(w: tf.Tensor2D, p: tf.Tensor3D) => tf.Tensor2D>(
      (windows: tf.Tensor2D, params: tf.Tensor3D) => {
        const [count, n] = windows.shape;
        const depth = params.shape[0];
        const x = windows.dataSync() as Float32Array;
        const p = params.dataSync() as Float32Array;
        const ws = new CircuitWorkspace(circuitTables(n), depth);
        ws.setParams(p);
        const z = new Float32Array(count * n);
        for (let w = 0; w < count; w++) windowForward(ws, x, w * n, p, z, w * n);
        return {
          value: tf.tensor2d(z, [count, n]),
          gradFunc: (dy: tf.Tensor) => {
            const dz = dy.dataSync() as Float32Array;
            const gradParams = new Float64Array(p.length);
            const gradX = inputGradient === 'exact' ? new Float32Array(count * n) : null;
            for (let w = 0; w < count; w++) {
              windowBackward(ws, x, w * n, p, dz, w * n, gradParams, gradX);
            }
            return [
              gradX ? tf.tensor2d(gradX, [count, n]) : tf.zeros([count, n]),
              tf.tensor3d(Float32Array.from(gradParams), params.shape),
            ];
          },
        };
      },
    );
  const exact = fused('exact');
  const measured = fused('measured');
  return {
    name: 'fused cpu',
    expectZ: (windows, params, inputGradient) =>
      (inputGradient === 'exact' ? exact : measured)(windows, params),
  };
}
