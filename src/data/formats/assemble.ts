/**
 * From parsed, labelled images to a Dataset: label values become classes 0 … K-1, a test set is
 * taken (the user's, or the stated split), and both sets are put in a balanced order. Shared by
 * every format, so each rule about classes is worded once.
 */
import { mulberry32, permutation } from '../../util/prng';
import type { Digits } from '../digits';
import { SPLIT_SEED } from '../split';
import type { Dataset, DatasetFormat, SplitSource } from './dataset';
import { contentHash } from './datasetFile';
import { DatasetError } from './datasetError';
import { DATASET_LIMITS } from './limits';

/** Images already at side × side, values in [0, 1], each with the label its source gave it. */
export interface LabelledImages {
  /** The file (or folder) they came from, for messages. */
  readonly file: string;
  readonly images: Float32Array;
  /** The source's label of each image: a number as text, or a class folder's name. */
  readonly labels: readonly string[];
}

export interface AssembleInput {
  readonly name: string;
  readonly format: DatasetFormat;
  readonly side: number;
  readonly sourceSize: readonly [number, number];
  readonly train: LabelledImages;
  /** The user's own test set; without one, STATED_TEST_FRACTION of each class is held out. */
  readonly test?: LabelledImages;
}

/**
 * The stated split: without a test set of its own, a dataset's test set is 20% of each class
 * (rounded, at least one image), drawn with SPLIT_SEED, so the same files always split alike.
 */
export const STATED_TEST_FRACTION = 0.2;

/** Integers sort as numbers (2 before 10), anything else as text. */
function classOrder(keys: Iterable<string>): string[] {
  const list = [...keys];
  const numeric = list.every((k) => /^-?\d+$/.test(k));
  return numeric ? list.sort((a, b) => Number(a) - Number(b)) : list.sort();
}

/**
 * Round-robin over the classes in a freshly shuffled class order each round, classes dropping out
 * as they run out: a prefix of the set is as balanced as the classes allow, so a run's first
 * trainSize images hold every class (the built-in split is ordered the same way, split.ts).
 */
export function balancedOrder(
  labels: Uint8Array,
  classes: number,
  random: () => number,
): Uint32Array {
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  labels.forEach((label, i) => byClass[label].push(i));
  const queues = byClass.map((indexes) => {
    const order = permutation(indexes.length, random);
    return Array.from(order, (k) => indexes[k]);
  });
  const out = new Uint32Array(labels.length);
  let n = 0;
  for (let round = 0; n < labels.length; round++) {
    for (const c of permutation(classes, random)) {
      if (round < queues[c].length) out[n++] = queues[c][round];
    }
  }
  return out;
}

function gatherDigits(
  images: Float32Array,
  labels: Uint8Array,
  order: ArrayLike<number>,
  side: number,
): Digits {
  const size = side * side;
  const out = new Float32Array(order.length * size);
  const outLabels = new Uint8Array(order.length);
  for (let n = 0; n < order.length; n++) {
    const i = order[n];
    out.set(images.subarray(i * size, (i + 1) * size), n * size);
    outLabels[n] = labels[i];
  }
  return { images: out, labels: outLabels, count: order.length, height: side, width: side };
}

function statedSplit(
  set: LabelledImages,
  labels: Uint8Array,
  classNames: readonly string[],
  random: () => number,
): { train: number[]; test: number[] } {
  const byClass: number[][] = classNames.map(() => []);
  labels.forEach((label, i) => byClass[label].push(i));
  const train: number[] = [];
  const test: number[] = [];
  byClass.forEach((indexes, c) => {
    if (indexes.length < 2) {
      throw new DatasetError(
        set.file,
        'classes',
        `class "${classNames[c]}" has only ${indexes.length} image, and without a test set of its own ` +
          `${STATED_TEST_FRACTION * 100}% of every class is held out for testing`,
        'Give every class at least 2 images, or add a test set of your own',
      );
    }
    const held = Math.max(1, Math.round(indexes.length * STATED_TEST_FRACTION));
    const order = permutation(indexes.length, random);
    order.forEach((k, j) => (j < held ? test : train).push(indexes[k]));
  });
  return { train, test };
}

export function assembleDataset(input: AssembleInput): Dataset {
  const { train, test, side } = input;
  const size = side * side;
  const total = train.labels.length + (test?.labels.length ?? 0);
  if (total > DATASET_LIMITS.images) {
    throw new DatasetError(
      train.file,
      'too-large',
      `${total.toLocaleString('en')} images, more than the ${DATASET_LIMITS.images.toLocaleString('en')} a dataset may hold`,
      'Use a subset of the images',
    );
  }
  const classNames = classOrder(new Set(train.labels));
  if (classNames.length < 2) {
    throw new DatasetError(
      train.file,
      'classes',
      classNames.length === 0
        ? 'no images'
        : `every image has the same label "${classNames[0]}": one class only, nothing to tell apart`,
      'A dataset needs images of at least 2 classes',
    );
  }
  if (classNames.length > DATASET_LIMITS.maxClasses) {
    throw new DatasetError(
      train.file,
      'classes',
      `${classNames.length} classes, more than the ${DATASET_LIMITS.maxClasses} the model's head supports`,
      'Merge or drop classes',
    );
  }
  const index = new Map(classNames.map((name, i) => [name, i]));
  const trainLabels = Uint8Array.from(train.labels, (l) => index.get(l)!);
  const random = mulberry32(SPLIT_SEED);
  let trainDigits: Digits;
  let testDigits: Digits;
  if (test) {
    const testLabels = new Uint8Array(test.labels.length);
    test.labels.forEach((label, i) => {
      const c = index.get(label);
      if (c === undefined) {
        throw new DatasetError(
          test.file,
          'labels',
          `label "${label}" of image ${i + 1} is out of range: the training set's classes are ` +
            `${classNames.slice(0, 12).join(', ')}${classNames.length > 12 ? ', …' : ''}`,
          'Every test label must also occur in the training set; fix or remove that image',
        );
      }
      testLabels[i] = c;
    });
    if (test.labels.length === 0) {
      throw new DatasetError(test.file, 'classes', 'the test set has no images', 'Add test images');
    }
    trainDigits = gatherDigits(
      train.images,
      trainLabels,
      balancedOrder(trainLabels, classNames.length, random),
      side,
    );
    testDigits = gatherDigits(
      test.images,
      testLabels,
      balancedOrder(testLabels, classNames.length, random),
      side,
    );
  } else {
    const picks = statedSplit(train, trainLabels, classNames, random);
    const pickedLabels = (which: number[]) => Uint8Array.from(which, (i) => trainLabels[i]);
    const ordered = (which: number[]) => {
      const labels = pickedLabels(which);
      return Array.from(balancedOrder(labels, classNames.length, random), (k) => which[k]);
    };
    trainDigits = gatherDigits(train.images, trainLabels, ordered(picks.train), side);
    testDigits = gatherDigits(train.images, trainLabels, ordered(picks.test), side);
  }
  if (trainDigits.images.length !== trainDigits.count * size)
    throw new Error('assembleDataset: size');
  const split: SplitSource = test ? 'files' : 'stated';
  const dataset = {
    name: input.name,
    format: input.format,
    split,
    classes: classNames.length,
    classNames,
    side,
    sourceSize: input.sourceSize,
    train: trainDigits,
    test: testDigits,
  };
  return { ...dataset, hash: contentHash(dataset) };
}
