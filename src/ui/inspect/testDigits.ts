import { imageAt, loadMnistFromUrl, prepareDigits, type Digits } from '../../data';
import { datasetLabel, MNIST_DATASET } from '../../data/formats/datasetRef';
import { openDatasetStore } from '../../data/formats/datasetStoreBrowser';

/** A few test images to inspect. The worker holds its own copy; these are only for picking. */
export interface SampleDigit {
  readonly label: number;
  readonly image: Float32Array;
}

/** The samples of one dataset with what names its classes (the probabilities' labels). */
export interface SampleSet {
  /** How the page names the dataset: MNIST, or the user's `name.hash`. */
  readonly name: string;
  /** One per class of the dataset, in label order: MNIST's digits, a user's folder names or labels. */
  readonly classNames: readonly string[];
  readonly samples: readonly SampleDigit[];
}

const SAMPLE_COUNT = 20;
const MNIST_CLASSES = Array.from({ length: 10 }, (_, d) => String(d));

const cached = new Map<string, Promise<SampleSet>>();

/** The first test images of `digits`, named: pure, for the loaders below. */
export function sampleSetOf(
  digits: Digits,
  name: string,
  classNames: readonly string[],
): SampleSet {
  const count = Math.min(SAMPLE_COUNT, digits.count);
  return {
    name,
    classNames,
    samples: Array.from({ length: count }, (_, i) => ({
      label: digits.labels[i],
      image: imageAt(digits, i).slice(),
    })),
  };
}

/**
 * The first test images at 14×14 of the configuration's dataset (`mnist`, fetched and decoded;
 * a user's, from this browser's store), loaded once each (no tensors: plain arrays).
 */
export function loadSampleDigits(baseUrl: string, dataset = MNIST_DATASET): Promise<SampleSet> {
  let samples = cached.get(dataset);
  if (!samples) {
    samples =
      dataset === MNIST_DATASET
        ? loadMnistFromUrl(baseUrl, 'test').then((split) =>
            sampleSetOf(
              prepareDigits(split, { count: Math.min(SAMPLE_COUNT, split.count), downscale: true }),
              datasetLabel(MNIST_DATASET),
              MNIST_CLASSES,
            ),
          )
        : openDatasetStore()
            .then((store) => store.load(dataset))
            .then((stored) => {
              if (!stored) throw new Error(`${dataset} is not stored in this browser`);
              return sampleSetOf(stored.test, dataset, stored.classNames);
            });
    cached.set(dataset, samples);
    samples.catch(() => cached.delete(dataset));
  }
  return samples;
}

/** Class `c`'s name in `classNames`, or its number where the set names fewer classes. */
export function className(classNames: readonly string[], c: number): string {
  return classNames[c] ?? String(c);
}
