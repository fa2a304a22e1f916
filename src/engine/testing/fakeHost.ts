import * as tf from '../../sim/tf';
import '@tensorflow/tfjs-backend-cpu';
import type { Digits } from '../../data/digits';
import { DataError } from '../../data/errors';
import { mulberry32 } from '../../util/prng';
import { createFusedCpuSimulator } from '../../sim/cpu/simdKernelOp';
import type { CircuitProgram } from '../../sim/circuit/circuitProgram';
import type { InputGradient, QuanvSimulator } from '../../sim/simulator';
import type { WindowSource } from '../../sim/windows/windowSource';
import type { BackendChoice, BackendName } from '../backend';
import type { EngineEvent, EnginePort, RunState } from '../protocol';
import type { EngineHost } from '../trainingEngine';
import type { TrainingData } from '../trainingData';
import type { EpochMetrics, StepMetrics } from '../../model/metrics';
import { IMAGE_SIDE } from '../../model/config/config';

/*
 * Test fixtures for the engine: a host with tiny synthetic data, a controllable clock and
 * optional fault injection, and a port that records every event and can wait for one.
 */

/** The file a failing FakeHost says is missing. */
export const MISSING_FILE = 'public/data/mnist-train.bin';

/**
 * `count` 14×14 images, class `i % 10`: a bright row at height 2 + class over faint noise, so a
 * network can learn them. Deterministic in `seed`.
 */
function syntheticDigits(count: number, seed: number): Digits {
  const random = mulberry32(seed);
  const images = new Float32Array(count * IMAGE_SIDE * IMAGE_SIDE);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % 10;
    labels[i] = label;
    for (let p = 0; p < IMAGE_SIDE * IMAGE_SIDE; p++) {
      const row = Math.floor(p / IMAGE_SIDE);
      images[i * IMAGE_SIDE * IMAGE_SIDE + p] = row === 2 + label ? 0.9 : 0.2 * random();
    }
  }
  return { images, labels, count, height: IMAGE_SIDE, width: IMAGE_SIDE };
}

function syntheticData(train = 40, test = 20): TrainingData {
  return { train: syntheticDigits(train, 11), test: syntheticDigits(test, 12) };
}

/** Wraps a simulator; `fault(call)` may throw or return a replacement output for that call. */
export function faultySimulator(
  inner: QuanvSimulator,
  fault: (call: number, z: tf.Tensor2D) => tf.Tensor2D | void,
): QuanvSimulator & { readonly calls: () => number } {
  let calls = 0;
  const arrays = inner.arrays;
  return {
    name: `${inner.name} (with a fault)`,
    calls: () => calls,
    // The typed-array path faults the same way: its forward call is the same call.
    ...(arrays && {
      arrays: {
        ...arrays,
        expectZ(program: CircuitProgram, source: WindowSource, params: Float32Array) {
          calls += 1;
          const z = arrays.expectZ(program, source, params);
          return tf.tidy(() => {
            const tensor = tf.tensor2d(z, [z.length / program.qubits, program.qubits]);
            const faulted = fault(calls, tensor);
            return faulted ? (faulted.dataSync() as Float32Array) : z;
          });
        },
      },
    }),
    expectZ(
      program: CircuitProgram,
      windows: tf.Tensor2D,
      params: tf.Tensor,
      inputGradient: InputGradient,
    ) {
      calls += 1;
      const z = inner.expectZ(program, windows, params, inputGradient);
      return fault(calls, z) ?? z;
    },
  };
}

export interface FakeHostOptions {
  /** Backend names chooseBackend reports, first not excluded wins; tfjs itself stays on `cpu`. */
  readonly backends?: readonly BackendName[];
  /** Called for every new run (the engine asks once per configure, reset or backend switch). */
  readonly simulator?: () => QuanvSimulator;
  /** Host milliseconds that pass at each yieldToEvents, i.e. per training step. */
  readonly millisPerYield?: number;
  readonly data?: TrainingData;
  /** The first this many loadData calls fail with a DataError (a missing file). */
  readonly loadFailures?: number;
  /** What deviceError() says after each step (call n: the n-th step's check). */
  readonly deviceError?: (call: number) => string | null;
}

/** An EngineHost for tests: synthetic data, the fused CPU simulator, a fake clock. */
export class FakeHost implements EngineHost {
  clock = 0;
  readonly chooseCalls: (readonly BackendName[])[] = [];
  simulatorCalls = 0;
  private readonly backends: readonly BackendName[];
  private readonly makeSimulator: () => QuanvSimulator;
  private readonly millisPerYield: number;
  private readonly data: TrainingData;
  private loadFailures: number;
  loadCalls = 0;

  deviceErrorCalls = 0;
  private readonly deviceErrors: ((call: number) => string | null) | undefined;

  deviceError(): string | null {
    this.deviceErrorCalls += 1;
    return this.deviceErrors?.(this.deviceErrorCalls) ?? null;
  }

  constructor(options: FakeHostOptions = {}) {
    this.deviceErrors = options.deviceError;
    this.backends = options.backends ?? ['cpu'];
    this.makeSimulator = options.simulator ?? createFusedCpuSimulator;
    this.millisPerYield = options.millisPerYield ?? 0;
    this.data = options.data ?? syntheticData();
    this.loadFailures = options.loadFailures ?? 0;
  }

  async chooseBackend(exclude: readonly BackendName[]): Promise<BackendChoice> {
    this.chooseCalls.push([...exclude]);
    await tf.setBackend('cpu');
    const name = this.backends.find((b) => !exclude.includes(b)) ?? 'cpu';
    const fallbacks = exclude.map((backend) => ({ backend, reason: 'it failed earlier' }));
    return { name, fallbacks, detail: 'fake' };
  }

  simulator(): QuanvSimulator {
    this.simulatorCalls += 1;
    return this.makeSimulator();
  }

  async loadData(onProgress: (done: number, total: number) => void): Promise<TrainingData> {
    this.loadCalls += 1;
    if (this.loadFailures > 0) {
      this.loadFailures -= 1;
      throw new DataError(MISSING_FILE, 'missing', 'no such file');
    }
    onProgress(1, 1);
    return this.data;
  }

  yieldToEvents(): Promise<void> {
    this.clock += this.millisPerYield;
    return new Promise((resolve) => setImmediate(resolve));
  }

  now(): number {
    return this.clock;
  }
}

type Waiter = {
  readonly from: number;
  readonly match: (event: EngineEvent) => boolean;
  readonly resolve: (event: EngineEvent) => void;
};

/** A port that keeps every event; `waitFor` resolves on the first matching one. */
export class EventLog implements EnginePort {
  readonly events: EngineEvent[] = [];
  /** Host clock reading at each event, when a clock is attached. */
  readonly times: number[] = [];
  private waiters: Waiter[] = [];

  constructor(private readonly clock: () => number = () => 0) {}

  post(event: EngineEvent): void {
    this.events.push(event);
    this.times.push(this.clock());
    const index = this.events.length - 1;
    this.waiters = this.waiters.filter((w) => {
      if (index < w.from || !w.match(event)) return true;
      w.resolve(event);
      return false;
    });
  }

  /** The first event matching `match` at index `from` or later (default: from now on). */
  waitFor(
    match: (event: EngineEvent) => boolean,
    from = this.events.length,
    timeoutMs = 60_000,
  ): Promise<EngineEvent> {
    const found = this.events.slice(from).find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const last = this.events.slice(-5).map((e) => JSON.stringify(e).slice(0, 200));
        reject(new Error(`no matching engine event in ${timeoutMs} ms; last: ${last.join(' | ')}`));
      }, timeoutMs);
      this.waiters.push({
        from,
        match,
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event);
        },
      });
    });
  }

  /** The next `state` event with this state (from now on unless `from` is given). */
  waitForState(state: RunState, from = this.events.length): Promise<EngineEvent> {
    return this.waitFor((e) => e.type === 'state' && e.state === state, from);
  }

  ofType<T extends EngineEvent['type']>(type: T): Extract<EngineEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
  }

  /** Every step metric of one run, in arrival order. */
  steps(runId: number): StepMetrics[] {
    return this.ofType('metrics')
      .filter((m) => m.runId === runId)
      .flatMap((m) => m.steps);
  }

  epochs(runId: number): EpochMetrics[] {
    return this.ofType('metrics')
      .filter((m) => m.runId === runId)
      .flatMap((m) => m.epochs);
  }

  /** States posted so far, in order. */
  states(): RunState[] {
    return this.ofType('state').map((e) => e.state);
  }

  lastRunId(): number {
    const runs = this.ofType('run');
    return runs.length === 0 ? 0 : runs[runs.length - 1].runId;
  }
}

/** A step's numbers without its wall time, for comparing runs. */
export function withoutTime(step: StepMetrics): Omit<StepMetrics, 'millis'> {
  const { millis: _millis, ...rest } = step;
  return rest;
}

/** Resolves after `n` macrotasks: lets the engine's pump run (or prove it stays idle). */
export async function macrotasks(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}
