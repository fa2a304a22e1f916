/*
 * The Trainability view's controller: settings are validated here (before any work), written to
 * the link as `trainability=…`, and sent to the worker; the worker's events fill the store. A
 * small worker of its own is asked once whether WebGPU runs in a worker here (probeGpu): its
 * answer decides whether the form offers the WebGPU backend, and its limits bound n there.
 */
import type { TrainabilityEvent } from '../../engine/trainabilityProtocol';
import {
  DEFAULT_MEMORY_BYTES,
  validateSettings,
  type GpuSupport,
  type TrainabilitySettings,
} from '../../model/trainability/settings';
import type { GpuReport } from '../../sim/trainability/webgpu/gpuDevice';
import {
  formatSettingsText,
  parseSettingsText,
  type RawSettings,
} from '../../model/trainability/settingsText';
import { createTrainabilityStore } from './trainabilityStore';
import { readLinkParam, searchWithParam, studySession, type StudyWorker } from './studySession';

export const TRAINABILITY_PARAM = 'trainability';

export type TrainabilityWorker = StudyWorker<TrainabilitySettings, TrainabilityEvent>;

/** The WebGPU probe's worker (src/engine/gpuProbeWorker.ts): any message asks, it answers once. */
export interface GpuProbeWorker {
  postMessage(ask: null): void;
  onmessage: ((e: MessageEvent<GpuReport>) => void) | null;
  terminate(): void;
}

/**
 * How long the page waits for the probe's answer (the probe's own adapter request gives up
 * after 10 s): past it, WebGPU counts as missing, with why, rather than the form waiting forever.
 */
export const PROBE_TIMEOUT_MS = 20_000;

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
  createProbe: () => GpuProbeWorker,
) {
  const link = readTrainabilityLink(address.read());
  const store = createTrainabilityStore(link?.settings ?? undefined);
  if (link && link.errors.length > 0) store.setState({ errors: link.errors });
  /** What the WebGPU backend is checked against: the probe's limits, why not, or not yet known. */
  const gpuSupport = (): GpuSupport => {
    const { gpu } = store.getState();
    if (!gpu) return null;
    return gpu.available ? gpu.limits : gpu.reason;
  };
  const onGpu = (report: GpuReport) => {
    store.setState({ gpu: report });
    // a WebGPU study asked for by the link learns now whether it can run here
    const s = store.getState();
    if (s.settings.backend === 'webgpu' && s.status !== 'running') {
      const checked = validateSettings(s.settings, DEFAULT_MEMORY_BYTES, gpuSupport());
      store.setState({ errors: checked.ok ? [] : checked.errors });
    }
  };
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
  let probed = false;
  /** The probe's own worker while it has not answered. */
  let prober: { worker: GpuProbeWorker; timer: ReturnType<typeof setTimeout> } | null = null;
  const endProbe = (report: GpuReport | null) => {
    if (!prober) return;
    clearTimeout(prober.timer);
    prober.worker.onmessage = null;
    prober.worker.terminate();
    prober = null;
    if (report) onGpu(report);
  };

  return {
    store,
    /** Whether the page was opened with a trainability= link. */
    fromLink: link !== null,
    /** Validates and keeps new settings (and the link); returns the refusals, empty when taken. */
    update(raw: RawSettings): readonly string[] {
      const checked = validateSettings(
        { ...store.getState().settings, ...raw },
        DEFAULT_MEMORY_BYTES,
        gpuSupport(),
      );
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
    /**
     * Asks once whether WebGPU runs in a worker here: a probe worker started for the question and
     * ended with its answer (the study's own worker starts with the first study).
     */
    probeGpu(): void {
      if (probed) return;
      probed = true;
      const worker = createProbe();
      const reason = `the WebGPU probe's worker did not say within ${PROBE_TIMEOUT_MS / 1000} s whether WebGPU runs there: reload the page to ask again, or use the CPU backend`;
      const timer = setTimeout(() => endProbe({ available: false, reason }), PROBE_TIMEOUT_MS);
      prober = { worker, timer };
      worker.onmessage = (e) => endProbe(e.data);
      worker.postMessage(null);
    },
    dispose(): void {
      endProbe(null);
      session.dispose();
    },
  };
}

export type TrainabilityController = ReturnType<typeof createTrainabilityController>;
