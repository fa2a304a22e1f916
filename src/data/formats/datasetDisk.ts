/**
 * Datasets on disk, for the command line (Node only: the one module of src/data/formats that
 * imports node:fs, kept out of browser bundles). A stored dataset is a folder
 * `<root>/<name>-<hash>/dataset.rqds` (datasetFile.ts), root `.datasets/` of the checkout by default.
 */
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dataset } from './dataset';
import { datasetId } from './dataset';
import { DatasetError } from './datasetError';
import { decodeDatasetFile, encodeDatasetFile } from './datasetFile';
import { datasetNameFrom } from './datasetName';
import { parseDatasetRef } from './datasetRef';
import { checkFileSize, importDataset } from './importDataset';
import type { InputFile } from './inputFile';

export const DEFAULT_DATASETS_DIR = fileURLToPath(new URL('../../../.datasets', import.meta.url));
export const DATASET_FILE_NAME = 'dataset.rqds';

export function datasetFolder(root: string, name: string, hash: string): string {
  return join(root, `${name}-${hash}`);
}

/** Every file under `path` (or `path` itself), as InputFiles with paths relative to its parent. */
export async function readInputFiles(path: string): Promise<InputFile[]> {
  const top = resolve(path);
  let info;
  try {
    info = await stat(top);
  } catch {
    throw new DatasetError(
      path,
      'missing',
      'no such file or folder',
      'Check the path given to --data',
    );
  }
  const parent = resolve(top, '..');
  const files: InputFile[] = [];
  const visit = async (at: string): Promise<void> => {
    const entry = await stat(at);
    if (entry.isDirectory()) {
      for (const name of (await readdir(at)).sort()) await visit(join(at, name));
      return;
    }
    const shown = relative(parent, at).split(sep).join('/');
    checkFileSize(shown, entry.size);
    files.push({ path: shown, bytes: new Uint8Array(await readFile(at)) });
  };
  await (info.isDirectory() ? visit(top) : visit(top));
  return files;
}

/**
 * Writes the dataset's folder in one step: the file goes to a temporary name and is renamed into
 * place, so a full disk or an interrupted write never leaves a half-stored dataset under its name.
 * @returns the folder.
 */
export async function storeDatasetOnDisk(
  dataset: Dataset,
  root = DEFAULT_DATASETS_DIR,
): Promise<string> {
  const folder = datasetFolder(root, dataset.name, dataset.hash);
  const target = join(folder, DATASET_FILE_NAME);
  const temporary = `${target}.${process.pid}.partial`;
  try {
    await mkdir(folder, { recursive: true });
    await writeFile(temporary, encodeDatasetFile(dataset));
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw new DatasetError(
      folder,
      'storage',
      code === 'ENOSPC' || code === 'EDQUOT'
        ? `the disk is full: ${datasetId(dataset)} was not stored`
        : `${datasetId(dataset)} could not be stored (${(error as Error).message})`,
      'Free some disk space (or remove old folders of .datasets/) and run the command again',
    );
  }
  return folder;
}

/** A stored dataset by the configuration's `name.hash`. */
export async function loadStoredDataset(
  ref: string,
  root = DEFAULT_DATASETS_DIR,
): Promise<Dataset> {
  const parsed = parseDatasetRef(ref);
  if (!parsed) throw new RangeError(`loadStoredDataset: ${ref} names no stored dataset`);
  const file = join(datasetFolder(root, parsed.name, parsed.hash), DATASET_FILE_NAME);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch {
    throw new DatasetError(
      ref,
      'missing',
      `this dataset is not stored here (no ${file})`,
      'Give its files once with --data PATH; it is stored and found by name and hash after that',
    );
  }
  const dataset = decodeDatasetFile(bytes, file);
  if (dataset.hash !== parsed.hash) {
    throw new DatasetError(
      file,
      'format',
      `it holds data of hash ${dataset.hash}, not ${parsed.hash}`,
      'Remove the folder and give the files again with --data',
    );
  }
  return { ...dataset, name: parsed.name };
}

/**
 * `--data PATH`: a stored dataset folder (holding dataset.rqds) is read as it is; anything else
 * (IDX files, a CSV, a zip, a folder of class folders) is imported and stored.
 * @returns the dataset and where it is stored.
 */
export async function datasetFromPath(
  path: string,
  side: number,
  root = DEFAULT_DATASETS_DIR,
  /** IDX images stored transposed (ImportOptions.transposed); left out, EMNIST's names decide. */
  transposed?: boolean,
): Promise<{ dataset: Dataset; folder: string; imported: boolean }> {
  const stored = join(path, DATASET_FILE_NAME);
  const direct = basename(path) === DATASET_FILE_NAME ? path : stored;
  const bytes = await readFile(direct).catch(() => null);
  if (bytes) {
    const dataset = decodeDatasetFile(new Uint8Array(bytes), direct);
    return { dataset, folder: resolve(direct, '..'), imported: false };
  }
  const files = await readInputFiles(path);
  const dataset = importDataset(files, {
    name: datasetNameFrom(path),
    side,
    ...(transposed !== undefined && { transposed }),
  });
  return { dataset, folder: await storeDatasetOnDisk(dataset, root), imported: true };
}
