import type { EngineCommand, EngineEvent } from '../engine/protocol';
import { describeConfigErrors, type ConfigResult, type ExperimentConfig } from '../model/config';
import { formatConfigText, parseConfigText } from '../model/configText';
import type { AutomationActions } from './automation';
import { createConfigStore, type ConfigStore } from './configStore';
import type { EngineClient, EngineClientCallbacks } from './engineClient';
import { addNotice, applyEngineEvent, createLabStore, type LabStore } from './labStore';
import { firstRunConfig } from './firstRun';
import { createThrottledView } from './labView';
import { createPaceStore, readPace, searchWithPace, type PaceStore } from './pace';
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
  dismissLinkProblem(): void;
  /** A field now holds a refused value (`reason`), or no longer does (null). */
  setFieldRefusal(field: string, reason: string | null): void;
  dispose(): void;
}

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
  // A restarted worker counts its runs from 1 again; shift its ids past the ones already
  // recorded so the old runs (and their charts) are kept, as the crash notice promises.
  let runOffset = 0;
  const onEvent = (event: EngineEvent) => applyEngineEvent(lab, shiftRunId(event, runOffset));
  const client = startEngine({
    onEvent,
    onCrash: (message, silent) => {
      // The new worker starts unpaced: tell it the page's pace again.
      client.send({ type: 'pace', stepsPerSecond: pace.getState().stepsPerSecond });
      runOffset = Math.max(0, ...lab.getState().recorder.runs.keys());
      addNotice(
        lab,
        'crash',
        `The training worker ${silent ? 'stopped' : 'crashed'} (${message}); it was restarted and your metrics are kept.`,
      );
    },
  });

  const send = (command: EngineCommand) => client.send(command);
  /** `address`: how the address bar learns of it; 'none' when it already shows it (Back). */
  const apply = (next: ExperimentConfig, address: 'push' | 'replace' | 'none') => {
    const text = formatConfigText(next);
    config.setState({ config: next, text });
    if (address !== 'none') addressBar.write(searchWithConfig(addressBar.read(), next), address);
    send({ type: 'configure', config: text });
  };
  // The link's configuration was read above; make the address canonical and start the engine.
  send({ type: 'pace', stepsPerSecond: pace.getState().stepsPerSecond });
  apply(initial, 'replace');

  let requestId = 0;
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
      const result = parseConfigText(text);
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
