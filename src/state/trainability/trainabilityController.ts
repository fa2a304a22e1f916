/*
 * The Trainability view's controller: settings are validated here (before any work), written to
 * the link as `trainability=…`, and sent to the worker; the worker's events fill the store.
 */
import type { TrainabilityEvent } from '../../engine/trainabilityProtocol';
import { validateSettings, type TrainabilitySettings } from '../../model/trainability/settings';
import {
  formatSettingsText,
  parseSettingsText,
  type RawSettings,
} from '../../model/trainability/settingsText';
import { createTrainabilityStore } from './trainabilityStore';
import { readLinkParam, searchWithParam, studySession, type StudyWorker } from './studySession';

export const TRAINABILITY_PARAM = 'trainability';

export type TrainabilityWorker = StudyWorker<TrainabilitySettings, TrainabilityEvent>;

export interface AddressBar {
  read(): string;
  write(search: string): void;
}

/** The settings a link asks for: null when it has no trainability= parameter. */
export function readTrainabilityLink(
  search: string,
): { settings: TrainabilitySettings | null; errors: string[] } | null {
  const text = readLinkParam(search, TRAINABILITY_PARAM);
  if (text === null) return null;
  const parsed = parseSettingsText(text);
  const checked = validateSettings(parsed.raw);
  const errors = [...parsed.errors, ...(checked.ok ? [] : checked.errors)];
  return { settings: checked.ok && parsed.errors.length === 0 ? checked.settings : null, errors };
}

/** `search` with trainability= set to the settings' text, other parameters kept. */
export function searchWithTrainability(search: string, settings: TrainabilitySettings): string {
  return searchWithParam(search, TRAINABILITY_PARAM, formatSettingsText(settings));
}

export function createTrainabilityController(
  createWorker: () => TrainabilityWorker,
  address: AddressBar,
) {
  const link = readTrainabilityLink(address.read());
  const store = createTrainabilityStore(link?.settings ?? undefined);
  if (link && link.errors.length > 0) store.setState({ errors: link.errors });
  const onEvent = (e: TrainabilityEvent) => {
    const s = store.getState();
    if (e.type === 'progress') {
      store.setState({
        rows: [...s.rows, ...e.rows],
        fits: e.fits,
        progress: e.progress,
        threads: e.threads,
        threadNote: e.threadNote,
      });
    } else if (e.type === 'done')
      store.setState({ status: 'done', seconds: e.seconds, progress: 1 });
    else if (e.type === 'cancelled') store.setState({ status: 'cancelled' });
    else store.setState({ status: 'error', errors: [e.message] });
  };
  const session = studySession(createWorker, onEvent);

  return {
    store,
    /** Whether the page was opened with a trainability= link. */
    fromLink: link !== null,
    /** Validates and keeps new settings (and the link); returns the refusals, empty when taken. */
    update(raw: RawSettings): readonly string[] {
      const checked = validateSettings({ ...store.getState().settings, ...raw });
      if (!checked.ok) {
        store.setState({ errors: checked.errors });
        return checked.errors;
      }
      store.setState({ settings: checked.settings, errors: [] });
      address.write(searchWithTrainability(address.read(), checked.settings));
      return [];
    },
    /** Starts the study of the current settings (a running one is cancelled first). */
    run(): void {
      const { settings } = store.getState();
      store.setState({
        status: 'running',
        shown: settings,
        rows: [],
        fits: [],
        progress: 0,
        errors: [],
        seconds: null,
        threads: null,
        threadNote: '',
      });
      address.write(searchWithTrainability(address.read(), settings));
      session.start(settings);
    },
    cancel(): void {
      if (store.getState().status === 'running') session.cancel();
    },
    dispose: session.dispose,
  };
}

export type TrainabilityController = ReturnType<typeof createTrainabilityController>;
