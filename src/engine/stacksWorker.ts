/// <reference lib="webworker" />
/*
 * The deep-stack study's Web Worker: the training step's tensor work runs here, never on the
 * page's thread. tfjs's `cpu` backend with the fused CPU kernel on this thread: the step then
 * runs on typed arrays (src/model/typed/), the fastest path for one small batch at a time.
 * The page passes the data folder's URL in the worker's name; a user's dataset comes from this
 * browser's store (IndexedDB), as the training worker reads it.
 */
import * as tf from '../sim/tf';
import { loadMnistFromUrl } from '../data/loadFromUrl';
import { MNIST_DATASET } from '../data/formats/datasetRef';
import { missingDatasetError, openDatasetStore } from '../data/formats/datasetStoreBrowser';
import { registerBrowserBackend } from './backendBrowser';
import { simulatorFor } from './simulatorChoice';
import type { StacksCommand, StacksEvent } from './stacksProtocol';
import { createStacksRunner } from './stacksRunner';
import { datasetTrainingData, prepareTrainingData, type TrainingData } from './trainingData';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const { dataUrl } = JSON.parse(scope.name || '{}') as { dataUrl?: string };

let backend: Promise<void> | null = null;
let mnist: Promise<TrainingData> | null = null;
/** The user's dataset loaded last (one at a time: each may be tens of MiB). */
let user: { id: string; data: TrainingData } | null = null;

async function loadData(dataset: string): Promise<TrainingData> {
  if (dataset !== MNIST_DATASET) {
    if (user?.id === dataset) return user.data;
    // Read again after a miss: the page may store the dataset after a first run found it missing.
    const stored = await (await openDatasetStore()).load(dataset);
    if (!stored) throw missingDatasetError(dataset);
    user = { id: dataset, data: datasetTrainingData(stored) };
    return user.data;
  }
  if (!dataUrl) throw new Error('the stack worker was started without the data folder’s URL');
  mnist ??= Promise.all([loadMnistFromUrl(dataUrl, 'train'), loadMnistFromUrl(dataUrl, 'test')])
    .then(([train, test]) => prepareTrainingData(train, test))
    .catch((error: unknown) => {
      mnist = null; // a failed load (offline) is tried again by the next run
      throw error;
    });
  return mnist;
}

const runner = createStacksRunner(
  {
    post: (event: StacksEvent) => scope.postMessage(event),
    yieldNow: () => new Promise((resolve) => setTimeout(resolve, 0)),
    now: () => performance.now(),
    prepare: async (dataset) => {
      backend ??= (async () => {
        await registerBrowserBackend('cpu', { skipSoftwareGpu: false });
        await tf.setBackend('cpu');
        tf.enableProdMode();
      })();
      await backend;
      return { simulator: simulatorFor('cpu'), data: await loadData(dataset) };
    },
  },
  250,
);
scope.onmessage = (e: MessageEvent<StacksCommand>) => {
  void runner.handle(e.data);
};
