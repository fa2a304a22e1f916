import type { EngineCommand, EngineEvent } from '../engine/protocol';
import type { RunRecord } from '../engine/runRecord';
import {
  describeConfigErrors,
  type ConfigResult,
  type ExperimentConfig,
} from '../model/config/config';
import { formatConfigText, parseConfigText } from '../model/config/configText';
import type { AutomationActions } from './automation/automation';
import { createConfigStore, type ConfigStore } from './configStore';
import type { EngineClient, EngineClientCallbacks } from './engineClient';
import { crashResume, type PendingResume } from './crashResume';
import {
  addNotice,
  applyEngineEvent,
  createLabStore,
  replaceNotice,
  type LabStore,
} from './labStore';
import { firstRunConfig } from './page/firstRun';
import { createThrottledView } from './labView';
import { createPaceStore, readPace, searchWithPace, type PaceStore } from './page/pace';
import {
  linkParamProblems,
  linkProblemMessage,
  readConfigLink,
  searchWithConfig,
} from './page/urlState';

/**
 * The page's one path from intent to engine: the UI's controls and `window.resqunnLab` both call
 * these, so a configuration always goes validator → config store → URL → worker, in that order.
 */
export interface LabController extends AutomationActions {
  readonly lab: LabStore;
  /** `lab` as the page draws it: at most ~10 updates a second (see labView.ts). */
  readonly view: LabStore;
  readonly config: ConfigStore;
  /** Applies a validated edit (a history entry of its own); returns the refusal's words, or null. */
  update(result: ConfigResult): string | null;
  /** Applies a configuration text in the current history entry (a tour step's, a restore). */
  applyInPlace(text: string): void;
  /** Back/Forward: applies the configuration of `search`, already in the address. */
  follow(search: string): void;
  reset(): void;
  /** The teaching pace (pace.ts): steps a second while playing, null for as fast as possible. */
  readonly pace: PaceStore;
  setPace(stepsPerSecond: number | null): void;
  /** Asks the engine for feature maps of one 14×14 image; returns the request's id. */
  inspect(image: Float32Array): number;
  /**
   * Continues a kept run (saved, imported, cut by a reload) up to its last recorded step: from its
   * checkpoint where it has one (then the steps after it, replayed), else from its seed. Paused
   * there, so play continues it. The record's steps so far stay on the charts.
   */
  resume(record: RunRecord): { ok: true; from: number } | { ok: false; errors: string[] };
  /** The current run's model for PyTorch (model/export/): its files, or why not. */
  exportModel(): Promise<ModelFiles>;
  dismissLinkProblem(): void;
  /** A field now holds a refused value (`reason`), or no longer does (null). */
  setFieldRefusal(field: string, reason: string | null): void;
  dispose(): void;
}

export type ModelFiles =
  | {
      readonly ok: true;
      readonly config: string;
      readonly step: number;
      readonly accuracy: number;
      readonly files: Extract<EngineEvent, { type: 'modelExport' }>['files'];
    }
  | { readonly ok: false; readonly message: string };

/** How often the page redraws from training data at most (see labView.ts). */
const VIEW_INTERVAL_MS = 150;

/**
 * Where the configuration is kept outside the page: the address bar, in the app. `push` makes
 * a history entry (a deliberate edit), `replace` rewrites the current one.
 */
export interface AddressBar {
  read(): string;
  write(search: string, mode: 'push' | 'replace'): void;
}

const browserAddressBar: AddressBar = {
  read: () => window.location.search,
  write: (search, mode) => {
    if (search === window.location.search) return;
    const url = `${window.location.pathname}${search}${window.location.hash}`;
    if (mode === 'push') window.history.pushState(null, '', url);
    else window.history.replaceState(window.history.state, '', url);
  },
};

export function createController(
  startEngine: (callbacks: EngineClientCallbacks) => EngineClient,
  addressBar: AddressBar = browserAddressBar,
): LabController {
  const lab = createLabStore();
  // A link that is partly wrong keeps its valid parts; the banner says what was left out and
  // keeps the link as it came, since the address bar is then rewritten to what is applied.
  const opened = addressBar.read();
  const link = readConfigLink(opened);
  const initial = link.kind === 'ok' || link.kind === 'partial' ? link.config : firstRunConfig();
  const problem = linkProblemMessage(link, linkParamProblems(opened));
  const config = createConfigStore(
    initial,
    formatConfigText(initial),
    problem === null ? null : { message: problem, link: opened },
  );

  const pace = createPaceStore(readPace(opened));
  // A restarted worker that cannot continue the page's run counts its runs from 1 again; shift
  // its ids past the ones already recorded so the old runs (and their charts) are kept.
  let runOffset = 0;
  // A restarted worker replaying the page's run (crashResume.ts): its notice, rewritten once done.
  let resuming: PendingResume | null = null;
  const exports = new Map<number, (files: ModelFiles) => void>();
  const onEvent = (event: EngineEvent) => {
    if (event.type === 'modelExport') {
      const { config, step, accuracy, files } = event;
      exports.get(event.requestId)?.({ ok: true, config, step, accuracy, files });
      exports.delete(event.requestId);
      return;
    }
    if (event.type === 'modelExportFailed') {
      exports.get(event.requestId)?.({ ok: false, message: event.message });
      exports.delete(event.requestId);
      return;
    }
    applyEngineEvent(lab, shiftRunId(event, runOffset));
    if (!resuming) return;
    if (event.type === 'run' && event.runId !== resuming.point.runId) resuming = null;
    else if (
      event.type === 'state' &&
      event.runId === resuming.point.runId &&
      event.state !== 'loading'
    ) {
      replaceNotice(lab, resuming.noticeAt, resuming.doneText(event.state));
      resuming = null;
    }
  };
  const client = startEngine({
    onEvent,
    onCrash: (message, silent) => {
      // The new worker starts unpaced: tell it the page's pace again.
      client.send({ type: 'pace', stepsPerSecond: pace.getState().stepsPerSecond });
      const plan = crashResume(lab.getState(), config.getState().text, message, silent, resuming);
      if (plan.kind === 'restart') {
        runOffset = Math.max(0, ...lab.getState().recorder.runs.keys());
        resuming = null;
        addNotice(lab, 'crash', plan.notice);
        return;
      }
      runOffset = 0; // the new worker numbers on from the resumed run's id
      addNotice(lab, 'crash', plan.notice);
      const noticeAt = lab.getState().notices.at(-1)?.at ?? 0;
      resuming = { ...plan.pending, noticeAt };
      return { type: 'configure', config: plan.config, resume: plan.pending.point };
    },
  });

  const send = (command: EngineCommand) => client.send(command);
  /** `address`: how the address bar learns of it; 'none' when it already shows it (Back). */
  const apply = (next: ExperimentConfig, address: 'push' | 'replace' | 'none') => {
    const text = formatConfigText(next);
    config.setState({ config: next, text });
    if (address !== 'none') addressBar.write(searchWithConfig(addressBar.read(), next), address);
    // The tag lets scripts know when this configuration's run is ready (automation.ts).
    const tag = lab.getState().requestedTag + 1;
    lab.setState({ requestedTag: tag });
    send({ type: 'configure', config: text, tag });
  };
  // The link's configuration was read above; make the address canonical and start the engine.
  send({ type: 'pace', stepsPerSecond: pace.getState().stepsPerSecond });
  apply(initial, 'replace');
  // A page going into the background may be closed without another word: keep a checkpoint.
  const onHide = () => {
    if (document.visibilityState === 'hidden') send({ type: 'checkpoint' });
  };
  if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onHide);

  let requestId = 0;
  let exportId = 0;
  return {
    lab,
    view: createThrottledView(lab, VIEW_INTERVAL_MS),
    config,
    update(result) {
      if (!result.ok) return describeConfigErrors(result.errors);
      if (formatConfigText(result.config) !== config.getState().text) apply(result.config, 'push');
      return null;
    },
    applyInPlace(text) {
      const result = parseConfigText(text);
      if (result.ok && formatConfigText(result.config) !== config.getState().text)
        apply(result.config, 'replace');
    },
    follow(search) {
      // An entry this page wrote holds a valid code; one that no longer reads keeps the page as is.
      const link = readConfigLink(search);
      if (link.kind !== 'ok' && link.kind !== 'partial') return;
      if (formatConfigText(link.config) !== config.getState().text) apply(link.config, 'none');
    },
    configure(text) {
      // No text at all means what the app opens on (firstRun.ts), not the text format's
      // implicit circuit.
      const result: ConfigResult =
        text.trim() === '' ? { ok: true, config: firstRunConfig() } : parseConfigText(text);
      if (!result.ok) {
        const errors = result.errors.map((e) => e.message);
        // The notice's title already says "Configuration refused".
        addNotice(lab, 'invalid-config', `${errors.join('; ')}.`);
        return { ok: false, errors };
      }
      apply(result.config, 'push');
      return { ok: true };
    },
    play: () => send({ type: 'play' }),
    pause: () => send({ type: 'pause' }),
    step: (count) => send({ type: 'step', count }),
    reset: () => send({ type: 'reset' }),
    pace,
    setPace(stepsPerSecond) {
      pace.setState({ stepsPerSecond });
      addressBar.write(searchWithPace(addressBar.read(), stepsPerSecond), 'replace');
      send({ type: 'pace', stepsPerSecond });
    },
    crashWorker: () => client.injectFault('crash'),
    injectFault: (kind) => client.injectFault(kind),
    inspect(image) {
      requestId += 1;
      send({ type: 'inspect', image, requestId });
      return requestId;
    },
    resume(record) {
      const parsed = parseConfigText(record.config);
      if (!parsed.ok) return { ok: false, errors: parsed.errors.map((e) => e.message) };
      const reached = record.steps.at(-1)?.step ?? 0;
      const checkpoint = record.checkpoint;
      if (!checkpoint || checkpoint.config !== record.config) {
        apply(parsed.config, 'push');
        if (reached > 0) send({ type: 'step', count: reached });
        return { ok: true, from: 0 };
      }
      // The configuration as configure would set it, without the configure (restore starts the run).
      config.setState({ config: parsed.config, text: formatConfigText(parsed.config) });
      addressBar.write(searchWithConfig(addressBar.read(), parsed.config), 'push');
      lab.getState().recorder.resumeFrom(record);
      send({ type: 'restore', checkpoint });
      if (reached > checkpoint.step) send({ type: 'step', count: reached - checkpoint.step });
      return { ok: true, from: checkpoint.step };
    },
    exportModel() {
      exportId += 1;
      const id = exportId;
      return new Promise<ModelFiles>((resolve) => {
        exports.set(id, resolve);
        send({ type: 'exportModel', requestId: id });
      });
    },
    dismissLinkProblem: () => config.setState({ linkProblem: null }),
    setFieldRefusal(field, reason) {
      const { [field]: previous, ...others } = config.getState().refusedFields;
      if (previous === (reason ?? undefined)) return;
      config.setState({ refusedFields: reason === null ? others : { ...others, [field]: reason } });
    },
    dispose: () => {
      if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onHide);
      client.dispose();
    },
  };
}

/** The event with its run id moved by `offset` (events without one pass unchanged). */
function shiftRunId(event: EngineEvent, offset: number): EngineEvent {
  if (offset === 0 || !('runId' in event)) return event;
  return { ...event, runId: event.runId + offset };
}
