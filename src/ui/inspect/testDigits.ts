import { imageAt, loadMnistFromUrl, prepareDigits, type Digits } from '../../data';
import { MNIST_DATASET } from '../../data/formats/datasetRef';
import { openDatasetStore } from '../../data/formats/datasetStoreBrowser';

/** A few test digits to inspect. The worker holds its own copy; these are only for picking. */
export interface SampleDigit {
  readonly label: number;
  readonly image: Float32Array;
}

const SAMPLE_COUNT = 20;

const cached = new Map<string, Promise<SampleDigit[]>>();

function samplesOf(digits: Digits): SampleDigit[] {
  const count = Math.min(SAMPLE_COUNT, digits.count);
  return Array.from({ length: count }, (_, i) => ({
    label: digits.labels[i],
    image: imageAt(digits, i).slice(),
  }));
}

/**
 * The first test images at 14×14 of the configuration's dataset (`mnist`, fetched and decoded;
 * a user's, from this browser's store), loaded once each (no tensors: plain arrays).
 */
export function loadSampleDigits(baseUrl: string, dataset = MNIST_DATASET): Promise<SampleDigit[]> {
  let samples = cached.get(dataset);
  if (!samples) {
    samples =
      dataset === MNIST_DATASET
        ? loadMnistFromUrl(baseUrl, 'test').then((split) =>
            samplesOf(
              prepareDigits(split, { count: Math.min(SAMPLE_COUNT, split.count), downscale: true }),
            ),
          )
        : openDatasetStore()
            .then((store) => store.load(dataset))
            .then((stored) => {
              if (!stored) throw new Error(`${dataset} is not stored in this browser`);
              return samplesOf(stored.test);
            });
    cached.set(dataset, samples);
    samples.catch(() => cached.delete(dataset));
  }
  return samples;
}
