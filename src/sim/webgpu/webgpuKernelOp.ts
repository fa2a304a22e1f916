import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import * as tf from '../tf';
import { customOp } from '../customOp';
import { expectZSetsOneByOne, type InputGradient, type QuanvSimulator } from '../simulator';
import { createTfjsOpSimulator } from '../tfjsOps/tfjsOpSimulator';
import type { ExtendedProgram } from '../circuit/circuitProgram';
import {
  REDUCE_THREADS,
  backwardColumns,
  backwardWgsl,
  forwardSetsWgsl,
  forwardWgsl,
  gradXWgsl,
  programKey,
  reduceWgsl,
} from './webgpuKernel';

/**
 * The fused WebGPU path: the whole quanv circuit program of every window in one compute dispatch,
 * with custom WGSL run through tfjs-backend-webgpu's program API (`backend.runWebGPUProgram`), so
 * the tensors stay on the GPU and nothing is read back. The shaders are generated from the
 * program's gate list (wgsl/webgpuKernel.ts), so every family runs on them; float32 throughout.
 *
 * Dispatches per quanv layer and training step:
 * - forward: 1 (one invocation per window: encoding, ansatz, ⟨Z⟩);
 * - backward: 2 under `measured` (per-window parameter gradients by the adjoint method, then a
 *   reduction over windows, one workgroup per parameter), 3 under `exact` (plus ∂L/∂x, read from
 *   the per-window encoding-angle gradients: a program has one output).
 * sin and cos are evaluated in the shader by wgsl/trig.ts, exact to float32 (WGSL's builtins on
 * SwiftShader are off by 2·10⁻⁴).
 *
 * Each invocation keeps its window's 2ⁿ amplitudes (and, backward, the adjoint's 2ⁿ) in private
 * memory: 256 B per vector at 4 qubits, 4 KiB at 9. Circuits wider than MAX_FUSED_QUBITS qubits
 * fall back to the tfjs-op simulator with precise trig.
 */

export const MAX_FUSED_QUBITS = 9;

/** Windows per workgroup of the forward and backward programs. */
const WINDOW_THREADS = 64;

/** Shader source per key: building the strings is cheap, but there is no need to repeat it. */
const sources = new Map<string, string>();

function source(key: string, build: () => string): () => string {
  return () => {
    let s = sources.get(key);
    if (s === undefined) {
      s = build();
      sources.set(key, s);
    }
    return s;
  };
}

/** One invocation per window: forward (⟨Z⟩, [P, n]) or backward (per-window ∂L/∂params). */
class QuanvWindowProgram implements WebGPUProgram {
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  variableNames: string[];
  workgroupSize: [number, number, number] = [WINDOW_THREADS, 1, 1];
  getUserCode: () => string;

  /** `sets`: parameter sets of a 'forwardSets' pass (Params [sets, paramCount]). */
  constructor(
    kind: 'forward' | 'forwardSets' | 'backward',
    windows: number,
    program: ExtendedProgram,
    sets = 1,
  ) {
    const n = program.qubits;
    this.shaderKey = `quanv_${kind}_${programKey(program)}`;
    this.outputShape =
      kind === 'backward' ? [windows, backwardColumns(program)] : [sets * windows, n];
    this.dispatchLayout = { x: [0, 1] };
    this.dispatch = [Math.ceil((sets * windows) / WINDOW_THREADS), 1, 1];
    this.variableNames = kind === 'backward' ? ['Windows', 'Params', 'Dz'] : ['Windows', 'Params'];
    const build = { forward: forwardWgsl, forwardSets: forwardSetsWgsl, backward: backwardWgsl };
    this.getUserCode = source(this.shaderKey, () => build[kind](program));
  }
}

/** Σ over windows of [P, nColumns] → outputShape (the params' shape); a workgroup per parameter. */
class QuanvReduceProgram implements WebGPUProgram {
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  variableNames = ['Partials'];
  workgroupSize: [number, number, number] = [REDUCE_THREADS, 1, 1];
  getUserCode: () => string;

  constructor(paramsShape: number[], nColumns: number) {
    const nParams = paramsShape.reduce((a, b) => a * b, 1);
    this.outputShape = paramsShape;
    this.shaderKey = `quanv_reduce_${nParams}_${nColumns}`;
    this.dispatchLayout = { x: paramsShape.map((_, i) => i) };
    this.dispatch = [nParams, 1, 1];
    this.getUserCode = source(this.shaderKey, () => reduceWgsl(nParams, nColumns));
  }
}

/** ∂L/∂x [P, n] = π·∂L/∂(encoding angle) of each window. */
class QuanvGradXProgram implements WebGPUProgram {
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  variableNames = ['Partials'];
  workgroupSize: [number, number, number] = [64, 1, 1];
  size = true;
  getUserCode: () => string;

  constructor(windows: number, n: number, nParams: number) {
    this.outputShape = [windows, n];
    this.shaderKey = `quanv_gradx_${n}_${nParams}`;
    this.dispatchLayout = { x: [0, 1] };
    this.dispatch = [Math.ceil((windows * n) / 64), 1, 1];
    this.getUserCode = source(this.shaderKey, () => gradXWgsl(n, nParams));
  }
}

function run(program: WebGPUProgram, inputs: tf.Tensor[]): tf.Tensor {
  const backend = tf.backend() as unknown as WebGPUBackend;
  if (typeof backend.runWebGPUProgram !== 'function') {
    throw new Error(`the fused WebGPU simulator needs the webgpu backend, not ${tf.getBackend()}`);
  }
  return tf.engine().makeTensorFromTensorInfo(backend.runWebGPUProgram(program, inputs, 'float32'));
}

/** ⟨Z⟩ [P, n] of every window, one dispatch. */
export function fusedForward(
  program: ExtendedProgram,
  windows: tf.Tensor2D,
  params: tf.Tensor,
): tf.Tensor2D {
  const count = windows.shape[0];
  return run(new QuanvWindowProgram('forward', count, program), [windows, params]) as tf.Tensor2D;
}

/** ⟨Z⟩ [S·P, n] of every window under each of S parameter sets [S, paramCount], one dispatch. */
export function fusedForwardSets(
  program: ExtendedProgram,
  windows: tf.Tensor2D,
  paramSets: tf.Tensor2D,
): tf.Tensor2D {
  const [count] = windows.shape;
  const sets = paramSets.shape[0];
  return run(new QuanvWindowProgram('forwardSets', count, program, sets), [
    windows,
    paramSets,
  ]) as tf.Tensor2D;
}

/** Per-window gradients [P, paramCount + n] of L = Σ dz·⟨Z⟩, one dispatch. */
export function fusedBackwardPartials(
  program: ExtendedProgram,
  windows: tf.Tensor2D,
  params: tf.Tensor,
  dz: tf.Tensor2D,
): tf.Tensor2D {
  const count = windows.shape[0];
  return run(new QuanvWindowProgram('backward', count, program), [
    windows,
    params,
    dz,
  ]) as tf.Tensor2D;
}

function fusedExpectZ(program: ExtendedProgram, inputGradient: InputGradient) {
  return customOp<(w: tf.Tensor2D, p: tf.Tensor) => tf.Tensor2D>(
    (windows: tf.Tensor2D, params: tf.Tensor, save: tf.GradSaveFunc) => {
      save([windows, params]);
      return {
        value: fusedForward(program, windows, params),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [x, p] = saved as [tf.Tensor2D, tf.Tensor];
          const [count, n] = x.shape;
          const partials = fusedBackwardPartials(program, x, p, dy as tf.Tensor2D);
          const gradParams = run(new QuanvReduceProgram(p.shape, partials.shape[1]), [partials]);
          const gradX =
            inputGradient === 'exact'
              ? run(new QuanvGradXProgram(count, n, program.paramCount), [partials])
              : tf.zeros([count, n]);
          partials.dispose();
          return [gradX, gradParams];
        },
      };
    },
  );
}

/** Whether the fused kernel runs circuits of this many qubits (the rest use the op path). */
export function fusedWebgpuSupports(qubits: number): boolean {
  return qubits >= 1 && qubits <= MAX_FUSED_QUBITS;
}

/**
 * The fused WebGPU simulator; needs the `webgpu` backend to be current. Windows that are empty,
 * or circuits it does not support, go to the tfjs-op simulator with precise trig.
 */
export function createFusedWebgpuSimulator(): QuanvSimulator {
  const fallback = createTfjsOpSimulator({ preciseTrig: true });
  return {
    name: 'fused webgpu',
    extendedGates: true, // lowered to the kernel's gate table (circuit/kernelGates.ts)
    expectZ: (program, windows, params, inputGradient) => {
      if (windows.shape[0] === 0 || !fusedWebgpuSupports(program.qubits)) {
        return fallback.expectZ(program, windows, params, inputGradient);
      }
      return fusedExpectZ(program, inputGradient)(windows, params);
    },
    expectZSets: (program, windows, paramSets) => {
      if (windows.shape[0] === 0 || !fusedWebgpuSupports(program.qubits)) {
        return expectZSetsOneByOne(fallback, program, windows, paramSets);
      }
      return fusedForwardSets(program, windows, paramSets);
    },
  };
}

/**
 * Runs f and counts the compute dispatches the current webgpu backend records meanwhile (a
 * diagnostic for the benchmark and the browser check: it wraps the backend's private
 * `recordAndSubmit`, which issues exactly one `dispatchWorkgroups` per call).
 */
export function countWebgpuDispatches<T>(f: () => T): { result: T; dispatches: number } {
  type Recorder = { recordAndSubmit?: (...args: unknown[]) => unknown };
  const backend = tf.backend() as unknown as Recorder;
  const original = backend.recordAndSubmit;
  if (typeof original !== 'function') throw new Error('not the webgpu backend');
  const own = Object.prototype.hasOwnProperty.call(backend, 'recordAndSubmit');
  let dispatches = 0;
  backend.recordAndSubmit = function (this: unknown, ...args: unknown[]) {
    dispatches++;
    return original.apply(this, args);
  };
  try {
    const result = f();
    return { result, dispatches };
  } finally {
    if (own) backend.recordAndSubmit = original;
    else delete backend.recordAndSubmit;
  }
}
