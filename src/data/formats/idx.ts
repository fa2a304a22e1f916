/**
 * IDX, the format of MNIST, Fashion-MNIST, KMNIST and EMNIST (`train-images-idx3-ubyte`,
 * `train-labels-idx1-ubyte`, gzipped or not): a big-endian header of magic (two zero bytes, a
 * data type, a dimension count) and one uint32 per dimension, then the data. Only unsigned bytes
 * (type 0x08) are read: every one of those datasets uses it.
 */
import { DatasetError } from './datasetError';
import { maybeGunzip } from './gzip';
import { DATASET_LIMITS } from './limits';

export interface IdxArray {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

const TYPE_NAMES: Record<number, string> = {
  0x09: 'signed byte',
  0x0b: 'short',
  0x0c: 'int',
  0x0d: 'float',
  0x0e: 'double',
};

/** `expectDims` 3 for an image file (count, rows, cols), 1 for a label file. */
export function parseIdx(raw: Uint8Array, file: string, expectDims: 1 | 3): IdxArray {
  const bytes = maybeGunzip(raw, file);
  const kind = expectDims === 3 ? 'image' : 'label';
  const magic = expectDims === 3 ? 0x00000803 : 0x00000801;
  const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;
  if (bytes.length < 4) {
    throw new DatasetError(
      file,
      'truncated',
      `only ${bytes.length} bytes, not even an IDX header`,
      'Download or copy the file again',
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = view.getUint32(0);
  if (found !== magic) {
    const type = bytes[2];
    const detail =
      bytes[0] === 0 && bytes[1] === 0 && bytes[3] === expectDims && TYPE_NAMES[type]
        ? `IDX data of type ${TYPE_NAMES[type]}; only unsigned bytes (magic ${hex(magic)}) are read`
        : `wrong magic number ${hex(found)}: an IDX ${kind} file starts with ${hex(magic)}`;
    throw new DatasetError(
      file,
      'format',
      detail,
      expectDims === 3
        ? 'Give the images file (…-images-idx3-ubyte), unchanged from its source'
        : 'Give the labels file (…-labels-idx1-ubyte), unchanged from its source',
    );
  }
  const headerBytes = 4 + 4 * expectDims;
  if (bytes.length < headerBytes) {
    throw new DatasetError(
      file,
      'truncated',
      `the file ends inside its ${headerBytes}-byte header`,
      'Download or copy the file again',
    );
  }
  const dims = Array.from({ length: expectDims }, (_, i) => view.getUint32(4 + 4 * i));
  const expected = headerBytes + dims.reduce((a, b) => a * b, 1);
  if (bytes.length < expected) {
    throw new DatasetError(
      file,
      'truncated',
      `truncated: ${bytes.length.toLocaleString('en')} bytes where its header (${dims.join('×')}) announces ${expected.toLocaleString('en')}`,
      'Download or copy the file again',
    );
  }
  if (bytes.length > expected) {
    throw new DatasetError(
      file,
      'format',
      `${(bytes.length - expected).toLocaleString('en')} unexpected bytes after the ${dims.join('×')} values its header announces`,
      'Give the file unchanged from its source',
    );
  }
  if (
    expectDims === 3 &&
    (dims[1] > DATASET_LIMITS.imageSide ||
      dims[2] > DATASET_LIMITS.imageSide ||
      dims[1] === 0 ||
      dims[2] === 0)
  ) {
    throw new DatasetError(
      file,
      'sizes',
      `images of ${dims[1]}×${dims[2]} pixels`,
      `Use images of 1 to ${DATASET_LIMITS.imageSide} pixels a side`,
    );
  }
  return { dims, data: bytes.subarray(headerBytes) };
}
