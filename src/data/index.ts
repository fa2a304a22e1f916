/**
 * src/data's public surface for the page and the worker. Node code imports loadFromDisk.ts
 * directly; it is left out here so browser bundles never see node:fs.
 */
export { batchIndices, batchesPerEpoch, epochOrder } from './batches';
export { fnv1a32 } from '../util/fnv1a';
export { classCounts, imageAt, takeFirst, toDigits, type Digits } from './digits';
export { DATA_COMMAND, DataError, type DataErrorReason } from './errors';
export { loadMnistFromUrl, mnistUrl, type FetchFn } from './loadFromUrl';
export {
  decodeMnistFile,
  decodeMnistSplit,
  encodeMnistFile,
  MNIST_FILE_NAMES,
  SPLIT_NAMES,
  type MnistSplit,
  type SplitName,
} from './mnistFormat';
export { avgPool2x2, downscaleDigits } from './pool';
export { prepareDigits, type PrepareOptions } from './prepare';
export { deriveSeed, mulberry32, permutation, shuffleInPlace } from '../util/prng';
export { buildSplits, SPLIT_SEED, TEST_PER_CLASS, type Splits } from './split';
