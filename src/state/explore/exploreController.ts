/*
 * The one path from "run this sweep" to the workers, for the Explore form and
 * `window.resqunnLab.sweep` alike: validate the options into a plan, deal the pairs to a pool of
 * training workers, fold results into the store as they arrive, keep them in storage.
 */
import { runSweep, type PairRunner, type SweepHandle } from '../../engine/sweepRunner';
import { sweepPairs, sweepPlan } from '../../model/sweep/sweepPlan';
import { sweepRows, type PairResult, type SweepRow } from '../../model/sweep/sweepRows';
import type { SweepStorage } from './sweepArchive';
import { createExploreStore, type ExploreStore } from './exploreStore';

export interface ExploreController {
  readonly store: ExploreStore;
  /** Runs a sweep; resolves with its rows (also when cancelled: the rows so far). */
  start(options: unknown): Promise<SweepRow[]>;
  pause(): void;
  resume(): void;
  cancel(): void;
  show(view: 'single' | 'explore' | 'trainability'): void;
  dispose(): void;
}

/** Thrown by start for options the plan refuses; `errors` are the plan's messages. */
export class SweepOptionsError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(`sweep refused: ${errors.join('; ')}`);
  }
}

export interface ExploreDeps {
  /** A pool of `size` runners (training workers in the page, fakes in tests). */
  createRunners(size: number): { runners: PairRunner[]; dispose(): void };
  readonly poolSize: number;
  readonly storage: Promise<SweepStorage>;
  now?(): number;
}

/** How often a running sweep's results are written to storage at most. */
const SAVE_INTERVAL_MS = 2000;

export function createExploreController(deps: ExploreDeps): ExploreController {
  const store = createExploreStore(globalThis.location?.hash === '#explore' ? 'explore' : 'single');
  let handle: SweepHandle | null = null;
  let pool: { runners: PairRunner[]; dispose(): void } | null = null;
  const now = deps.now ?? (() => Date.now());

  void deps.storage.then(async (storage) => {
    const latest = await storage.latest();
    if (latest && store.getState().plan === null) {
      store.setState({
        plan: latest.plan,
        results: latest.results,
        status: latest.complete ? 'done' : 'cancelled',
        restored: true,
      });
    }
  });

  return {
    store,
    async start(options) {
      if (handle) throw new Error('a sweep is already running: cancel it first');
      const planned = sweepPlan(options);
      if (!planned.ok) {
        store.setState({ problem: planned.errors.join('; ') });
        throw new SweepOptionsError(planned.errors);
      }
      const { plan } = planned;
      const pairs = sweepPairs(plan);
      const size = Math.min(deps.poolSize, pairs.length);
      pool ??= deps.createRunners(deps.poolSize);
      const key = new Date(now()).toISOString();
      const results: PairResult[] = [];
      let lastSave = 0;
      // A failed save loses nothing shown (the results stay in the store) but must be said.
      const save = (complete: boolean) =>
        deps.storage
          .then((s) => s.put({ key, savedAt: now(), plan, results: [...results], complete }))
          .then(() => store.setState({ saveProblem: null }))
          .catch((e: unknown) => store.setState({ saveProblem: sweepSaveProblem(e) }));
      store.setState({
        status: 'running',
        plan,
        results: [],
        progress: { done: 0, total: pairs.length, elapsedMs: 0, remainingMs: null },
        workers: size,
        problem: null,
        restored: false,
        saveProblem: null,
      });
      handle = runSweep(plan, pairs, pool.runners.slice(0, size), {
        onResult(result, progress) {
          results.push(result);
          store.setState({ results: [...results], progress });
          if (now() - lastSave > SAVE_INTERVAL_MS) {
            lastSave = now();
            void save(false);
          }
        },
      });
      const { results: finished, cancelled } = await handle.done;
      handle = null;
      store.setState({ status: cancelled ? 'cancelled' : 'done', results: finished });
      await save(!cancelled);
      return sweepRows(plan, finished);
    },
    pause() {
      if (!handle) return;
      handle.pause();
      store.setState({ status: 'paused' });
    },
    resume() {
      if (!handle) return;
      handle.resume();
      store.setState({ status: 'running' });
    },
    cancel: () => handle?.cancel(),
    show(view) {
      store.setState({ view });
    },
    dispose() {
      handle?.cancel();
      pool?.dispose();
    },
  };
}

/** What a failed save of a sweep tells the user. */
export function sweepSaveProblem(e: unknown): string {
  const full = e instanceof Error && /quota/i.test(`${e.name} ${e.message}`);
  return (
    `${full ? 'Browser storage is full' : 'Browser storage refused the sweep'}: its results are ` +
    'kept only until this page is closed. Export them (CSV or figure) to keep them.'
  );
}
