/// <reference lib="webworker" />
/*
 * The deep-stack study's Web Worker: the training step's tensor work runs here, never on the
 * page's thread. tfjs's `cpu` backend with the fused CPU kernel on this thread: the step then
 * runs on typed arrays (src/model/typed/), the fastest path for one small batch at a time.
 * The page passes the data folder's URL in the worker's name; a user's dataset comes from this
 * browser's store (IndexedDB), as the training worker reads it.
 */
import * as tf from '../sim/tf';
import { registerBrowserBackend } from './backendBrowser';
import { browserDataLoader, type LoadData } from './browserData';
import { simulatorFor } from './simulatorChoice';
import type { StacksCommand, StacksEvent } from './stacksProtocol';
import { createStacksRunner } from './stacksRunner';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const { dataUrl } = JSON.parse(scope.name || '{}') as { dataUrl?: string };

let backend: Promise<void> | null = null;
const loadData: LoadData = dataUrl
  ? browserDataLoader(dataUrl)
  : () => Promise.reject(new Error('the stack worker was started without the data folder’s URL'));

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
