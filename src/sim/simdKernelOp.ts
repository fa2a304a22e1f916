import * as tf from '@tensorflow/tfjs-core';
import { compileCircuit, type CircuitProgram } from './circuitProgram';
import { customOp } from './customOp';
import { programExpectZ, programExpectZGradients, type KernelRunner } from './simdKernel';
import type { InputGradient, QuanvSimulator } from './simulator';

/**
 * The fused CPU path: the whole circuit for all windows in one custom op, run by the
 * WebAssembly SIMD kernel (simdKernel.ts, four windows per f32x4 lane group), forward and
 * adjoint backward, instead of dozens of tfjs ops. Reads its inputs with dataSync, so it belongs
 * on backends whose tensors already live in main memory: `cpu` and `wasm` (Node, and the
 * browser's fallbacks). On `webgpu` or `webgl` that read-back would stall the GPU.
 *
 * The simulator interface still passes ryrz angles [L, n, 2]; that circuit's flat parameter
 * layout (l·n + j)·2 + k is the same array row-major, so it runs as compileCircuit's ryrz
 * program. `runner` chooses one thread (default) or two (simdThreads.ts).
 */
export function createFusedCpuSimulator(runner?: () => KernelRunner | undefined): QuanvSimulator {
  const programs = new Map<string, CircuitProgram>();
  const ryrz = (qubits: number, depth: number) => {
    const key = `${qubits}:${depth}`;
    let p = programs.get(key);
    if (!p) {
      p = compileCircuit({ family: 'ryrz', qubits, depth, structureSeed: 0 });
      programs.set(key, p);
    }
    return p;
  };
  const fused = (inputGradient: InputGradient) =>
    customOp<(w: tf.Tensor2D, p: tf.Tensor3D) => tf.Tensor2D>(
      (windows: tf.Tensor2D, params: tf.Tensor3D) => {
        const [count, n] = windows.shape;
        const program = ryrz(n, params.shape[0]);
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
              tf.tensor3d(g.params, params.shape),
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
