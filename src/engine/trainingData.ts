import type { MnistSplit } from '../data/mnistFormat';
import { prepareDigits } from '../data/prepare';
import type { Digits } from '../data/digits';
import type { Dataset } from '../data/formats/dataset';
import { datasetId } from '../data/formats/dataset';
import { MNIST_DATASET } from '../data/formats/datasetRef';

/** The images a run trains and tests on, prepared once per engine host and dataset. */
export interface TrainingData {
  readonly train: Digits;
  readonly test: Digits;
  /** Which data this is, as a configuration names it (config.dataset); absent: 'mnist'. */
  readonly dataset?: string;
  /** The head's class count; absent: MNIST's 10. */
  readonly classes?: number;
}

/** Whole splits at 14×14: a run takes its first trainSize / testSize images. */
export function prepareTrainingData(train: MnistSplit, test: MnistSplit): TrainingData {
  return {
    train: prepareDigits(train, { count: train.count, downscale: true }),
    test: prepareDigits(test, { count: test.count, downscale: true }),
    dataset: MNIST_DATASET,
    classes: train.classes,
  };
}

/** A user's dataset, already at the model's input size (src/data/formats). */
export function datasetTrainingData(dataset: Dataset): TrainingData {
  return {
    train: dataset.train,
    test: dataset.test,
    dataset: datasetId(dataset),
    classes: dataset.classes,
  };
}
