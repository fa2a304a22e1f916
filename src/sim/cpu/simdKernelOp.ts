import * as tf from '../tf';
import type { ExtendedProgram } from '../circuit/circuitProgram';
import { customOp } from '../customOp';
import {
  programExpectZ,
  programExpectZGradients,
  sourceExpectZ,
  sourceGradients,
  type KernelRunner,
} from './simdKernel';
import type { InputGradient, QuanvSimulator } from '../simulator';

/**
 * The fused CPU path: the whole circuit program for all windows in one custom op, run by the
 * WebAssembly SIMD kernel (simdKernel.ts, four windows per f32x4 lane group), forward and
 * adjoint backward, instead of dozens of tfjs ops. Reads its inputs with dataSync, so it belongs
 * on backends whose tensors already live in main memory: `cpu` and `wasm` (Node, and the
 * browser's fallbacks). On `webgpu` or `webgl` that read-back would stall the GPU.
 * `runner` chooses one thread (default) or two (simdThreads.ts).
 */
export function createFusedCpuSimulator(runner?: () => KernelRunner | undefined): QuanvSimulator {
  const fused = (program: ExtendedProgram, inputGradient: InputGradient) =>
    customOp<(w: tf.Tensor2D, p: tf.Tensor) => tf.Tensor2D>(
      (windows: tf.Tensor2D, params: tf.Tensor) => {
        const [count, n] = windows.shape;
        const x = windows.dataSync() as Float32Array;
        const p = params.dataSync() as Float32Array;
        const r = runner?.();
        return {
          value: tf.tensor2d(programExpectZ(program, x, p, r), [count, n]),
          gradFunc: (dy: tf.Tensor) => {
            const dz = dy.dataSync() as Float32Array;
            const g = programExpectZGradients(program, x, p, dz, inputGradient, r);
            return [
              g.windows ? tf.tensor2d(g.windows, [count, n]) : tf.zeros([count, n]),
              tf.tensor(g.params, params.shape),
            ];
          },
        };
      },
    );
  return {
    name: 'fused cpu',
    extendedGates: true, // lowered to the kernel's gate kinds (circuit/kernelGates.ts)
    // All sets in one loop over the same windows, read once.
    expectZSets: (program, windows, paramSets) => {
      const [count, n] = windows.shape;
      const [sets, width] = paramSets.shape;
      const x = windows.dataSync() as Float32Array;
      const p = paramSets.dataSync() as Float32Array;
      const out = new Float32Array(sets * count * n);
      for (let s = 0; s < sets; s++) {
        const z = programExpectZ(program, x, p.subarray(s * width, (s + 1) * width), runner?.());
        out.set(z, s * count * n);
      }
      return tf.tensor2d(out, [sets * count, n]);
    },
    arrays: {
      expectZ: (program, source, p) => sourceExpectZ(program, source, p, runner?.()),
      gradients: (program, source, p, dz, inputGradient) =>
        sourceGradients(program, source, p, dz, inputGradient, runner?.()),
    },
    expectZ: (program, windows, params, inputGradient) =>
      fused(program, inputGradient)(windows, params),
  };
}
