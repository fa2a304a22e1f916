import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { idxSet } from './fixtures';

/*
 * A dataset folder on disk, as a user hands one to `--data` or to the Node data store: for the
 * tests of the tools and runners that read such a folder (the Node side only).
 */

export interface TinyIdxFolderOptions {
  /** The folder's name under `dir` (an imported dataset is named after it). */
  readonly name?: string;
  /** Training images of each of the 3 classes. */
  readonly perClass?: number;
  /** Test images of each class. */
  readonly testPerClass?: number;
  /** The training files gzipped (the test files are not: a folder may mix them). */
  readonly gzip?: boolean;
}

/** A tiny IDX dataset of 3 classes written to `dir/name` (train and t10k files); returns that folder. */
export function tinyIdxFolder(
  dir: string,
  { name = 'tiny3', perClass = 4, testPerClass = 2, gzip = false }: TinyIdxFolderOptions = {},
): string {
  const folder = join(dir, name);
  mkdirSync(folder);
  for (const file of [
    ...idxSet({ classes: 3, perClass, gzip }),
    ...idxSet({ classes: 3, perClass: testPerClass, prefix: 't10k' }),
  ]) {
    writeFileSync(join(folder, file.path), file.bytes);
  }
  return folder;
}
