/*
 * A trainability study's settings: a typed value, validated once where it enters (the CLI, the
 * URL, the worker) with a message per mistake, before any state is allocated.
 */
import { formatBytes } from '../../util/formatBytes';
import { CIRCUIT_FAMILIES } from '../../sim/circuit/circuitProgram';
import { COSTS, type Cost } from '../../sim/trainability/costs';
import { PRESETS, type CircuitChoice } from '../../sim/trainability/presets';
import { INITS, type Init } from '../../sim/trainability/sampler';
import {
  gpuMaxQubits,
  gpuStateBytes,
  largestBinding,
  planHostBytes,
  type GpuLimits,
} from '../../sim/trainability/webgpu/gpuSizing';

export const CIRCUIT_CHOICES: readonly CircuitChoice[] = [...PRESETS, ...CIRCUIT_FAMILIES];

/**
 * Where the samples run: 'cpu' (WebAssembly SIMD, float64, one or two threads) or 'webgpu'
 * (src/sim/trainability/webgpu/, float32, in the page's worker only).
 */
export const STUDY_BACKENDS = ['cpu', 'webgpu'] as const;
export type StudyBackend = (typeof STUDY_BACKENDS)[number];

/**
 * What the settings are checked against for the WebGPU backend: the adapter's limits, why there
 * is no WebGPU here (text), or null while that is not known (the worker checks again with the
 * adapter in hand before any work).
 */
export type GpuSupport = GpuLimits | string | null;

export interface TrainabilitySettings {
  readonly circuit: CircuitChoice;
  /** Ascending, distinct. */
  readonly qubits: readonly number[];
  /** Ascending, distinct. */
  readonly depths: readonly number[];
  readonly costs: readonly Cost[];
  readonly samples: number;
  readonly init: Init;
  readonly seed: number;
  /** Absent in links from before the WebGPU path: 'cpu'. */
  readonly backend: StudyBackend;
}

export const DEFAULT_SETTINGS: TrainabilitySettings = {
  circuit: 'mcclean',
  qubits: [2, 3, 4, 5, 6],
  depths: [1, 5, 20],
  costs: ['projector'],
  samples: 200,
  init: 'uniform',
  seed: 1,
  backend: 'cpu',
};

export const MAX_DEPTH = 200;
export const MAX_SAMPLES = 100_000;
/** The CPU kernel's state memory allowance: four states of 2^n amplitudes × lanes, float64. */
export const DEFAULT_MEMORY_BYTES = 2 ** 30;
/** The fewest lanes a chunk holds (sampler.ts: chunkLanes). */
const MIN_LANES = 4;

/** Bytes of state the CPU kernel holds at n qubits: ψ and λ, real and imaginary parts, 4 lanes. */
export function stateBytes(n: number): number {
  return 4 * 8 * MIN_LANES * 2 ** n;
}

/** The largest n whose state fits `memoryBytes`. */
export function maxQubits(memoryBytes = DEFAULT_MEMORY_BYTES): number {
  let n = 1;
  while (stateBytes(n + 1) <= memoryBytes) n++;
  return n;
}

/**
 * The host's allowance for the WebGPU path's compiled circuit (plan.ts's float64 tables, which
 * it builds in the worker as the CPU path does): twice the CPU kernel's state allowance, since the
 * GPU holds the states.
 */
export const GPU_HOST_BYTES = 2 * DEFAULT_MEMORY_BYTES;

/** Why each n is past the WebGPU backend's memory, before any work: the GPU's and the host's. */
function gpuMemoryErrors(qubits: readonly number[], gpu: GpuSupport): string[] {
  if (typeof gpu === 'string') return [`backend 'webgpu': ${gpu}`];
  const errors: string[] = [];
  const limit = gpu ? gpuMaxQubits(gpu) : Infinity;
  for (const n of qubits) {
    if (n < 1) continue;
    if (gpu && n > limit) {
      errors.push(
        `n = ${n} qubits needs ${formatBytes(gpuStateBytes(n) / 2)} per state on WebGPU (ψ and λ, 2^${n} float32 amplitudes each), more than this adapter's largest buffer of ${formatBytes(largestBinding(gpu))} (maxStorageBufferBindingSize ${formatBytes(gpu.maxStorageBufferBindingSize)}, maxBufferSize ${formatBytes(gpu.maxBufferSize)}): choose n ≤ ${limit}, or the CPU backend`,
      );
      continue;
    }
    const host = planHostBytes(n);
    if (host > GPU_HOST_BYTES) {
      errors.push(
        `n = ${n} qubits needs ${formatBytes(host)} on the host for the compiled circuit (float64 tables of 2^${n} entries: the base state and the cost), more than the ${formatBytes(GPU_HOST_BYTES)} the WebGPU path may use: choose n ≤ ${Math.floor(Math.log2(GPU_HOST_BYTES / planHostBytes(0)))}`,
      );
    }
  }
  return errors;
}

/** The costs each circuit defines: a quanv layer measures ⟨Z_j⟩, so its circuits have no projector. */
export function costsFor(circuit: CircuitChoice): readonly Cost[] {
  return circuit === 'mcclean' || circuit === 'cerezo'
    ? COSTS
    : COSTS.filter((c) => c !== 'projector');
}

export type SettingsResult =
  | { readonly ok: true; readonly settings: TrainabilitySettings }
  | { readonly ok: false; readonly errors: readonly string[] };

const sortedUnique = (xs: readonly number[]) => [...new Set(xs)].sort((a, b) => a - b);

/**
 * `memoryBytes` bounds the CPU kernel's states; `gpu` what the WebGPU backend is checked
 * against (GpuSupport).
 */
export function validateSettings(
  raw: Partial<Record<keyof TrainabilitySettings, unknown>>,
  memoryBytes = DEFAULT_MEMORY_BYTES,
  gpu: GpuSupport = null,
): SettingsResult {
  const errors: string[] = [];
  const d = DEFAULT_SETTINGS;
  const circuit = (raw.circuit ?? d.circuit) as CircuitChoice;
  if (!CIRCUIT_CHOICES.includes(circuit)) {
    errors.push(`circuit '${String(raw.circuit)}' is not one of ${CIRCUIT_CHOICES.join(', ')}`);
  }
  const list = (value: unknown, name: string, fallback: readonly number[]): number[] => {
    const xs = value ?? fallback;
    if (!Array.isArray(xs) || xs.length === 0 || !xs.every((x) => Number.isInteger(x))) {
      errors.push(
        `${name} must be a non-empty list of whole numbers (got ${JSON.stringify(value)})`,
      );
      return [];
    }
    return sortedUnique(xs as number[]);
  };
  const qubits = list(raw.qubits, 'qubits', d.qubits);
  const backend = (raw.backend ?? d.backend) as StudyBackend;
  if (!STUDY_BACKENDS.includes(backend))
    errors.push(`backend '${String(raw.backend)}' is not one of ${STUDY_BACKENDS.join(', ')}`);
  const limit = maxQubits(memoryBytes);
  for (const n of qubits) {
    if (n < 1) errors.push(`n = ${n} qubits: choose at least 1`);
    else if (n > limit && backend !== 'webgpu') {
      errors.push(
        `n = ${n} qubits needs ${formatBytes(stateBytes(n))} of state on the CPU kernel, more than the ${formatBytes(memoryBytes)} it may use: choose n ≤ ${limit}`,
      );
    }
  }
  const depths = list(raw.depths, 'depths', d.depths);
  for (const L of depths) {
    if (L < 1) errors.push(`depth L = ${L} has no layer and no parameter: choose L ≥ 1`);
    else if (L > MAX_DEPTH)
      errors.push(`depth L = ${L} is past the limit: choose L ≤ ${MAX_DEPTH}`);
  }
  const costs = (raw.costs ?? d.costs) as Cost[];
  if (!Array.isArray(costs) || costs.length === 0) errors.push('choose at least one cost');
  else {
    for (const c of costs) {
      if (!COSTS.includes(c)) errors.push(`cost '${String(c)}' is not one of ${COSTS.join(', ')}`);
      else if (CIRCUIT_CHOICES.includes(circuit) && !costsFor(circuit).includes(c)) {
        errors.push(
          `cost '${c}' is undefined for the quanv circuit '${circuit}' (a quanv layer measures ⟨Z_j⟩): choose one of ${costsFor(circuit).join(', ')}`,
        );
      }
    }
  }
  const samples = raw.samples ?? d.samples;
  if (!Number.isInteger(samples) || (samples as number) < 2 || (samples as number) > MAX_SAMPLES) {
    errors.push(
      `K = ${String(samples)} samples: a variance needs at least 2 (and at most ${MAX_SAMPLES}); the default is 200`,
    );
  }
  const init = (raw.init ?? d.init) as Init;
  if (!INITS.includes(init))
    errors.push(`init '${String(raw.init)}' is not one of ${INITS.join(', ')}`);
  const seed = raw.seed ?? d.seed;
  if (!Number.isInteger(seed) || (seed as number) < 0 || (seed as number) > 0xffffffff) {
    errors.push(`seed must be a whole number from 0 to 4294967295 (got ${String(seed)})`);
  }
  if (backend === 'webgpu' && errors.length === 0) errors.push(...gpuMemoryErrors(qubits, gpu));
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      circuit,
      qubits,
      depths,
      costs: [...new Set(costs)],
      samples: samples as number,
      init,
      seed: seed as number,
      backend,
    },
  };
}
