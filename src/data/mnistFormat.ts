/**
 * The RQMN file format: one file per split (`mnist-train.bin`, `mnist-test.bin`), written by
 * scripts/make-data.ts and read in the browser and in Node. FORMAT.md beside this file describes
 * the split; the byte layout is fixed here. All integers are little-endian.
 *
 *   offset size  field
 *        0    4  magic 'RQMN'
 *        4    2  uint16 format version (1)
 *        6    1  uint8  split: 0 = train, 1 = test
 *        7    1  uint8  number of classes (10)
 *        8    4  uint32 image count N
 *       12    2  uint16 rows (28)
 *       14    2  uint16 cols (28)
 *       16    4  uint32 seed the split was drawn with
 *       20    4  uint32 FNV-1a of every byte of the file except these four
 *       24    8  reserved, zero
 *       32  N·rows·cols  uint8 pixels, 0..255, image-major then row-major
 *   32+N·rows·cols   N  uint8 labels, 0..classes-1
 *
 * The checksum covers the header too, so a flipped byte anywhere is caught, not just in pixels.
 */
import { fnv1a32 } from '../util/fnv1a';
import { DataError } from './errors';

export const MAGIC = 'RQMN';
export const FORMAT_VERSION = 1;
export const HEADER_BYTES = 32;
const CHECKSUM_OFFSET = 20;

export type SplitName = 'train' | 'test';
export const SPLIT_NAMES: readonly SplitName[] = ['train', 'test'];

export const MNIST_FILE_NAMES: Readonly<Record<SplitName, string>> = {
  train: 'mnist-train.bin',
  test: 'mnist-test.bin',
};

/** One split exactly as stored: raw bytes, before scaling or pooling (see digits.ts). */
export interface MnistSplit {
  readonly split: SplitName;
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  readonly classes: number;
  readonly seed: number;
  /** count × rows × cols, 0..255. */
  readonly pixels: Uint8Array;
  readonly labels: Uint8Array;
}

export function encodeMnistFile(data: MnistSplit): Uint8Array<ArrayBuffer> {
  const imageBytes = data.count * data.rows * data.cols;
  if (data.pixels.length !== imageBytes || data.labels.length !== data.count) {
    throw new RangeError(
      `encodeMnistFile: ${data.pixels.length} pixels and ${data.labels.length} labels ` +
        `do not fit ${data.count} images of ${data.rows}×${data.cols}`,
    );
  }
  const bytes = new Uint8Array(HEADER_BYTES + imageBytes + data.count);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < 4; i++) bytes[i] = MAGIC.charCodeAt(i);
  view.setUint16(4, FORMAT_VERSION, true);
  view.setUint8(6, SPLIT_NAMES.indexOf(data.split));
  view.setUint8(7, data.classes);
  view.setUint32(8, data.count, true);
  view.setUint16(12, data.rows, true);
  view.setUint16(14, data.cols, true);
  view.setUint32(16, data.seed >>> 0, true);
  bytes.set(data.pixels, HEADER_BYTES);
  bytes.set(data.labels, HEADER_BYTES + imageBytes);
  view.setUint32(CHECKSUM_OFFSET, fileChecksum(bytes), true);
  return bytes;
}

/** The checksum an RQMN file carries (read, not verified: decodeMnistFile verifies). */
export function storedChecksum(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(
    CHECKSUM_OFFSET,
    true,
  );
}

/** The checksum an RQMN file should carry at offset 20. */
function fileChecksum(bytes: Uint8Array): number {
  const head = fnv1a32(bytes, 0, CHECKSUM_OFFSET);
  return fnv1a32(bytes, CHECKSUM_OFFSET + 4, bytes.length, head);
}

/**
 * Validates and decodes one RQMN file. `fileName` only labels errors. The returned arrays are
 * views into `bytes` (no copy): do not modify `bytes` afterwards.
 * @throws DataError (reason 'corrupt') naming the file and the command that rebuilds it.
 */
export function decodeMnistFile(bytes: Uint8Array, fileName: string): MnistSplit {
  const corrupt = (detail: string) => new DataError(fileName, 'corrupt', detail);
  if (bytes.length < HEADER_BYTES) {
    throw corrupt(`truncated: ${bytes.length} bytes, shorter than the ${HEADER_BYTES}-byte header`);
  }
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== MAGIC) throw corrupt(`not an ${MAGIC} data file: wrong magic bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version !== FORMAT_VERSION) {
    throw corrupt(`format version ${version}, this app reads version ${FORMAT_VERSION}`);
  }
  const split = SPLIT_NAMES[view.getUint8(6)];
  const classes = view.getUint8(7);
  const count = view.getUint32(8, true);
  const rows = view.getUint16(12, true);
  const cols = view.getUint16(14, true);
  const seed = view.getUint32(16, true);
  const imageBytes = count * rows * cols;
  const expected = HEADER_BYTES + imageBytes + count;
  if (bytes.length < expected) {
    throw corrupt(`truncated: ${bytes.length} bytes, the header announces ${expected}`);
  }
  if (bytes.length > expected) {
    throw corrupt(`${bytes.length - expected} unexpected bytes after the ${expected} announced`);
  }
  if (view.getUint32(CHECKSUM_OFFSET, true) !== fileChecksum(bytes)) {
    throw corrupt('checksum mismatch');
  }
  // Past the checksum these can only fail for a file written by a broken encoder.
  if (split === undefined) throw corrupt(`unknown split id ${view.getUint8(6)}`);
  const labels = bytes.subarray(HEADER_BYTES + imageBytes, expected);
  const badLabel = labels.findIndex((label) => label >= classes);
  if (badLabel >= 0) throw corrupt(`label ${labels[badLabel]} of image ${badLabel} ≥ ${classes}`);
  return {
    split,
    count,
    rows,
    cols,
    classes,
    seed,
    pixels: bytes.subarray(HEADER_BYTES, HEADER_BYTES + imageBytes),
    labels,
  };
}

/** decodeMnistFile, plus a check that the file holds the split it was asked for. */
export function decodeMnistSplit(
  bytes: Uint8Array,
  fileName: string,
  split: SplitName,
): MnistSplit {
  const data = decodeMnistFile(bytes, fileName);
  if (data.split !== split) {
    throw new DataError(fileName, 'corrupt', `it holds the ${data.split} split, not ${split}`);
  }
  return data;
}
