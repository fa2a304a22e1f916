/*
 * The data a worker in the page trains on, for the training and the deep-stack workers alike:
 * MNIST fetched from the app's data folder once per worker (a failed fetch, offline, is tried
 * again by the next call), a user's dataset read from this browser's store (IndexedDB) on every
 * call, since the page may store it after a first call found it missing.
 */
import { loadMnistFromUrl } from '../data/loadFromUrl';
import { MNIST_DATASET } from '../data/formats/datasetRef';
import { missingDatasetError, openDatasetStore } from '../data/formats/datasetStoreBrowser';
import { datasetTrainingData, prepareTrainingData, type TrainingData } from './trainingData';

export type LoadData = (
  dataset: string,
  onProgress?: (done: number, total: number) => void,
) => Promise<TrainingData>;

export function browserDataLoader(dataUrl: string): LoadData {
  let mnist: Promise<TrainingData> | null = null;
  return async (dataset, onProgress = () => {}) => {
    if (dataset !== MNIST_DATASET) {
      const stored = await (await openDatasetStore()).load(dataset);
      if (!stored) throw missingDatasetError(dataset);
      onProgress(1, 1);
      return datasetTrainingData(stored);
    }
    mnist ??= (async () => {
      const train = await loadMnistFromUrl(dataUrl, 'train');
      onProgress(1, 2);
      const test = await loadMnistFromUrl(dataUrl, 'test');
      onProgress(2, 2);
      return prepareTrainingData(train, test);
    })().catch((error: unknown) => {
      mnist = null;
      throw error;
    });
    return mnist;
  };
}
