import { errorText } from '../util/errorText';
import type { ExperimentConfig } from '../model/config/config';
import { type BackendName } from './backend';

/*
 * The backend chosen by measurement (issue 22, deliverable 6): on first use of a size class, a few
 * steps of the configuration are timed on every backend that works here, the fastest is taken and
 * remembered per device (the page keeps it, src/state/page/backendMemory.ts). On a real GPU this
 * decides between the WebGPU kernel and the CPU kernel on one or two threads by what is faster,
 * not by a name. The pure parts (size class, the choice) are here; backendTiming.ts times a step.
 */

/** A way to run the math: a tfjs backend and, on `wasm`/`cpu`, the CPU kernel's threads. */
export interface BackendOption {
  readonly backend: BackendName;
  readonly threads?: 1 | 2;
}

/** One option's measurement: the median step in ms, or null with why it was skipped. */
export interface BackendTiming {
  readonly option: BackendOption;
  readonly ms: number | null;
  readonly note?: string;
}

/** What the backend panel shows: the size class, each option's step time, the choice. */
export interface BackendMeasurement {
  readonly sizeClass: string;
  readonly timings: readonly BackendTiming[];
  readonly chosen: BackendOption;
  /** How long the measurement took, every option's start and steps included. */
  readonly tookMs: number;
  /** True when the choice came from an earlier measurement on this device (none was taken now). */
  readonly remembered: boolean;
}

/** The CPU kernel's threads where two could run but one was measured faster. */
export const ONE_THREAD_MEASURED = {
  threads: 1,
  reason: 'one thread was measured faster than two for circuits of this size',
} as const;

/** "wasm, 2 threads", "webgpu". */
export function optionLabel(option: BackendOption): string {
  return option.threads
    ? `${option.backend}, ${option.threads} thread${option.threads === 2 ? 's' : ''}`
    : option.backend;
}

export function sameOption(a: BackendOption, b: BackendOption): boolean {
  return a.backend === b.backend && (a.threads ?? 0) === (b.threads ?? 0);
}

/**
 * The configurations whose fastest backend is taken to be the same: qubits per layer, the layer
 * count, the depth class (L ≤ 2 or L ≥ 3, the deepest layer), and finite shots or not. A step's
 * cost scales with these; the residual edges, the data size and the seed do not change which
 * backend wins.
 */
export function sizeClass(config: ExperimentConfig): string {
  if (config.model === 'classical' || config.layers.length === 0) return 'classical';
  const qubits = config.layers.map((l) => l.kernel * l.kernel).join(',');
  const depth = Math.max(...config.layers.map((l) => l.depth)) <= 2 ? 'L1-2' : 'L3-4';
  return `q${qubits};n${config.layers.length};${depth}${config.shots > 0 ? ';shots' : ''}`;
}

/** The fastest measured option (the first of equals), or null when none was measured. */
export function fastestOption(timings: readonly BackendTiming[]): BackendOption | null {
  let best: BackendTiming | null = null;
  for (const t of timings) if (t.ms !== null && (best?.ms == null || t.ms < best.ms)) best = t;
  return best?.option ?? null;
}

/**
 * Times each candidate (activate it, then `timeStep`); one that fails to start or to step is
 * skipped with its reason. Returns every timing and the fastest option, or null when none ran.
 */
export async function measureOptions(
  candidates: readonly BackendOption[],
  activate: (option: BackendOption) => Promise<void>,
  timeStep: (option: BackendOption) => Promise<number>,
): Promise<{ timings: BackendTiming[]; chosen: BackendOption | null }> {
  const timings: BackendTiming[] = [];
  for (const option of candidates) {
    try {
      await activate(option);
      timings.push({ option, ms: await timeStep(option) });
    } catch (e) {
      timings.push({ option, ms: null, note: `skipped: ${errorText(e)}` });
    }
  }
  return { timings, chosen: fastestOption(timings) };
}
