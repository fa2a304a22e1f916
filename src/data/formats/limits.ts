/**
 * The stated limits of a dataset import, checked before any decoding so a too-large file is
 * refused at once rather than exhausting a tab's memory.
 */
import { formatBytes } from '../../util/formatBytes';
import { DatasetError } from './datasetError';

export const DATASET_LIMITS = {
  /** Any one input file (an IDX file, a zip, a CSV, one image), compressed size. 256 MiB. */
  fileBytes: 256 * 1024 * 1024,
  /** Images in all (train + test); Fashion-MNIST's 70,000 and EMNIST letters' 145,600 fit. */
  images: 200_000,
  /** The head has one output per class; labels are stored as one byte. */
  maxClasses: 256,
  /** Each source image's side, so decoding a huge photo cannot exhaust memory. */
  imageSide: 4096,
} as const;

/** Refuses a file over the stated limit before anything reads it. */
export function checkFileSize(path: string, bytes: number): void {
  if (bytes > DATASET_LIMITS.fileBytes) {
    throw new DatasetError(
      path,
      'too-large',
      `${formatBytes(bytes)}, larger than the ${formatBytes(DATASET_LIMITS.fileBytes)} limit for one file`,
      'Split the data into smaller files, or use a subset',
    );
  }
}
