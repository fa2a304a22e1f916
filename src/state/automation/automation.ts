import type { FaultKind } from '../../engine/protocol';
import type { RunRecord } from '../../engine/runRecord';
import type { SweepOptions } from '../../model/sweep/sweepPlan';
import type { SweepRow } from '../../model/sweep/sweepRows';
import {
  checkConfigureArg,
  checkFaultKind,
  checkStepCount,
  checkWaitForArgs,
  stepRefusal,
  type AutomationState,
} from './automationArgs';
import { currentRun, type LabStore } from '../labStore';

/**
 * The run states scripts see. `loading`: a configuration is on its way to the engine, or its run
 * is being built (data, network, a resumed run's replay); nothing can step until it is ready.
 */
export type { AutomationState };

export type ConfigureResult = { ok: true } | { ok: false; errors: string[] };

/**
 * What `configure` returns: a promise that settles (never rejects) once the new run is ready
 * (paused at step 0) or the configuration was refused; its `ok` and `errors` can also be read at
 * once, as before it was a promise.
 */
export type ConfigureCall = Promise<ConfigureResult> & ConfigureResult;

/**
 * `window.resqunnLab`: the app for scripts, figure generators and tests. Every call goes through
 * the same paths as the UI's buttons, and every argument is checked first (automationArgs.ts):
 * a wrong one is refused with a message and changes nothing. README.md documents the API.
 */
export interface ResqunnLabApi {
  /** Applies a configuration in its text form ('' is the app's default); see ConfigureCall. */
  configure(text: string): ConfigureCall;
  play(): void;
  pause(): void;
  /**
   * Runs n steps (default 1, a whole number ≥ 1); while training, it pauses first, then runs
   * exactly n more; resolves with the run's record once they are done (or the run ends or stops
   * on an error first); rejects when n is wrong, when the run cannot step (loading, done,
   * stopped), or when the run is replaced before its steps are done.
   */
  step(n?: number): Promise<RunRecord | null>;
  /** Resolves when the run reaches one of `states` (default: done or error). */
  waitFor(states?: AutomationState[], timeoutMs?: number): Promise<AutomationState>;
  /** The current run, in the CLI's JSON format. */
  metrics(): RunRecord | null;
  state(): AutomationState;
  backend(): string;
  /**
   * Every run of this page (previous configurations included), oldest first; `number` is the
   * run's number in Compare runs (`#3`), null for a run without steps (which it does not list).
   */
  runs(): (RunRecord & { number: number | null })[];
  /** For tests of the recovery: makes the training worker crash (as injectFault('crash')). */
  crashWorker(): void;
  /**
   * For tests: `crash` (the worker throws), `silent` (it closes without a word), `diverge` (the
   * run's parameters become NaN, so its next step stops the run as a divergence), `gpu` (the
   * WebGPU device reports an error: the step's numbers are refused and the next backend runs).
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

/**
 * Until the engine has answered the latest configure (the page's first included), the run on
 * screen is not the one asked for: scripts see 'loading', so `configure; waitFor(['paused'])`
 * waits for the new run, and a step or play then is never taken by the old one.
 */
function automationState(store: LabStore): AutomationState {
  const { runState, requestedTag, answeredTag } = store.getState();
  if (requestedTag > answeredTag) return 'loading';
  return runState;
}

export function createAutomationApi(
  store: LabStore,
  actions: AutomationActions,
  explore?: SweepActions,
  /** The run's number in Compare runs (the run archive's), or null when it lists none. */
  runNumber: (runId: number) => number | null = () => null,
): ResqunnLabApi {
  const state = (): AutomationState => automationState(store);
  /** Settles once the configure tagged `tag` is answered and its run has left 'loading'. */
  const whenConfigured = (tag: number) =>
    new Promise<ConfigureResult>((resolve) => {
      const check = () => {
        const s = store.getState();
        if (s.answeredTag < tag) return;
        const refused = s.refusal !== null && (s.refusal.tag === tag || s.refusal.tag === Infinity);
        if (!refused && (s.runState === 'loading' || s.runState === 'idle')) return;
        unsubscribe();
        resolve(refused ? { ok: false, errors: [s.refusal?.message ?? 'refused'] } : { ok: true });
      };
      const unsubscribe = store.subscribe(check);
      check();
    });
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
      const result: ConfigureResult = wrong
        ? { ok: false, errors: [wrong] }
        : actions.configure(text as string);
      const settled = result.ok
        ? whenConfigured(store.getState().requestedTag)
        : Promise.resolve(result);
      return Object.assign(settled, result);
    },
    play: () => actions.play(),
    pause: () => actions.pause(),
    async step(nArg?: number) {
      const checked = checkStepCount(nArg);
      if (!checked.ok) throw new Error(checked.message);
      const refusal = stepRefusal(state());
      if (refusal) throw new Error(refusal);
      const n = checked.count;
      if (state() === 'training') {
        // Exactly n more steps: every step taken before the pause has arrived once it says so.
        actions.pause();
        await waitFor(['paused', 'done', 'error'], 600_000);
        const after = stepRefusal(state());
        if (after) throw new Error(after);
      }
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
      [...store.getState().recorder.runs.values()].map((run) => ({
        ...(JSON.parse(JSON.stringify(run)) as RunRecord),
        number: run.steps.length > 0 ? runNumber(run.runId) : null,
      })),
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
