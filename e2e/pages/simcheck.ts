// The browser half of e2e/webgpuKernel.spec.ts: on tfjs's webgpu backend, the fused WebGPU kernel's
// ⟨Z⟩ and gradients against the CPU kernel, for every circuit family, (simdKernel.ts, WebAssembly SIMD, float32, itself
// tested against jsqubits), for several circuit shapes and both gradient semantics. Served by a Vite dev
// server the spec starts; the result is left on window.__simcheck.
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients; the umbrella package did this for us.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { chooseBackend } from '../../src/engine/backend';
import { registerBrowserBackend } from '../../src/engine/backendBrowser';
import { mulberry32 } from '../../src/util/prng';
import {
  CIRCUIT_FAMILIES,
  compileCircuit,
  type CircuitFamily,
  type ExtendedProgram,
} from '../../src/sim/circuit/circuitProgram';
import { EXTENDED_CASES, randomExtendedProgram } from '../../src/sim/testing/extendedCircuits';
import { deadParameters, withoutDeadRotations } from '../../src/sim/circuit/deadParameters';
import { programExpectZ, programExpectZGradients } from '../../src/sim/cpu/simdKernel';
import {
  countWebgpuDispatches,
  createFusedWebgpuSimulator,
} from '../../src/sim/webgpu/webgpuKernelOp';
import type { InputGradient, QubitCount } from '../../src/sim/simulator';
import { maxError } from './maxError';

export interface SimCheckCase {
  readonly family: CircuitFamily;
  /** A circuit of the wider gate set: the gate kind it concentrates on (extendedCircuits.ts). */
  readonly focus?: string;
  readonly qubits: QubitCount;
  readonly depth: number;
  readonly semantics: InputGradient;
  readonly windows: number;
  /** Largest |webgpu − cpu| / max(1, |cpu|) over the entries of each result. */
  readonly error: { readonly z: number; readonly params: number; readonly x: number };
  /** Largest |cpu| entry of each result: the scale the errors are relative to. */
  readonly scale: { readonly z: number; readonly params: number; readonly x: number };
  /** Compute dispatches of one forward and of one forward + backward pass. */
  readonly dispatches: { readonly forward: number; readonly forwardBackward: number };
  /** The program without its dead rotations: how many dead angles, and their largest |∂|. */
  readonly dead: { readonly count: number; readonly largest: number };
  /** Tensors alive after the case that were not before it (should be none). */
  readonly leakedTensors: number;
  readonly seconds: number;
}

export type SimCheckResult =
  | {
      readonly backend: string;
      readonly cases: SimCheckCase[];
      /** The wider gate set: every gate kind and encoding, and random custom circuits. */
      readonly extended: SimCheckCase[];
    }
  | { readonly error: string };

declare global {
  interface Window {
    __simcheck?: SimCheckResult;
  }
}

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}

async function checkCase(
  family: CircuitFamily,
  qubits: QubitCount,
  depth: number,
  semantics: InputGradient,
  windows: number,
): Promise<SimCheckCase> {
  const program = compileCircuit({ family, qubits, depth, structureSeed: 5 + depth });
  return checkProgram(program, semantics, windows);
}

async function checkProgram(
  program: ExtendedProgram,
  semantics: InputGradient,
  windows: number,
  focus?: string,
): Promise<SimCheckCase> {
  const { family, qubits, depth } = program;
  const started = performance.now();
  const seed = focus ? program.structureSeed : 1000 * qubits + 10 * depth;
  const random = mulberry32(seed + (semantics === 'exact' ? 1 : 2));
  // Inputs beyond [0, 1] (residual sums are not clipped) and angles beyond 2π, so the shader's
  // trig range reduction is exercised; a window count that is not a multiple of the workgroup.
  const x = Float32Array.from({ length: windows * qubits }, () => -0.5 + 3 * random());
  const p = Float32Array.from({ length: program.paramCount }, () => -8 + 22 * random());
  const dz = Float32Array.from({ length: windows * qubits }, () => -1 + 2 * random());

  // The reference: the CPU kernel on the same program.
  const zCpu = programExpectZ(program, x, p);
  const cpuGrads = programExpectZGradients(program, x, p, dz, semantics);
  const gpCpu = cpuGrads.params;
  const gxCpu = cpuGrads.windows ?? new Float32Array(windows * qubits);

  const simulator = createFusedWebgpuSimulator();
  const tensorsBefore = tf.memory().numTensors;
  const xt = tf.tensor2d(x, [windows, qubits]);
  const pt = tf.tensor(p, [...program.paramShape]);
  const dzt = tf.tensor2d(dz, [windows, qubits]);
  const forward = countWebgpuDispatches(() => simulator.expectZ(program, xt, pt, semantics));
  // The loss Σ dz·⟨Z⟩ through tf.grads' own dy, so every dispatch counted is the simulator's.
  const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
    simulator.expectZ(program, a as tf.Tensor2D, b, semantics),
  );
  const both = countWebgpuDispatches(() => grads([xt, pt], dzt));
  const [gx, gp] = both.result;
  const [zGpu, gxGpu, gpGpu] = await Promise.all([forward.result.data(), gx.data(), gp.data()]);
  // The network runs the program without its dead rotations: their gradients must be exactly 0.
  const dead = deadParameters(program);
  const executed = withoutDeadRotations(program);
  const gExecuted = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
    simulator.expectZ(executed, a as tf.Tensor2D, b, semantics),
  )([xt, pt], dzt);
  const gpExecuted = await gExecuted[1].data();
  tf.dispose([xt, pt, dzt, forward.result, gx, gp, ...gExecuted]);
  const deadGradients = dead.flatMap((isDead, i) => (isDead ? [Math.abs(gpExecuted[i])] : []));

  return {
    family,
    focus,
    qubits: qubits as QubitCount,
    depth,
    semantics,
    windows,
    error: {
      z: maxError(zGpu, zCpu),
      params: maxError(gpGpu, gpCpu),
      x: maxError(gxGpu, gxCpu),
    },
    scale: { z: maxAbs(zCpu), params: maxAbs(gpCpu), x: maxAbs(gxCpu) },
    dispatches: { forward: forward.dispatches, forwardBackward: both.dispatches },
    dead: { count: deadGradients.length, largest: Math.max(0, ...deadGradients) },
    leakedTensors: tf.memory().numTensors - tensorsBefore,
    seconds: (performance.now() - started) / 1000,
  };
}

async function main(): Promise<void> {
  const choice = await chooseBackend(registerBrowserBackend, ['webgpu']);
  const cases: SimCheckCase[] = [];
  const out = document.getElementById('out')!;
  const push = (c: SimCheckCase) => {
    cases.push(c);
    out.textContent = `${cases.length} cases done; last ${c.family} ${c.qubits}q L=${c.depth}`;
    console.log(out.textContent);
  };
  // Every family: 4 qubits at L = 1–3 under both semantics, 9 qubits at L = 1 and 3 (exact).
  for (const family of CIRCUIT_FAMILIES) {
    for (const depth of [1, 2, 3]) {
      for (const semantics of ['exact', 'measured'] as const) {
        push(await checkCase(family, 4, depth, semantics, 150));
      }
    }
    for (const depth of [1, 3]) push(await checkCase(family, 9, depth, 'exact', 40));
  }
  // The wider gate set: per gate kind a 4-qubit circuit (exact; the first two measured too), two
  // 9-qubit circuits of everything, and random custom circuits.
  const extended: SimCheckCase[] = [];
  for (const [i, { focus, program }] of EXTENDED_CASES.entries()) {
    for (const semantics of i < 2 ? (['exact', 'measured'] as const) : (['exact'] as const)) {
      extended.push(await checkProgram(program, semantics, program.qubits === 4 ? 70 : 20, focus));
    }
  }
  for (const seed of [31, 32]) {
    extended.push(await checkProgram(randomExtendedProgram(4, 40, seed), 'exact', 70, 'random'));
  }
  window.__simcheck = { backend: `${choice.name} ${choice.detail}`.trim(), cases, extended };
  document.getElementById('out')!.textContent = JSON.stringify(window.__simcheck, null, 1);
}

main().catch((e: unknown) => {
  window.__simcheck = { error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  document.getElementById('out')!.textContent = JSON.stringify(window.__simcheck, null, 1);
});
