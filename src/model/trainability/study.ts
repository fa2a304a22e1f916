/*
 * A trainability study: every (n, L, cost) case's K gradients, their statistics, and the decay
 * fit per (cost, depth). The work comes in chunks of samples so that a caller (the worker, the
 * CLI) can report progress and stop between any two; the CLI and the app run this same code.
 * Given a second thread, each case sends it the later half of its samples
 * (sim/trainability/sampleThreads.ts) and runs the first half here in chunks: every number is
 * the same as on one thread, since each sample draws from its own stream.
 */
import { deriveSeed } from '../../util/prng';
import type { Cost } from '../../sim/trainability/costs';
import { buildCircuit } from '../../sim/trainability/presets';
import {
  chunkLanes,
  emptyResult,
  GradientSampler,
  type ChunkSampler,
  type SampleResult,
  type SampleSpec,
} from '../../sim/trainability/sampler';
import { RangeAbandoned } from '../../sim/trainability/sampleHelper';
import {
  placeRange,
  sampleRange,
  type RangeResult,
  type SampleRange,
  type SampleThread,
} from '../../sim/trainability/sampleThreads';
import { fitDecay, type DecayFit } from './decayFit';
import { gradientStats } from './gradientStats';
import type { TrainabilitySettings } from './settings';

export interface TrainabilityRow {
  readonly qubits: number;
  readonly depth: number;
  readonly cost: Cost;
  readonly samples: number;
  readonly paramCount: number;
  /** Mean over parameters of Var[∂C/∂θ_k]. */
  readonly variance: number;
  readonly variancePerParam: number[];
  /** Bootstrap 95% interval of `variance`. */
  readonly ci95: [number, number];
  /** The fitted rate of this row's (cost, depth) curve once two or more n are done. */
  decayPerQubit: number | null;
  /** ∂C/∂θ_0 at every sample: the histogram's data. */
  readonly gradients: number[];
  readonly seconds: number;
}

export interface DepthFit extends DecayFit {
  readonly cost: Cost;
  readonly depth: number;
}

interface Case {
  readonly qubits: number;
  readonly depth: number;
  readonly cost: Cost;
  readonly work: number;
}

/** The case in progress: this thread's share is samples [0, mine), the other thread's the rest. */
interface Running {
  readonly sampler: ChunkSampler;
  readonly result: SampleResult;
  readonly mine: number;
  next: number;
  readonly started: number;
  readonly theirs: { range: SampleRange; answer: Promise<RangeResult | Error> } | null;
}

/** Makes the sampler of a case: the CPU's unless told (the WebGPU backend, src/engine). */
export type SamplerFactory = (spec: SampleSpec, samples: number) => ChunkSampler;

export class TrainabilityStudy {
  readonly rows: TrainabilityRow[] = [];
  fits: DepthFit[] = [];
  /** Why the study went on on one thread after its second failed; empty while it has not. */
  note = '';
  private readonly cases: Case[] = [];
  private readonly totalWork: number;
  private doneWork = 0;
  private index = 0;
  private running: Running | null = null;

  /**
   * `thread`: a second thread for the later half of every case's samples; `samplerFor`: another
   * simulator for the samples (the same draws, so the same statistics to its precision).
   */
  constructor(
    readonly settings: TrainabilitySettings,
    private thread: SampleThread | null = null,
    private readonly samplerFor: SamplerFactory | null = null,
  ) {
    for (const qubits of settings.qubits) {
      for (const depth of settings.depths) {
        for (const cost of settings.costs) {
          // the backward pass dominates: parameters × amplitudes per sample
          this.cases.push({
            qubits,
            depth,
            cost,
            work: depth * qubits * 2 ** qubits * settings.samples,
          });
        }
      }
    }
    this.totalWork = this.cases.reduce((s, c) => s + c.work, 0);
  }

  get done(): boolean {
    return this.index >= this.cases.length;
  }

  /** The threads the samples run on: 2 while a second thread takes half of them. */
  get threads(): 1 | 2 {
    return this.thread ? 2 : 1;
  }

  /** Fraction of the work done, by the cases' estimated cost (this thread's share of a case). */
  get progress(): number {
    const c = this.cases[this.index];
    const w = this.running;
    const partial = c && w ? (c.work * w.next) / w.mine : 0;
    return Math.min(1, (this.doneWork + partial) / this.totalWork);
  }

  private begin(c: Case, started: number): Running {
    const K = this.settings.samples;
    const spec = {
      circuit: buildCircuit(this.settings.circuit, c.qubits, c.depth, this.settings.seed),
      cost: c.cost,
      init: this.settings.init,
      seed: deriveSeed(this.settings.seed, c.qubits, c.depth),
    };
    const sampler = this.samplerFor
      ? this.samplerFor(spec, K)
      : new GradientSampler(spec, chunkLanes(c.qubits, K));
    const mine = this.thread ? Math.ceil(K / 2) : K;
    let theirs: Running['theirs'] = null;
    if (this.thread && mine < K) {
      const range = { spec, samples: K, start: mine, count: K - mine };
      // settled here, so that a failure is read when it is needed and never left unhandled
      const answer = this.thread(range).catch((e: unknown) =>
        e instanceof Error ? e : new Error(String(e)),
      );
      theirs = { range, answer };
    }
    return { sampler, result: emptyResult(sampler.paramCount, K), mine, next: 0, started, theirs };
  }

  /** The other thread's share; redone here if that thread failed (the same numbers). */
  private async theirShare(theirs: NonNullable<Running['theirs']>): Promise<RangeResult> {
    const answer = await theirs.answer;
    if (!(answer instanceof Error)) return answer;
    if (answer instanceof RangeAbandoned) throw answer;
    this.thread = null;
    this.note = `the second thread failed (${answer.message}), so the study went on on one`;
    return sampleRange(theirs.range);
  }

  /**
   * Runs one chunk of samples; resolves with the row a case finished with, else null. A case's
   * last step also waits for the other thread's share.
   */
  async step(now: () => number = () => performance.now()): Promise<TrainabilityRow | null> {
    if (this.done) return null;
    const c = this.cases[this.index];
    const K = this.settings.samples;
    const w = (this.running ??= this.begin(c, now()));
    if (w.next < w.mine) {
      const count = Math.min(w.sampler.B, w.mine - w.next);
      const chunk = w.sampler.runChunk(w.next, count, w.result);
      if (chunk) await chunk;
      w.next += count;
      if (w.next < w.mine) return null;
    }
    if (w.theirs) placeRange(w.result, await this.theirShare(w.theirs));
    const r = w.result;
    const stats = gradientStats(
      r.grads,
      r.paramCount,
      K,
      deriveSeed(this.settings.seed, c.qubits, c.depth, 1),
    );
    const row: TrainabilityRow = {
      qubits: c.qubits,
      depth: c.depth,
      cost: c.cost,
      samples: K,
      paramCount: r.paramCount,
      variance: stats.variance,
      variancePerParam: stats.variancePerParam,
      ci95: stats.ci95,
      decayPerQubit: null,
      gradients: Array.from(r.grads.subarray(0, K)),
      seconds: (now() - w.started) / 1000,
    };
    this.rows.push(row);
    this.doneWork += c.work;
    this.index++;
    this.running = null;
    this.refit();
    return row;
  }

  private refit(): void {
    this.fits = [];
    for (const cost of this.settings.costs) {
      for (const depth of this.settings.depths) {
        const rows = this.rows.filter((r) => r.cost === cost && r.depth === depth);
        const fit = fitDecay(
          rows.map((r) => r.qubits),
          rows.map((r) => r.variance),
        );
        for (const r of rows) r.decayPerQubit = fit?.decayPerQubit ?? null;
        if (fit) this.fits.push({ ...fit, cost, depth });
      }
    }
  }

  /** Everything, without pauses (tests). */
  async runAll(onRow?: (row: TrainabilityRow, study: TrainabilityStudy) => void): Promise<this> {
    while (!this.done) {
      const row = await this.step();
      if (row) onRow?.(row, this);
    }
    return this;
  }
}
