/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs-core';
import { loadMnistFromUrl } from '../data/loadFromUrl';
import { BACKEND_ORDER, chooseBackend, type BackendName } from './backend';
import { registerBrowserBackend } from './backendBrowser';
import { simulatorFor } from './simulatorChoice';
import { prepareTrainingData, type TrainingData } from './trainingData';
import { CRASH_FAULT, type CrashFault, type EngineCommand, type EngineEvent } from './protocol';
import { TrainingEngine, type EngineHost } from './trainingEngine';

/**
 * The Web Worker that does all tensor work of the app. The page passes its options in the
 * worker's name (known before the first message): the URL of the data folder and, for tests and
 * for users who want to compare, a backend order.
 */
export interface WorkerOptions {
  readonly dataUrl: string;
  readonly backends?: readonly BackendName[];
}

const scope = self as unknown as DedicatedWorkerGlobalScope;
const options = JSON.parse(scope.name || '{}') as WorkerOptions;

let data: Promise<TrainingData> | null = null;
const host: EngineHost = {
  chooseBackend: (exclude) =>
    chooseBackend(
      registerBrowserBackend,
      (options.backends ?? BACKEND_ORDER).filter((b) => !exclude.includes(b)),
      // Named backends are used as asked; by default a GPU emulated on the CPU is passed over.
      { skipSoftwareGpu: options.backends === undefined },
    ),
  simulator: () => simulatorFor(tf.getBackend()),
  loadData: (onProgress) => {
    data ??= (async () => {
      const train = await loadMnistFromUrl(options.dataUrl, 'train');
      onProgress(1, 2);
      const test = await loadMnistFromUrl(options.dataUrl, 'test');
      onProgress(2, 2);
      return prepareTrainingData(train, test);
    })();
    return data;
  },
  // A MessageChannel round trip is a macrotask without setTimeout's 4 ms clamp.
  yieldToEvents: () =>
    new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(null);
    }),
  now: () => performance.now(),
};

const engine = new TrainingEngine({ post: (event: EngineEvent) => scope.postMessage(event) }, host);
scope.onmessage = (event: MessageEvent<EngineCommand | CrashFault>) => {
  if (event.data.type === CRASH_FAULT) throw new Error('crash injected for a test');
  engine.handle(event.data);
};
