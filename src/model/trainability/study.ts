/*
 * A trainability study: every (n, L, cost) case's K gradients, their statistics, and the decay
 * fit per (cost, depth). The work comes in chunks of samples so that a caller (the worker, the
 * CLI) can report progress and stop between any two; the CLI and the app run this same code.
 */
import { deriveSeed } from '../../util/prng';
import type { Cost } from '../../sim/trainability/costs';
import { buildCircuit } from '../../sim/trainability/presets';
import {
  chunkLanes,
  emptyResult,
  GradientSampler,
  type SampleResult,
} from '../../sim/trainability/sampler';
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

export class TrainabilityStudy {
  readonly rows: TrainabilityRow[] = [];
  fits: DepthFit[] = [];
  private readonly cases: Case[] = [];
  private readonly totalWork: number;
  private doneWork = 0;
  private index = 0;
  private sampler: GradientSampler | null = null;
  private result: SampleResult | null = null;
  private next = 0;
  private started = 0;

  constructor(readonly settings: TrainabilitySettings) {
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

  /** Fraction of the work done, by the cases' estimated cost. */
  get progress(): number {
    const c = this.cases[this.index];
    const partial = c && this.result ? (c.work * this.next) / this.settings.samples : 0;
    return Math.min(1, (this.doneWork + partial) / this.totalWork);
  }

  /** Runs one chunk of samples; returns the row a case finished with, else null. */
  step(now: () => number = () => performance.now()): TrainabilityRow | null {
    if (this.done) return null;
    const c = this.cases[this.index];
    const K = this.settings.samples;
    if (!this.sampler || !this.result) {
      const seed = deriveSeed(this.settings.seed, c.qubits, c.depth);
      const circuit = buildCircuit(this.settings.circuit, c.qubits, c.depth, this.settings.seed);
      this.sampler = new GradientSampler(
        { circuit, cost: c.cost, init: this.settings.init, seed },
        chunkLanes(c.qubits, K),
      );
      this.result = emptyResult(this.sampler.paramCount, K);
      this.next = 0;
      this.started = now();
    }
    const count = Math.min(this.sampler.B, K - this.next);
    this.sampler.runChunk(this.next, count, this.result);
    this.next += count;
    if (this.next < K) return null;
    const r = this.result;
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
      seconds: (now() - this.started) / 1000,
    };
    this.rows.push(row);
    this.doneWork += c.work;
    this.index++;
    this.sampler = null;
    this.result = null;
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

  /** Everything, synchronously (the CLI, tests). */
  runAll(onRow?: (row: TrainabilityRow, study: TrainabilityStudy) => void): this {
    while (!this.done) {
      const row = this.step();
      if (row) onRow?.(row, this);
    }
    return this;
  }
}
