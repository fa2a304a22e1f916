/**
 * The stored form of an imported dataset (RQDS, version 1): one file, written once at import, in
 * IndexedDB in the page and in `.datasets/<name>-<hash>/dataset.rqds` on the command line. All
 * integers little-endian.
 *
 *   offset size  field
 *        0    4  magic 'RQDS'
 *        4    2  uint16 version (1)
 *        6    2  uint16 side S (every image is S×S)
 *        8    2  uint16 classes K
 *       10    1  uint8  split: 0 = the user's own test files, 1 = the stated split
 *       11    1  uint8  source format: 0 = idx, 1 = images, 2 = csv
 *       12    4  uint32 train count N
 *       16    4  uint32 test count T
 *       20    4  uint32 content hash (contentHash below)
 *       24    4  uint32 M, the byte length of the metadata
 *       28    M  UTF-8 JSON {name, classNames, sourceSize}, then zero bytes to a multiple of 4
 *        D  4·S²·N  float32 train pixels in [0, 1]; then 4·S²·T test pixels; then N, T labels
 *
 * The content hash is FNV-1a over S, K, N, T (uint32 each) and the pixel and label bytes: it names
 * the data (a configuration says which dataset by name and hash) and verifies the stored file.
 * The name is left out, so renaming a dataset does not change which data a link means.
 */
import { fnv1a32 } from '../../util/fnv1a';
import type { Digits } from '../digits';
import type { Dataset, DatasetFormat, SplitSource } from './dataset';
import { DatasetError } from './datasetError';

const MAGIC = 'RQDS';
const VERSION = 1;
const HEADER = 28;
const FORMATS: readonly DatasetFormat[] = ['idx', 'images', 'csv'];
const SPLITS: readonly SplitSource[] = ['files', 'stated'];

const bytesOf = (array: ArrayBufferView) =>
  new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

export function contentHash(dataset: Omit<Dataset, 'hash' | 'name'>): string {
  const { side, classes, train, test } = dataset;
  let h = fnv1a32(bytesOf(Uint32Array.from([side, classes, train.count, test.count])));
  for (const part of [train.images, train.labels, test.images, test.labels]) {
    h = fnv1a32(bytesOf(part), 0, part.byteLength, h);
  }
  return h.toString(16).padStart(8, '0');
}

export function encodeDatasetFile(dataset: Dataset): Uint8Array<ArrayBuffer> {
  const meta = new TextEncoder().encode(
    JSON.stringify({
      name: dataset.name,
      classNames: dataset.classNames,
      sourceSize: dataset.sourceSize,
    }),
  );
  const dataStart = HEADER + Math.ceil(meta.length / 4) * 4;
  const { train, test } = dataset;
  const total =
    dataStart + train.images.byteLength + test.images.byteLength + train.count + test.count;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < 4; i++) bytes[i] = MAGIC.charCodeAt(i);
  view.setUint16(4, VERSION, true);
  view.setUint16(6, dataset.side, true);
  view.setUint16(8, dataset.classes, true);
  view.setUint8(10, SPLITS.indexOf(dataset.split));
  view.setUint8(11, FORMATS.indexOf(dataset.format));
  view.setUint32(12, train.count, true);
  view.setUint32(16, test.count, true);
  view.setUint32(20, parseInt(dataset.hash, 16), true);
  view.setUint32(24, meta.length, true);
  bytes.set(meta, HEADER);
  let at = dataStart;
  for (const part of [train.images, test.images, train.labels, test.labels]) {
    bytes.set(bytesOf(part), at);
    at += part.byteLength;
  }
  return bytes;
}

/**
 * Reads a stored dataset back and verifies it against its content hash. The arrays are copies,
 * aligned for Float32Array whatever the offset of `bytes`.
 * @throws DatasetError naming `file` when the file is damaged or not a dataset file.
 */
export function decodeDatasetFile(bytes: Uint8Array, file: string): Dataset {
  const again = 'Import the dataset again from its original files';
  const damaged = (detail: string) => new DatasetError(file, 'format', detail, again);
  if (bytes.length < HEADER)
    throw new DatasetError(file, 'truncated', `only ${bytes.length} bytes`, again);
  if (String.fromCharCode(...bytes.subarray(0, 4)) !== MAGIC) {
    throw damaged(`not a stored dataset (wrong magic number; a dataset file starts "${MAGIC}")`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version !== VERSION)
    throw damaged(`dataset file version ${version}, this app reads ${VERSION}`);
  const side = view.getUint16(6, true);
  const classes = view.getUint16(8, true);
  const split = SPLITS[view.getUint8(10)];
  const format = FORMATS[view.getUint8(11)];
  const trainCount = view.getUint32(12, true);
  const testCount = view.getUint32(16, true);
  const stored = view.getUint32(20, true).toString(16).padStart(8, '0');
  const metaLength = view.getUint32(24, true);
  const dataStart = HEADER + Math.ceil(metaLength / 4) * 4;
  const size = side * side;
  const expected = dataStart + 4 * size * (trainCount + testCount) + trainCount + testCount;
  if (bytes.length !== expected) {
    throw new DatasetError(
      file,
      'truncated',
      `${bytes.length} bytes where its header announces ${expected}`,
      again,
    );
  }
  if (split === undefined || format === undefined) throw damaged('unknown split or format code');
  let meta: { name: string; classNames: string[]; sourceSize: [number, number] };
  try {
    meta = JSON.parse(new TextDecoder().decode(bytes.subarray(HEADER, HEADER + metaLength)));
  } catch {
    throw damaged('its metadata is not valid JSON');
  }
  // Copies through a fresh Uint8Array: a Node Buffer's slice() is a view into a shared pool.
  const copy = (start: number, end: number) => {
    const out = new Uint8Array(end - start);
    out.set(bytes.subarray(start, end));
    return out;
  };
  const floats = (start: number, count: number) =>
    new Float32Array(copy(start, start + 4 * size * count).buffer);
  const trainImages = floats(dataStart, trainCount);
  const testImages = floats(dataStart + 4 * size * trainCount, testCount);
  const labelStart = dataStart + 4 * size * (trainCount + testCount);
  const digits = (images: Float32Array, labels: Uint8Array, count: number): Digits => ({
    images,
    labels,
    count,
    height: side,
    width: side,
  });
  const dataset: Omit<Dataset, 'hash'> = {
    name: meta.name,
    format,
    split,
    classes,
    classNames: meta.classNames,
    side,
    sourceSize: meta.sourceSize,
    train: digits(trainImages, copy(labelStart, labelStart + trainCount), trainCount),
    test: digits(testImages, copy(labelStart + trainCount, expected), testCount),
  };
  const hash = contentHash(dataset);
  if (hash !== stored)
    throw damaged(`its content hash is ${hash}, the file says ${stored} (damaged)`);
  return { ...dataset, hash };
}
