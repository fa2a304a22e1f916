import type { MnistSplit } from '../data/mnistFormat';
import { prepareDigits } from '../data/prepare';
import type { Digits } from '../data/digits';

/** The digits a run trains and tests on, prepared once per engine host. */
export interface TrainingData {
  readonly train: Digits;
  readonly test: Digits;
}

/** Whole splits at 14×14: a run takes its first trainSize / testSize images. */
export function prepareTrainingData(train: MnistSplit, test: MnistSplit): TrainingData {
  return {
    train: prepareDigits(train, { count: train.count, downscale: true }),
    test: prepareDigits(test, { count: test.count, downscale: true }),
  };
}
