/// <reference lib="webworker" />
/*
 * The deep-stack study's Web Worker: the training step's tensor work runs here, never on the
 * page's thread. tfjs's `cpu` backend with the fused CPU kernel on this thread: the step then
 * runs on typed arrays (src/model/typed/), the fastest path for one small batch at a time.
 * The page passes the data folder's URL in the worker's name.
 */
import * as tf from '../sim/tf';
import { loadMnistFromUrl } from '../data/loadFromUrl';
import { registerBrowserBackend } from './backendBrowser';
import { simulatorFor } from './simulatorChoice';
import type { StacksCommand, StacksEvent } from './stacksProtocol';
import { createStacksRunner } from './stacksRunner';
import { prepareTrainingData, type TrainingData } from './trainingData';
import type { QuanvSimulator } from '../sim/simulator';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const { dataUrl } = JSON.parse(scope.name || '{}') as { dataUrl?: string };

let prepared: Promise<{ simulator: QuanvSimulator; data: TrainingData }> | null = null;
const runner = createStacksRunner(
  {
    post: (event: StacksEvent) => scope.postMessage(event),
    yieldNow: () => new Promise((resolve) => setTimeout(resolve, 0)),
    now: () => performance.now(),
    prepare: () =>
      (prepared ??= (async () => {
        if (!dataUrl) throw new Error('the stack worker was started without the data folder’s URL');
        await registerBrowserBackend('cpu', { skipSoftwareGpu: false });
        await tf.setBackend('cpu');
        tf.enableProdMode();
        const [train, test] = await Promise.all([
          loadMnistFromUrl(dataUrl, 'train'),
          loadMnistFromUrl(dataUrl, 'test'),
        ]);
        return { simulator: simulatorFor('cpu'), data: prepareTrainingData(train, test) };
      })()),
  },
  250,
);
scope.onmessage = (e: MessageEvent<StacksCommand>) => {
  void runner.handle(e.data);
};
