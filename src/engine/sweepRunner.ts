/*
 * Runs a sweep's pairs on a pool of runners, each a training engine of its own (a worker thread
 * in Node, a Web Worker in the page): a runner takes the next pair as soon as it is free, so the
 * pool stays busy whatever each configuration costs. Results are reported as they arrive; the
 * caller keeps them. Pause lets running pairs finish and starts no new one; cancel also drops
 * the queue. No tensor work here: the runners do it.
 */
import type { PairResult } from '../model/sweep/sweepRows';
import { pairConfigText, type SweepPair, type SweepPlan } from '../model/sweep/sweepPlan';
import type { RunRecord } from './runRecord';

/** Trains one configuration text to its end and returns its record. */
export type PairRunner = (configText: string) => Promise<RunRecord>;

export interface SweepProgress {
  readonly done: number;
  readonly total: number;
  readonly elapsedMs: number;
  /** Time per finished pair so far (the pool's throughput) times the pairs left; null before the first. */
  readonly remainingMs: number | null;
}

export interface SweepHandle {
  pause(): void;
  resume(): void;
  /** Stops handing out pairs; `done` resolves with the results so far once running pairs end. */
  cancel(): void;
  readonly done: Promise<{ results: PairResult[]; cancelled: boolean }>;
}

export interface SweepCallbacks {
  onResult?(result: PairResult, progress: SweepProgress): void;
  now?(): number;
}

/** What one run leaves for the sweep (docs/model.md §7). */
export function pairResult(pair: SweepPair, record: RunRecord): PairResult {
  const steps = record.steps;
  const layers = Object.keys(steps[0]?.gradNorms ?? {});
  const gradNorm = Object.fromEntries(
    layers.map((id) => [
      id,
      steps.reduce((s, m) => s + (m.gradNorms[id as 'H'] ?? 0), 0) / Math.max(1, steps.length),
    ]),
  );
  const failed = record.state === 'error' || record.errors.length > 0;
  const last = record.epochs.at(-1);
  return {
    pair: pair.index,
    config: pair.config,
    seed: pair.seed,
    testAccuracy: failed || !last ? null : last.testAccuracy,
    gradNorm,
    firstStepGradNorm: { ...(steps[0]?.gradNorms ?? {}) } as Record<string, number>,
    error: failed
      ? (record.errors.at(-1)?.message ?? `the run ended in state ${record.state}`)
      : null,
  };
}

/** Time left from the mean time per pair so far: elapsed / done × (total − done). */
export function timeLeft(done: number, total: number, elapsedMs: number): number | null {
  if (done === 0) return null;
  return (elapsedMs / done) * (total - done);
}

export function runSweep(
  plan: SweepPlan,
  pairs: readonly SweepPair[],
  runners: readonly PairRunner[],
  callbacks: SweepCallbacks = {},
): SweepHandle {
  if (runners.length === 0) throw new Error('runSweep: at least one runner is needed');
  const now = callbacks.now ?? (() => performance.now());
  const started = now();
  const queue = [...pairs];
  const results: PairResult[] = [];
  let paused = false;
  let cancelled = false;
  let wake: (() => void)[] = [];
  const release = () => {
    const w = wake;
    wake = [];
    for (const f of w) f();
  };

  const worker = async (run: PairRunner): Promise<void> => {
    for (;;) {
      while (paused && !cancelled) await new Promise<void>((r) => wake.push(r));
      const pair = cancelled ? undefined : queue.shift();
      if (!pair) return;
      let result: PairResult;
      try {
        result = pairResult(pair, await run(pairConfigText(plan, pair)));
      } catch (e) {
        result = {
          pair: pair.index,
          config: pair.config,
          seed: pair.seed,
          testAccuracy: null,
          gradNorm: {},
          firstStepGradNorm: {},
          error: e instanceof Error ? e.message : String(e),
        };
      }
      results.push(result);
      const elapsedMs = now() - started;
      callbacks.onResult?.(result, {
        done: results.length,
        total: pairs.length,
        elapsedMs,
        remainingMs: timeLeft(results.length, pairs.length, elapsedMs),
      });
    }
  };

  const done = Promise.all(runners.map(worker)).then(() => ({
    results: [...results].sort((a, b) => a.pair - b.pair),
    cancelled,
  }));
  return {
    pause: () => void (paused = true),
    resume: () => {
      paused = false;
      release();
    },
    cancel: () => {
      cancelled = true;
      release();
    },
    done,
  };
}
