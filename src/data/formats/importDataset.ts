/**
 * The one entry for a user's dataset, in the page and on the command line: the files the user
 * gave (a zip, IDX files, CSV files, or a folder's images) → a Dataset, or a DatasetError that
 * names the file, what was wrong and what to do. Pure: nothing is stored until it succeeds
 * (storing is the caller's, in one step), so bad data is never half-stored.
 */
import { csvDataset } from './csv';
import type { Dataset } from './dataset';
import { decodeDatasetFile } from './datasetFile';
import { DatasetError } from './datasetError';
import { idxDataset, isIdxName } from './idxDataset';
import { imageFolderDataset, isSystemFile } from './imageFolder';
import type { ImportOptions, InputFile } from './inputFile';
import { checkFileSize } from './limits';
import { isZip, unzipFiles } from './zip';

export { checkFileSize };

export function importDataset(given: readonly InputFile[], options: ImportOptions): Dataset {
  for (const file of given) checkFileSize(file.path, file.bytes.length);
  const files = given
    .flatMap((file) => (isZip(file) ? unzipFiles(file) : [file]))
    .filter((file) => !isSystemFile(file.path));
  if (files.length === 0) {
    throw new DatasetError(
      given.map((f) => f.path).join(', ') || '(nothing)',
      'missing',
      'no data files',
      'Give IDX files, a CSV file, or a folder or zip of images with one subfolder per class',
    );
  }
  if (files.length === 1 && /\.rqds$/i.test(files[0].path)) return storedDataset(files[0], options);
  if (files.some((f) => isIdxName(f.path))) return idxDataset(files, options);
  if (files.some((f) => /\.csv$/i.test(f.path))) {
    const other = files.find((f) => !/\.csv$/i.test(f.path));
    if (other) {
      throw new DatasetError(
        other.path,
        'format',
        'not a CSV file, next to CSV files',
        'Give only the CSV files of one dataset',
      );
    }
    return csvDataset(files, options);
  }
  return imageFolderDataset(files, options);
}

/**
 * A dataset file as the CLI stores it (`.datasets/<name>-<hash>/dataset.rqds`), taken as it is:
 * its name and hash included, so the page names it as the command line does (`npm run figures --
 * --data` hands its stored dataset to the page this way).
 */
function storedDataset(file: InputFile, options: ImportOptions): Dataset {
  const dataset = decodeDatasetFile(file.bytes, file.path);
  if (dataset.side !== options.side) {
    throw new DatasetError(
      file.path,
      'sizes',
      `a dataset stored at ${dataset.side}×${dataset.side}, the model's input is ${options.side}×${options.side}`,
      'Import the dataset again from its original files',
    );
  }
  return dataset;
}
