import * as tf from '../sim/tf';
import { loadMnistFromDisk, DEFAULT_DATA_DIR } from '../data/loadFromDisk';
import { chooseBackend, type BackendName } from './backend';
import { registerNodeBackend } from './backendNode';
import { simulatorFor } from './simulatorChoice';
import { useNodeKernelThreads } from '../sim/cpu/simdThreadsNode';
import type { EngineHost } from './trainingEngine';
import { datasetTrainingData, prepareTrainingData, type TrainingData } from './trainingData';
import { DEFAULT_DATASETS_DIR, loadStoredDataset } from '../data/formats/datasetDisk';
import { MNIST_DATASET } from '../data/formats/datasetRef';

/**
 * The engine's host in Node (tests, CLI): tfjs `cpu` unless told otherwise, data from disk (MNIST
 * from `dataDir`, a user's dataset from its folder under `datasetsDir`), the CPU kernel on two
 * threads (worker_threads; `threads: 1` keeps it on this one).
 */
export function nodeHost(
  options: {
    backends?: readonly BackendName[];
    dataDir?: string;
    datasetsDir?: string;
    threads?: 1 | 2;
  } = {},
): EngineHost {
  const order = options.backends ?? ['cpu'];
  let data: Promise<TrainingData> | null = null;
  const datasets = new Map<string, Promise<TrainingData>>();
  return {
    chooseBackend: async (exclude) => {
      if (options.threads !== 1) await useNodeKernelThreads();
      return chooseBackend(
        registerNodeBackend,
        order.filter((b) => !exclude.includes(b)),
      );
    },
    simulator: () => simulatorFor(tf.getBackend()),
    loadData: (onProgress, dataset) => {
      if (dataset !== MNIST_DATASET) {
        const root = options.datasetsDir ?? DEFAULT_DATASETS_DIR;
        const loaded =
          datasets.get(dataset) ??
          loadStoredDataset(dataset, root).then((d) => {
            onProgress(1, 1);
            return datasetTrainingData(d);
          });
        // A failed load is not cached: the next configure tries again.
        datasets.set(dataset, loaded);
        loaded.catch(() => datasets.delete(dataset));
        return loaded;
      }
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
