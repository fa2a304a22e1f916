import * as tf from '@tensorflow/tfjs-core';
import { loadMnistFromDisk, DEFAULT_DATA_DIR } from '../data/loadFromDisk';
import { chooseBackend, type BackendName } from './backend';
import { registerNodeBackend } from './backendNode';
import { simulatorFor } from './simulatorChoice';
import type { EngineHost } from './trainingEngine';
import { prepareTrainingData, type TrainingData } from './trainingData';

/** The engine's host in Node (tests, CLI): tfjs `cpu` unless told otherwise, data from disk. */
export function nodeHost(
  options: { backends?: readonly BackendName[]; dataDir?: string } = {},
): EngineHost {
  const order = options.backends ?? ['cpu'];
  let data: Promise<TrainingData> | null = null;
  return {
    chooseBackend: (exclude) =>
      chooseBackend(
        registerNodeBackend,
        order.filter((b) => !exclude.includes(b)),
      ),
    simulator: () => simulatorFor(tf.getBackend()),
    loadData: (onProgress) => {
      data ??= (async () => {
        const dir = options.dataDir ?? DEFAULT_DATA_DIR;
        const train = await loadMnistFromDisk(dir, 'train');
        onProgress(1, 2);
        const test = await loadMnistFromDisk(dir, 'test');
        onProgress(2, 2);
        return prepareTrainingData(train, test);
      })();
      return data;
    },
    yieldToEvents: () => new Promise((resolve) => setImmediate(resolve)),
    now: () => performance.now(),
  };
}

/**
 * Production mode: tfjs skips its debug checks, and no longer prints its hint about tfjs-node
 * (which needs a native download our machines cannot make) into the CLI's output.
 */
export function quietTfjs(): void {
  tf.enableProdMode();
}
