import { createStore } from 'zustand/vanilla';
import type { BackendChoice, BackendName } from '../engine/backend';
import type { EngineError, EngineEvent, InspectResult, RunState } from '../engine/protocol';
import { RunRecorder, type RunRecord } from '../engine/runRecord';

export interface Notice {
  readonly kind: EngineError['kind'] | 'crash' | 'link';
  readonly message: string;
  readonly at: number;
  /** Backends that work here, offered as links (when none of those asked for does). */
  readonly backends?: readonly BackendName[];
}

export interface Progress {
  readonly phase: 'data' | 'epoch' | 'replay';
  readonly done: number;
  readonly total: number;
}

/**
 * What the page knows about training: fed only by the worker's event stream. Run records are
 * kept, mutable, by a RunRecorder (thousands of steps, 30 batches a second: copying them on every
 * message would be wasteful); `revision` changes whenever any of them does, and is what charts
 * subscribe to.
 */
export interface LabState {
  readonly backend: BackendChoice | null;
  readonly runState: RunState;
  readonly currentRunId: number;
  readonly revision: number;
  readonly progress: Progress | null;
  readonly notices: readonly Notice[];
  readonly inspect: InspectResult | null;
  readonly recorder: RunRecorder;
  /** The tag of the latest configure sent to the engine (the controller counts them). */
  readonly requestedTag: number;
  /** The latest tag the engine answered, with a run or with a refusal. */
  readonly answeredTag: number;
  /** The latest configure the engine refused, and why (tag Infinity: it can run none). */
  readonly refusal: { readonly tag: number; readonly message: string } | null;
}

export function createLabStore() {
  return createStore<LabState>(() => ({
    backend: null,
    runState: 'idle',
    currentRunId: 0,
    revision: 0,
    progress: null,
    notices: [],
    inspect: null,
    recorder: new RunRecorder(),
    requestedTag: 0,
    answeredTag: 0,
    refusal: null,
  }));
}

export type LabStore = ReturnType<typeof createLabStore>;

/** Folds one engine event into the store. */
export function applyEngineEvent(store: LabStore, event: EngineEvent): void {
  const state = store.getState();
  const touched = state.recorder.apply(event);
  switch (event.type) {
    case 'backend':
      store.setState({ backend: event.choice });
      return;
    case 'run':
      // A configuration the engine accepted ends any earlier refusal: its notice would now mislead.
      // The new run's state comes in its own event: until then the last run's ('done', say) is not
      // this one's.
      store.setState({
        runState: 'loading',
        currentRunId: event.runId,
        revision: state.revision + 1,
        progress: null,
        notices: state.notices.filter((n) => n.kind !== 'invalid-config'),
        answeredTag: Math.max(state.answeredTag, event.tag ?? 0),
      });
      return;
    case 'state':
      if (event.runId === state.currentRunId || state.currentRunId === 0) {
        store.setState({ runState: event.state, revision: state.revision + 1 });
      }
      return;
    case 'progress':
      store.setState({ progress: { phase: event.phase, done: event.done, total: event.total } });
      return;
    case 'metrics':
      if (touched) store.setState({ revision: state.revision + 1 });
      return;
    case 'inspect':
      store.setState({ inspect: event.result });
      return;
    case 'error':
      if (event.error.kind === 'no-backend') {
        // The engine can run nothing: every configuration, sent or to come, is answered by this.
        store.setState({
          answeredTag: Infinity,
          refusal: { tag: Infinity, message: event.error.message },
        });
      } else if (event.tag !== undefined) {
        store.setState({
          answeredTag: Math.max(state.answeredTag, event.tag),
          refusal: { tag: event.tag, message: event.error.message },
        });
      }
      addNotice(
        store,
        event.error.kind,
        noticeText(event.error),
        event.error.kind === 'no-backend' ? event.error.working : undefined,
      );
      return;
  }
}

/** What an engine error tells the user: its message, plus what to do where it lacks that. */
function noticeText(error: EngineError): string {
  switch (error.kind) {
    case 'data': {
      const file = error.message.includes(error.file) ? '' : ` (${error.file})`;
      // A user's dataset (src/data/formats) names its own fix; only the built-in files need npm run data.
      const fix =
        error.message.includes('npm run data') || !/\.bin$/.test(error.file)
          ? ''
          : ' Rebuild the data files with `npm run data`, then reload the page.';
      return `${error.message.replace(/\.\s*$/, '')}${file}.${fix}`;
    }
    case 'diverged':
      return error.message.includes(String(error.step))
        ? error.message
        : `${error.message} (step ${error.step}, ${error.layer})`;
    default:
      return error.message;
  }
}

export function addNotice(
  store: LabStore,
  kind: Notice['kind'],
  message: string,
  backends?: readonly BackendName[],
): void {
  const previous = store.getState().notices;
  // `at` doubles as the notice's identity: keep it unique even within one millisecond.
  const at = Math.max(Date.now(), (previous[previous.length - 1]?.at ?? 0) + 1);
  const notices = [...previous, { kind, message, at, ...(backends && { backends }) }].slice(-5);
  store.setState({ notices });
}

/** Rewrites a notice's words in place (a crash notice once the replay it announced is done). */
export function replaceNotice(store: LabStore, at: number, message: string): void {
  const notices = store.getState().notices;
  if (!notices.some((n) => n.at === at)) return;
  store.setState({ notices: notices.map((n) => (n.at === at ? { ...n, message } : n)) });
}

export function dismissNotice(store: LabStore, at: number): void {
  store.setState({ notices: store.getState().notices.filter((n) => n.at !== at) });
}

export function currentRun(state: LabState): RunRecord | null {
  return state.recorder.runs.get(state.currentRunId) ?? null;
}
