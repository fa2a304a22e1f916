import type { EngineCommand, EngineEvent } from '../engine/protocol';
import {
  DEFAULT_CONFIG,
  describeConfigErrors,
  type ConfigResult,
  type ExperimentConfig,
} from '../model/config/config';
import { formatConfigText, parseConfigText } from '../model/config/configText';
import type { AutomationActions } from './automation';
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
import { createThrottledView } from './labView';
import {
  linkParamProblems,
  linkProblemMessage,
  readConfigLink,
  searchWithConfig,
} from './urlState';

/**
 * The page's one path from intent to engine: the UI's controls and `window.resqunnLab` both call
 * these, so a configuration always goes validator → config store → URL → worker, in that order.
 */
export interface LabController extends AutomationActions {
  readonly lab: LabStore;
  /** `lab` as the page draws it: at most ~10 updates a second (see labView.ts). */
  readonly view: LabStore;
  readonly config: ConfigStore;
  /** Applies a validated edit; returns the refusal's words, or null when applied. */
  update(result: ConfigResult): string | null;
  reset(): void;
  /** Asks the engine for feature maps of one 14×14 image; returns the request's id. */
  inspect(image: Float32Array): number;
  dismissLinkProblem(): void;
  /** A field now holds a refused value (`reason`), or no longer does (null). */
  setFieldRefusal(field: string, reason: string | null): void;
  dispose(): void;
}

/** How often the page redraws from training data at most (see labView.ts). */
const VIEW_INTERVAL_MS = 150;

/** Where the configuration is kept outside the page: the address bar, in the app. */
export interface AddressBar {
  read(): string;
  write(search: string): void;
}

const browserAddressBar: AddressBar = {
  read: () => window.location.search,
  write: (search) => {
    if (search === window.location.search) return;
    const url = `${window.location.pathname}${search}${window.location.hash}`;
    window.history.replaceState(window.history.state, '', url);
  },
};

export function createController(
  startEngine: (callbacks: EngineClientCallbacks) => EngineClient,
  address: AddressBar = browserAddressBar,
): LabController {
  const lab = createLabStore();
  // A link that is partly wrong keeps its valid parts; the banner says what was left out and
  // keeps the link as it came, since the address bar is then rewritten to what is applied.
  const opened = address.read();
  const link = readConfigLink(opened);
  const initial = link.kind === 'ok' || link.kind === 'partial' ? link.config : DEFAULT_CONFIG;
  const problem = linkProblemMessage(link, linkParamProblems(opened));
  const config = createConfigStore(
    initial,
    formatConfigText(initial),
    problem === null ? null : { message: problem, link: opened },
  );

  // A restarted worker that cannot continue the page's run counts its runs from 1 again; shift
  // its ids past the ones already recorded so the old runs (and their charts) are kept.
  let runOffset = 0;
  // A restarted worker replaying the page's run (crashResume.ts): its notice, rewritten once done.
  let resuming: PendingResume | null = null;
  const onEvent = (event: EngineEvent) => {
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
  const apply = (next: ExperimentConfig) => {
    const text = formatConfigText(next);
    config.setState({ config: next, text });
    address.write(searchWithConfig(address.read(), next));
    // The tag lets scripts know when this configuration's run is ready (automation.ts).
    const tag = lab.getState().requestedTag + 1;
    lab.setState({ requestedTag: tag });
    send({ type: 'configure', config: text, tag });
  };
  // The link's configuration was read above; make the address canonical and start the engine.
  apply(initial);

  let requestId = 0;
  return {
    lab,
    view: createThrottledView(lab, VIEW_INTERVAL_MS),
    config,
    update(result) {
      if (!result.ok) return describeConfigErrors(result.errors);
      if (formatConfigText(result.config) !== config.getState().text) apply(result.config);
      return null;
    },
    configure(text) {
      // No text at all means the app's own default, not the text format's implicit circuit.
      const result: ConfigResult =
        text.trim() === '' ? { ok: true, config: DEFAULT_CONFIG } : parseConfigText(text);
      if (!result.ok) {
        const errors = result.errors.map((e) => e.message);
        // The notice's title already says "Configuration refused".
        addNotice(lab, 'invalid-config', `${errors.join('; ')}.`);
        return { ok: false, errors };
      }
      apply(result.config);
      return { ok: true };
    },
    play: () => send({ type: 'play' }),
    pause: () => send({ type: 'pause' }),
    step: (count) => send({ type: 'step', count }),
    reset: () => send({ type: 'reset' }),
    crashWorker: () => client.injectFault('crash'),
    injectFault: (kind) => client.injectFault(kind),
    inspect(image) {
      requestId += 1;
      send({ type: 'inspect', image, requestId });
      return requestId;
    },
    dismissLinkProblem: () => config.setState({ linkProblem: null }),
    setFieldRefusal(field, reason) {
      const { [field]: previous, ...others } = config.getState().refusedFields;
      if (previous === (reason ?? undefined)) return;
      config.setState({ refusedFields: reason === null ? others : { ...others, [field]: reason } });
    },
    dispose: () => client.dispose(),
  };
}

/** The event with its run id moved by `offset` (events without one pass unchanged). */
function shiftRunId(event: EngineEvent, offset: number): EngineEvent {
  if (offset === 0 || !('runId' in event)) return event;
  return { ...event, runId: event.runId + offset };
}
