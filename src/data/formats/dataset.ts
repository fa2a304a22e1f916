/**
 * A user's dataset after import: grayscale images already at the model's input size, values in
 * [0, 1], labels 0 … classes-1, split into train and test. What every format parser produces
 * (through assembleDataset), what is stored (datasetFile.ts) and what a run trains on.
 */
import type { Digits } from '../digits';

export type DatasetFormat = 'idx' | 'images' | 'csv';

/** Where the test set came from: the user's own files, or the stated split (statedSplit.ts). */
export type SplitSource = 'files' | 'stated';

export interface Dataset {
  /** Lower-case letters, digits and dashes (datasetName.ts), so links and folder names carry it. */
  readonly name: string;
  /** FNV-1a (8 hex digits) of the stored content, the name left out (datasetFile.ts). */
  readonly hash: string;
  readonly format: DatasetFormat;
  readonly split: SplitSource;
  readonly classes: number;
  /** What each class was called in the source: a folder name or the original label value. */
  readonly classNames: readonly string[];
  /** The square side every image was resized to (the model's input, IMAGE_SIDE). */
  readonly side: number;
  /** The source images' height and width before resizing. */
  readonly sourceSize: readonly [number, number];
  readonly train: Digits;
  readonly test: Digits;
}

/** `name.hash`: how messages and the configuration name a dataset (datasetRef.ts). */
export function datasetId(dataset: Pick<Dataset, 'name' | 'hash'>): string {
  return `${dataset.name}.${dataset.hash}`;
}
