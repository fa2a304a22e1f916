/// <reference lib="webworker" />
import * as tf from '../sim/tf';
import { browserDataLoader } from './browserData';
import { BACKEND_ORDER, type BackendChoice, type BackendName } from './backend';
import { chooseOrOffer } from './backendProbe';
import { registerBrowserBackend } from './backendBrowser';
import { simulatorFor } from './simulatorChoice';
import { useBrowserKernelThreads } from '../sim/cpu/simdThreadsBrowser';
import {
  FAULT,
  HEARTBEAT,
  type EngineCommand,
  type EngineEvent,
  type EngineFault,
  type Heartbeat,
} from './protocol';
import { TrainingEngine, type EngineHost } from './trainingEngine';
import { injectGpuError, watchGpuErrors } from './gpuErrors';
import { backendFitter, startBackend } from './backendFit';
import { timeTrainingSteps } from './backendTiming';
import {
  ONE_THREAD_MEASURED,
  sameOption,
  type BackendMeasurement,
  type BackendOption,
} from './backendMeasure';

/**
 * The Web Worker that does all tensor work of the app. The page passes its options in the
 * worker's name (known before the first message): the URL of the data folder and, for tests and
 * for users who want to compare, a backend order.
 */
export interface WorkerOptions {
  readonly dataUrl: string;
  readonly backends?: readonly BackendName[];
  /** A Web Lock this worker holds for its whole life, so the page sees it end (engineClient.ts). */
  readonly lifeLock?: string;
  /**
   * 1 keeps the CPU kernel on this worker's own thread: for workers that already run one per core
   * (the Explore view's), where a second kernel thread each would only contend for the cores.
   */
  readonly kernelThreads?: 1;
  /**
   * Choose the backend by timing each configuration's size class (backendFit.ts), starting from
   * the page's earlier measurements on this device. Ignored where `backends` is named.
   */
  readonly measure?: { readonly remembered: Readonly<Record<string, BackendMeasurement>> };
}

const ONE_THREAD_REASON =
  'this worker is one of several training side by side, one per core (the Explore view)';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const options = JSON.parse(scope.name || '{}') as WorkerOptions;
const loadData = browserDataLoader(options.dataUrl);

let gpuErrors: (() => string | null) | null = null;
/** The CPU kernel's threads as measured fastest; undefined: as many as it has. */
let kernelThreads: 1 | undefined = options.kernelThreads;

/** The chosen backend with its CPU kernel's threads (and the GPU's error watch). */
async function withThreads(choice: BackendChoice): Promise<BackendChoice> {
  gpuErrors = choice.name === 'webgpu' ? watchGpuErrors() : null;
  if (choice.name !== 'cpu' && choice.name !== 'wasm') return choice;
  if (options.kernelThreads === 1) {
    return { ...choice, cpuKernel: { threads: 1, reason: ONE_THREAD_REASON } };
  }
  // The CPU kernel's second thread, where the page is cross-origin isolated.
  const threading = await useBrowserKernelThreads();
  return kernelThreads === 1 && threading.threads === 2
    ? { ...choice, cpuKernel: ONE_THREAD_MEASURED }
    : { ...choice, cpuKernel: threading };
}

/** The option in use now, and the choice it gave. */
let active: { readonly option: BackendOption; readonly choice: BackendChoice } | null = null;

/** Switches to `option` for a measurement or a run (a no-op when it is on); throws where it does not work. */
async function activate(option: BackendOption): Promise<BackendChoice> {
  if (active && sameOption(active.option, option) && tf.getBackend() === option.backend) {
    return active.choice;
  }
  active = null;
  const started = await startBackend(registerBrowserBackend, option.backend);
  kernelThreads = option.threads === 1 ? 1 : undefined;
  const choice = await withThreads(started);
  active = { option, choice };
  return choice;
}

const fitBackend =
  options.measure && options.backends === undefined && options.kernelThreads !== 1
    ? backendFitter({
        candidates: async () => {
          const threads = (await useBrowserKernelThreads()).threads;
          const cpu: BackendOption[] =
            threads === 2
              ? [
                  { backend: 'wasm', threads: 2 },
                  { backend: 'wasm', threads: 1 },
                ]
              : [{ backend: 'wasm', threads: 1 }];
          return 'gpu' in navigator ? [{ backend: 'webgpu' }, ...cpu] : cpu;
        },
        lastResort: [{ backend: 'cpu', threads: 1 }],
        activate,
        timeStep: (config, option) =>
          timeTrainingSteps(config, simulatorFor(option.backend, option.threads), () =>
            performance.now(),
          ),
        memory: new Map(Object.entries(options.measure.remembered)),
      })
    : undefined;

const host: EngineHost = {
  chooseBackend: async (exclude) =>
    withThreads(
      await chooseOrOffer(
        registerBrowserBackend,
        (options.backends ?? BACKEND_ORDER).filter((b) => !exclude.includes(b)),
        // Named backends are used as asked; by default a GPU emulated on the CPU is passed over.
        { skipSoftwareGpu: options.backends === undefined },
      ),
    ),
  ...(fitBackend && { fitBackend }),
  simulator: () => simulatorFor(tf.getBackend(), kernelThreads),
  loadData: (onProgress, dataset) => loadData(dataset, onProgress),
  // A MessageChannel round trip is a macrotask without setTimeout's 4 ms clamp.
  yieldToEvents: () =>
    new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(null);
    }),
  now: () => performance.now(),
  deviceError: () => gpuErrors?.() ?? null,
};

const engine = new TrainingEngine({ post: (event: EngineEvent) => scope.postMessage(event) }, host);
scope.onmessage = (event: MessageEvent<EngineCommand | EngineFault | Heartbeat>) => {
  const message = event.data;
  if (message.type === HEARTBEAT) return scope.postMessage({ type: HEARTBEAT } satisfies Heartbeat);
  if (message.type !== FAULT) return engine.handle(message);
  if (message.fault === 'crash') throw new Error('crash injected for a test');
  if (message.fault === 'silent') return scope.close();
  if (message.fault === 'gpu') return injectGpuError();
  engine.injectDivergence();
};

if (options.lifeLock && 'locks' in navigator) {
  void navigator.locks.request(options.lifeLock, () => {
    scope.postMessage({ type: HEARTBEAT, lockHeld: true } satisfies Heartbeat);
    return new Promise<never>(() => {}); // held until the worker ends
  });
}
