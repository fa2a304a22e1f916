/** A zip's files as InputFiles (through fflate, see gzip.ts for why). */
import { unzipSync } from 'fflate';
import { DatasetError } from './datasetError';
import type { InputFile } from './inputFile';
import { formatBytes } from '../../util/formatBytes';
import { DATASET_LIMITS } from './limits';

export function isZip(file: InputFile): boolean {
  const b = file.bytes;
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

/**
 * The zip's files (folders left out), each path prefixed with the zip's own name without `.zip`,
 * so messages name `photos.zip`'s `cat/001.png` as `photos/cat/001.png`.
 */
export function unzipFiles(zip: InputFile): InputFile[] {
  const limit = 4 * DATASET_LIMITS.fileBytes;
  let unpacked = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip.bytes, {
      filter: (entry) => {
        unpacked += entry.originalSize;
        if (unpacked > limit) {
          throw new DatasetError(
            zip.path,
            'too-large',
            `it unpacks to more than ${formatBytes(limit)}`,
            'Use a smaller subset of the data',
          );
        }
        return !entry.name.endsWith('/');
      },
    });
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    throw new DatasetError(
      zip.path,
      'truncated',
      `the zip cannot be unpacked (${(error as Error).message}): it is truncated or damaged`,
      'Download or create the zip again',
    );
  }
  const root = zip.path.replace(/\.zip$/i, '');
  return Object.entries(entries).map(([name, bytes]) => ({ path: `${root}/${name}`, bytes }));
}
