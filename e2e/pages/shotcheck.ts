// The browser half of e2e/webgpuShots.spec.ts: finite shots (src/sim/shotSimulator.ts) on tfjs's
// webgpu backend, with the fused WebGPU kernel underneath, against the CPU. The exact values come
// from the CPU kernel (simdKernel.ts); the CPU's shot estimates are the same draws, in the same
// order from the same seed, on those values. Served by a Vite dev server the spec starts; the
// result is left on window.__shotcheck.
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients; the umbrella package did this for us.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { chooseBackend } from '../../src/engine/backend';
import { registerBrowserBackend } from '../../src/engine/backendBrowser';
import { shotEstimates, shotStream } from '../../src/sim/shots/binomial';
import { compileCircuit } from '../../src/sim/circuit/circuitProgram';
import { mulberry32 } from '../../src/util/prng';
import { prepareShots } from '../../src/sim/shots/shotSimulator';
import { programExpectZ, programExpectZGradients } from '../../src/sim/cpu/simdKernel';
import { createFusedWebgpuSimulator } from '../../src/sim/webgpu/webgpuKernelOp';

export const SHOTS = 1000;
export const WINDOWS = 1500;

export interface ShotCheck {
  readonly backend: string;
  /**
   * Forward estimates: entries, and how many differ from the CPU's draws (a float32 difference in
   * an exact value can move a draw across a boundary of the inversion; rare, but then by many counts).
   */
  readonly forward: {
    readonly entries: number;
    readonly mismatches: number;
    /** Σ(Ê − z) / N and its standard error √(Σ(1 − z²)/S)/N, z the exact values. */
    readonly meanError: number;
    readonly standardError: number;
    /** Mean of (Ê − z)²/((1 − z²)/S): 1 for the binomial spread. */
    readonly spreadRatio: number;
  };
  /** Parameter and input gradients (`exact`) against the CPU's shot gradients and the exact one. */
  readonly gradients: {
    /** ‖ĝ_webgpu − ĝ_cpu‖ over the parameters: the same draws, so far below the noise. */
    readonly paramDiffNorm: number;
    /** Share of input-gradient entries that differ from the CPU's by more than 1e-4 (relative). */
    readonly inputMismatchShare: number;
    /** ‖ĝ − g‖ over the parameters, g the exact gradient (CPU kernel). */
    readonly errorNorm: number;
    readonly noise: number;
    readonly noiseCpu: number;
    readonly exactNorm: number;
  };
  /** The gradient of a zero cotangent: every entry exactly 0. */
  readonly zeroCotangentExactlyZero: boolean;
  readonly leakedTensors: number;
  readonly seconds: number;
}

export type ShotCheckResult = ShotCheck | { readonly error: string };

declare global {
  interface Window {
    __shotcheck?: ShotCheckResult;
  }
}

const norm = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  if (a.length !== b.length) return Infinity;
  let sq = 0;
  for (let i = 0; i < a.length; i++) sq += (a[i] - b[i]) ** 2;
  return Math.sqrt(sq);
};

/** The CPU's shot estimates, in the order prepareShots draws them: base, ±π/2 per angle, ±1/2 per input. */
function cpuShots(
  program: ReturnType<typeof compileCircuit>,
  x: Float32Array,
  p: Float32Array,
  dy: Float32Array,
  seed: number,
) {
  const n = program.qubits;
  const runs: Float32Array[] = [programExpectZ(program, x, p)];
  for (let i = 0; i < p.length; i++) {
    for (const by of [Math.PI / 2, -Math.PI / 2]) {
      const shifted = Float32Array.from(p);
      shifted[i] += by;
      runs.push(programExpectZ(program, x, shifted));
    }
  }
  for (let q = 0; q < n; q++) {
    for (const by of [0.5, -0.5]) {
      const moved = Float32Array.from(x);
      for (let k = q; k < moved.length; k += n) moved[k] += by;
      runs.push(programExpectZ(program, moved, p));
    }
  }
  const size = x.length;
  const z = new Float32Array(size * runs.length);
  runs.forEach((r, i) => z.set(r, i * size));
  const e = shotEstimates(z, SHOTS, shotStream(seed));
  const at = (run: number, k: number) => e[run * size + k];
  const zAt = (run: number, k: number) => z[run * size + k];
  const params = new Float32Array(p.length);
  let variance = 0;
  for (let i = 0; i < p.length; i++) {
    for (let k = 0; k < size; k++) {
      params[i] += (dy[k] * (at(1 + 2 * i, k) - at(2 + 2 * i, k))) / 2;
      variance +=
        (dy[k] ** 2 * (2 - zAt(1 + 2 * i, k) ** 2 - zAt(2 + 2 * i, k) ** 2)) / (4 * SHOTS);
    }
  }
  const inputs = new Float32Array(size);
  const first = 1 + 2 * p.length;
  for (let q = 0; q < n; q++) {
    for (let w = 0; w < size / n; w++) {
      let g = 0;
      for (let j = 0; j < n; j++) {
        const k = w * n + j;
        g += dy[k] * (at(first + 2 * q, k) - at(first + 2 * q + 1, k));
      }
      inputs[w * n + q] = (Math.PI * g) / 2;
    }
  }
  return { z: runs[0], forward: e.subarray(0, size), params, inputs, noise: Math.sqrt(variance) };
}

async function check(backend: string): Promise<ShotCheck> {
  const started = performance.now();
  const program = compileCircuit({ family: 'strong', qubits: 4, depth: 1, structureSeed: 0 });
  const n = program.qubits;
  const random = mulberry32(17);
  const x = Float32Array.from({ length: WINDOWS * n }, () => random());
  const p = Float32Array.from({ length: program.paramCount }, () => 2 * Math.PI * random());
  const dy = Float32Array.from({ length: WINDOWS * n }, () => 2 * random() - 1);
  const seed = 23;
  const cpu = cpuShots(program, x, p, dy, seed);
  const exactGrad = programExpectZGradients(program, x, p, dy, 'exact').params;

  const tensorsBefore = tf.memory().numTensors;
  const xt = tf.tensor2d(x, [WINDOWS, n]);
  const pt = tf.tensor(p, [...program.paramShape]);
  const dyt = tf.tensor2d(dy, [WINDOWS, n]);
  const layer = await prepareShots(
    createFusedWebgpuSimulator(),
    program,
    xt,
    pt,
    SHOTS,
    shotStream(seed),
    {
      params: true,
      inputs: true,
    },
  );
  const value = layer.expectZ(program, xt, pt, 'exact');
  const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
    layer.expectZ(program, a as tf.Tensor2D, b, 'exact'),
  );
  const [gx, gp] = grads([xt, pt], dyt);
  const noiseT = layer.gradientNoise();
  const noCotangent = tf.zerosLike(dyt);
  const [zero] = tf.grads((b: tf.Tensor) => layer.expectZ(program, xt, b, 'measured'))(
    [pt],
    noCotangent,
  );
  const [e, gxv, gpv, noise, zeroV] = await Promise.all([
    value.data(),
    gx.data(),
    gp.data(),
    noiseT.data(),
    zero.data(),
  ]);
  tf.dispose([xt, pt, dyt, noCotangent, value, gx, gp, noiseT, zero]);
  layer.dispose();

  let mismatches = 0;
  let sum = 0;
  let variance = 0;
  let spread = 0;
  for (let k = 0; k < e.length; k++) {
    if (e[k] !== cpu.forward[k]) mismatches++;
    const zk = cpu.z[k];
    const v = (1 - zk * zk) / SHOTS;
    sum += e[k] - zk;
    variance += v;
    spread += (e[k] - zk) ** 2 / Math.max(v, 1e-12);
  }
  let inputMismatches = 0;
  for (let k = 0; k < gxv.length; k++)
    if (Math.abs(gxv[k] - cpu.inputs[k]) > 1e-4 * Math.max(1, Math.abs(cpu.inputs[k])))
      inputMismatches++;
  return {
    backend,
    forward: {
      entries: e.length,
      mismatches,
      meanError: sum / e.length,
      standardError: Math.sqrt(variance) / e.length,
      spreadRatio: spread / e.length,
    },
    gradients: {
      paramDiffNorm: norm(gpv, cpu.params),
      inputMismatchShare: gxv.length === e.length ? inputMismatches / gxv.length : 1,
      errorNorm: norm(gpv, exactGrad),
      noise: noise[0],
      noiseCpu: cpu.noise,
      exactNorm: norm(exactGrad, new Float32Array(exactGrad.length)),
    },
    zeroCotangentExactlyZero: zeroV.length === p.length && zeroV.every((v) => v === 0),
    leakedTensors: tf.memory().numTensors - tensorsBefore,
    seconds: (performance.now() - started) / 1000,
  };
}

async function main(): Promise<void> {
  const choice = await chooseBackend(registerBrowserBackend, ['webgpu']);
  window.__shotcheck = await check(`${choice.name} ${choice.detail}`.trim());
  document.getElementById('out')!.textContent = JSON.stringify(window.__shotcheck, null, 1);
}

main().catch((e: unknown) => {
  window.__shotcheck = { error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  document.getElementById('out')!.textContent = JSON.stringify(window.__shotcheck, null, 1);
});
