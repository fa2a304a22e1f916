import type { RunRecord } from '../engine/runRecord';
import type { SweepOptions } from '../model/sweepPlan';
import type { SweepRow } from '../model/sweepRows';
import { currentRun, type LabStore } from './labStore';

/** The run states scripts see: loading counts as idle (nothing has trained yet). */
export type AutomationState = 'idle' | 'training' | 'paused' | 'done' | 'error';

/**
 * `window.resqunnLab`: the app for scripts, figure generators and tests. Every call goes through
 * the same paths as the UI's buttons.
 */
export interface ResqunnLabApi {
  /** Applies a configuration in its text form; returns the validator's messages when refused. */
  configure(text: string): { ok: true } | { ok: false; errors: string[] };
  play(): void;
  pause(): void;
  /** Runs n steps (default 1); resolves with the run's record once they are done. */
  step(n?: number): Promise<RunRecord | null>;
  /** Resolves when the run reaches one of `states` (default: done or error). */
  waitFor(states?: AutomationState[], timeoutMs?: number): Promise<AutomationState>;
  /** The current run, in the CLI's JSON format. */
  metrics(): RunRecord | null;
  state(): AutomationState;
  backend(): string;
  /** Every run of this page (previous configurations included), oldest first. */
  runs(): RunRecord[];
  /** For tests of the recovery: makes the training worker crash. */
  crashWorker(): void;
  /**
   * Runs a sweep in the Explore view (`{layers, steps, seeds, train, test, tap, semantics, …}`,
   * see SweepOptions) and resolves with its rows; rejects with the plan's messages when the
   * options are refused, or when a sweep is already running.
   */
  sweep(options: SweepOptions): Promise<SweepRow[]>;
}

/** What `sweep` needs: the Explore view's controller (state/exploreController.ts). */
export interface SweepActions {
  start(options: unknown): Promise<SweepRow[]>;
}

export interface AutomationActions {
  configure(text: string): { ok: true } | { ok: false; errors: string[] };
  play(): void;
  pause(): void;
  step(n: number): void;
  crashWorker(): void;
}

export function automationState(store: LabStore): AutomationState {
  const s = store.getState().runState;
  return s === 'loading' ? 'idle' : s;
}

export function createAutomationApi(
  store: LabStore,
  actions: AutomationActions,
  explore?: SweepActions,
): ResqunnLabApi {
  const waitFor = (states: AutomationState[] = ['done', 'error'], timeoutMs = 600_000) =>
    new Promise<AutomationState>((resolve, reject) => {
      const check = () => {
        const s = automationState(store);
        if (!states.includes(s)) return false;
        unsubscribe();
        clearTimeout(timer);
        resolve(s);
        return true;
      };
      const unsubscribe = store.subscribe(() => void check());
      const timer = setTimeout(() => {
        unsubscribe();
        reject(
          new Error(`timed out waiting for ${states.join('|')} (state ${automationState(store)})`),
        );
      }, timeoutMs);
      check();
    });

  return {
    configure: (text) => actions.configure(text),
    play: () => actions.play(),
    pause: () => actions.pause(),
    async step(n = 1) {
      const before = currentRun(store.getState())?.steps.length ?? 0;
      actions.step(n);
      await new Promise<void>((resolve) => {
        const done = () => {
          const s = store.getState();
          const run = currentRun(s);
          if (
            (run && run.steps.length >= before + n) ||
            s.runState === 'error' ||
            s.runState === 'done'
          ) {
            unsubscribe();
            resolve();
          }
        };
        const unsubscribe = store.subscribe(done);
        done();
      });
      return currentRun(store.getState());
    },
    waitFor,
    metrics: () => {
      const run = currentRun(store.getState());
      return run ? (JSON.parse(JSON.stringify(run)) as RunRecord) : null;
    },
    state: () => automationState(store),
    backend: () => store.getState().backend?.name ?? '',
    runs: () =>
      JSON.parse(JSON.stringify([...store.getState().recorder.runs.values()])) as RunRecord[],
    crashWorker: () => actions.crashWorker(),
    async sweep(options) {
      if (!explore) throw new Error('sweep: this page has no Explore view');
      const rows = await explore.start(options);
      return JSON.parse(JSON.stringify(rows)) as SweepRow[];
    },
  };
}

/* The page puts the API on window (src/main.tsx); the browser tests and tools read it there. */
declare global {
  interface Window {
    resqunnLab: ResqunnLabApi;
  }
}
