/**
 * Loads a split from the file system: Node scripts and tests. Kept apart from the rest of
 * src/data so that browser bundles never import node:fs.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataError } from './errors';
import { decodeMnistSplit, MNIST_FILE_NAMES, type MnistSplit, type SplitName } from './mnistFormat';

/** public/data of this checkout, where `npm run data` writes and Vite serves from. */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../public/data', import.meta.url));

/**
 * `dir` is usually DEFAULT_DATA_DIR.
 * @throws DataError naming the file: 'missing' when it cannot be read, else 'corrupt'.
 */
export async function loadMnistFromDisk(dir: string, split: SplitName): Promise<MnistSplit> {
  const file = join(dir, MNIST_FILE_NAMES[split]);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataError(file, 'missing', code === 'ENOENT' ? 'no such file' : String(error));
  }
  return decodeMnistSplit(bytes, file, split);
}
