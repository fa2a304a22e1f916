/*
 * The Trainability view's controller: settings are validated here (before any work), written to
 * the link as `trainability=…`, and sent to the worker; the worker's events fill the store.
 */
import type { TrainabilityCommand, TrainabilityEvent } from '../../engine/trainabilityProtocol';
import { validateSettings, type TrainabilitySettings } from '../../model/trainability/settings';
import {
  formatSettingsText,
  parseSettingsText,
  type RawSettings,
} from '../../model/trainability/settingsText';
import { createTrainabilityStore } from './trainabilityStore';

export const TRAINABILITY_PARAM = 'trainability';

export interface TrainabilityWorker {
  postMessage(command: TrainabilityCommand): void;
  onmessage: ((e: MessageEvent<TrainabilityEvent>) => void) | null;
  terminate(): void;
}

export interface AddressBar {
  read(): string;
  write(search: string): void;
}

/** The settings a link asks for: null when it has no trainability= parameter. */
export function readTrainabilityLink(
  search: string,
): { settings: TrainabilitySettings | null; errors: string[] } | null {
  const match = new RegExp(`[?&]${TRAINABILITY_PARAM}=([^&]*)`).exec(search);
  if (!match) return null;
  let text = match[1];
  try {
    text = decodeURIComponent(text);
  } catch {
    // keep the raw text: the parse names what it cannot read
  }
  const parsed = parseSettingsText(text);
  const checked = validateSettings(parsed.raw);
  const errors = [...parsed.errors, ...(checked.ok ? [] : checked.errors)];
  return { settings: checked.ok && parsed.errors.length === 0 ? checked.settings : null, errors };
}

/** `search` with trainability= set to the settings' text, other parameters kept. */
export function searchWithTrainability(search: string, settings: TrainabilitySettings): string {
  const others = search
    .replace(/^\?/, '')
    .split('&')
    .filter((part) => part !== '' && part.split('=')[0] !== TRAINABILITY_PARAM);
  return `?${[...others, `${TRAINABILITY_PARAM}=${formatSettingsText(settings)}`].join('&')}`;
}

export function createTrainabilityController(
  createWorker: () => TrainabilityWorker,
  address: AddressBar,
) {
  const link = readTrainabilityLink(address.read());
  const store = createTrainabilityStore(link?.settings ?? undefined);
  if (link && link.errors.length > 0) store.setState({ errors: link.errors });
  let worker: TrainabilityWorker | null = null;
  let id = 0;

  const onEvent = (e: TrainabilityEvent) => {
    if (e.id !== id) return;
    const s = store.getState();
    if (e.type === 'progress') {
      store.setState({ rows: [...s.rows, ...e.rows], fits: e.fits, progress: e.progress });
    } else if (e.type === 'done')
      store.setState({ status: 'done', seconds: e.seconds, progress: 1 });
    else if (e.type === 'cancelled') store.setState({ status: 'cancelled' });
    else store.setState({ status: 'error', errors: [e.message] });
  };

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
      if (worker) worker.postMessage({ type: 'cancel', id });
      worker ??= createWorker();
      worker.onmessage = (e) => onEvent(e.data);
      id += 1;
      store.setState({
        status: 'running',
        shown: settings,
        rows: [],
        fits: [],
        progress: 0,
        errors: [],
        seconds: null,
      });
      address.write(searchWithTrainability(address.read(), settings));
      worker.postMessage({ type: 'run', id, settings });
    },
    cancel(): void {
      if (!worker || store.getState().status !== 'running') return;
      worker.postMessage({ type: 'cancel', id });
    },
    dispose(): void {
      worker?.terminate();
      worker = null;
    },
  };
}

export type TrainabilityController = ReturnType<typeof createTrainabilityController>;
