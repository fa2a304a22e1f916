import type { FaultKind } from '../engine/protocol';
import type { RunRecord } from '../engine/runRecord';
import type { SweepOptions } from '../model/sweep/sweepPlan';
import type { SweepRow } from '../model/sweep/sweepRows';
import {
  checkConfigureArg,
  checkFaultKind,
  checkStepCount,
  checkWaitForArgs,
  stepRefusal,
} from './automationArgs';
import { currentRun, type LabStore } from './labStore';

/** The run states scripts see: loading counts as idle (nothing has trained yet). */
export type AutomationState = 'idle' | 'training' | 'paused' | 'done' | 'error';

/**
 * `window.resqunnLab`: the app for scripts, figure generators and tests. Every call goes through
 * the same paths as the UI's buttons, and every argument is checked first (automationArgs.ts):
 * a wrong one is refused with a message and changes nothing. README.md documents the API.
 */
export interface ResqunnLabApi {
  /** Applies a configuration in its text form; returns the validator's messages when refused. */
  configure(text: string): { ok: true } | { ok: false; errors: string[] };
  play(): void;
  pause(): void;
  /**
   * Runs n steps (default 1, a whole number ≥ 1); resolves with the run's record once they are
   * done (or the run ends or stops on an error first); rejects when n is wrong, when the run
   * cannot step (loading, done, stopped), or when the run is replaced before its steps are done.
   */
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
   * For tests: `crash` (the worker throws), `silent` (it closes without a word), `diverge` (the
   * run's parameters become NaN, so its next step stops the run as a divergence).
   */
  injectFault(kind: FaultKind): void;
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
  injectFault(kind: FaultKind): void;
}

function automationState(store: LabStore): AutomationState {
  const s = store.getState().runState;
  return s === 'loading' ? 'idle' : s;
}

export function createAutomationApi(
  store: LabStore,
  actions: AutomationActions,
  explore?: SweepActions,
): ResqunnLabApi {
  // After configure(), the run on screen is the old configuration's until the engine starts the
  // new one: scripts see 'idle' meanwhile, so `configure; await waitFor(['paused'])` waits.
  let configuredBelow = 0;
  const state = (): AutomationState =>
    store.getState().currentRunId <= configuredBelow ? 'idle' : automationState(store);
  const waitFor = (statesArg?: AutomationState[], timeoutArg?: number) =>
    new Promise<AutomationState>((resolve, reject) => {
      const args = checkWaitForArgs(statesArg, timeoutArg);
      if (!args.ok) return reject(new Error(args.message));
      const { states, timeoutMs } = args;
      const check = () => {
        const s = state();
        if (!states.includes(s)) return false;
        unsubscribe();
        clearTimeout(timer);
        resolve(s);
        return true;
      };
      const unsubscribe = store.subscribe(() => void check());
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`timed out waiting for ${states.join('|')} (state ${state()})`));
      }, timeoutMs);
      check();
    });

  return {
    configure: (text: unknown) => {
      const wrong = checkConfigureArg(text);
      if (wrong) return { ok: false, errors: [wrong] };
      const result = actions.configure(text as string);
      if (result.ok) configuredBelow = store.getState().currentRunId;
      return result;
    },
    play: () => actions.play(),
    pause: () => actions.pause(),
    async step(nArg?: number) {
      const checked = checkStepCount(nArg);
      if (!checked.ok) throw new Error(checked.message);
      const refusal = stepRefusal(state());
      if (refusal) throw new Error(refusal);
      const n = checked.count;
      const runId = store.getState().currentRunId;
      const before = currentRun(store.getState())?.steps.length ?? 0;
      actions.step(n);
      await new Promise<void>((resolve, reject) => {
        const done = () => {
          const s = store.getState();
          if (s.currentRunId !== runId) {
            unsubscribe();
            reject(
              new Error(
                'step(n): the run was replaced (a new configuration, a reset or a restarted worker) before its steps were done',
              ),
            );
            return;
          }
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
    state,
    backend: () => store.getState().backend?.name ?? '',
    runs: () =>
      JSON.parse(JSON.stringify([...store.getState().recorder.runs.values()])) as RunRecord[],
    crashWorker: () => actions.crashWorker(),
    injectFault: (kind: unknown) => {
      const wrong = checkFaultKind(kind);
      if (wrong) throw new Error(wrong);
      actions.injectFault(kind as FaultKind);
    },
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
