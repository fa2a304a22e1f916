/**
 * Gzip and zip through fflate: a small (8 kB), dependency-free, well-tested library that runs
 * unchanged in Node, the page and the worker (the browser's DecompressionStream is async-only and
 * absent in Node's older versions; node:zlib is absent in the browser).
 */
import { gunzipSync } from 'fflate';
import { DatasetError } from './datasetError';
import { formatBytes } from '../../util/formatBytes';
import { DATASET_LIMITS } from './limits';

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The bytes themselves, or their gunzipped content when they start with gzip's magic. */
export function maybeGunzip(bytes: Uint8Array, file: string): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  let out: Uint8Array;
  try {
    out = gunzipSync(bytes);
  } catch (error) {
    throw new DatasetError(
      file,
      'truncated',
      `its gzip data cannot be unpacked (${(error as Error).message}): the file is truncated or damaged`,
      'Download or copy the file again',
    );
  }
  if (out.length > 4 * DATASET_LIMITS.fileBytes) {
    throw new DatasetError(
      file,
      'too-large',
      `it unpacks to ${formatBytes(out.length)}, more than the ${formatBytes(4 * DATASET_LIMITS.fileBytes)} limit`,
      'Use a smaller subset of the data',
    );
  }
  return out;
}
