import { describe, expect, it } from 'vitest';
import { DataError } from './errors';
import {
  decodeMnistFile,
  decodeMnistSplit,
  encodeMnistFile,
  HEADER_BYTES,
  type MnistSplit,
} from './mnistFormat';

const FILE = 'public/data/mnist-train.bin';

function sample(): MnistSplit {
  const count = 3;
  const pixels = Uint8Array.from({ length: count * 4 * 5 }, (_, i) => (i * 37) % 256);
  return {
    split: 'train',
    count,
    rows: 4,
    cols: 5,
    classes: 10,
    seed: 7,
    pixels,
    labels: Uint8Array.of(9, 0, 4),
  };
}

function expectDataError(bytes: Uint8Array, detail: RegExp): void {
  let caught: unknown;
  try {
    decodeMnistFile(bytes, FILE);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DataError);
  const error = caught as DataError;
  expect(error.file).toBe(FILE);
  expect(error.reason).toBe('corrupt');
  expect(error.message).toContain(FILE);
  expect(error.message).toContain('npm run data');
  expect(error.message).toMatch(detail);
}

describe('RQMN format', () => {
  it('round-trips', () => {
    const data = sample();
    const bytes = encodeMnistFile(data);
    expect(bytes.length).toBe(HEADER_BYTES + 3 * 20 + 3);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('RQMN');
    const decoded = decodeMnistFile(bytes, FILE);
    expect(decoded).toMatchObject({
      split: 'train',
      count: 3,
      rows: 4,
      cols: 5,
      classes: 10,
      seed: 7,
    });
    expect([...decoded.pixels]).toEqual([...data.pixels]);
    expect([...decoded.labels]).toEqual([9, 0, 4]);
  });

  it('decodes from a view with an offset (a Node Buffer slice)', () => {
    const bytes = encodeMnistFile(sample());
    const padded = new Uint8Array(bytes.length + 8);
    padded.set(bytes, 8);
    expect(decodeMnistFile(padded.subarray(8), FILE).count).toBe(3);
  });

  it('catches a flipped byte anywhere: pixels, labels or header', () => {
    const clean = encodeMnistFile(sample());
    for (const offset of [HEADER_BYTES + 5, clean.length - 1, 16, 25]) {
      const bytes = clean.slice();
      bytes[offset] ^= 0x01;
      expectDataError(bytes, /checksum mismatch/);
    }
  });

  it('catches truncation, trailing bytes, wrong magic and version', () => {
    const clean = encodeMnistFile(sample());
    expectDataError(clean.subarray(0, clean.length - 1), /truncated/);
    expectDataError(clean.subarray(0, 10), /truncated/);
    expectDataError(new Uint8Array(0), /truncated/);
    const longer = new Uint8Array(clean.length + 1);
    longer.set(clean);
    expectDataError(longer, /unexpected bytes/);
    const magic = clean.slice();
    magic.set([0x3c, 0x21, 0x64, 0x6f]); // '<!do', an HTML page served in place of the file
    expectDataError(magic, /wrong magic/);
    const version = clean.slice();
    version[4] = 2;
    expectDataError(version, /format version 2/);
  });

  it('rejects the wrong split', () => {
    const bytes = encodeMnistFile({ ...sample(), split: 'test' });
    expect(() => decodeMnistSplit(bytes, FILE, 'train')).toThrow(/holds the test split/);
  });

  it('refuses to encode inconsistent sizes', () => {
    expect(() => encodeMnistFile({ ...sample(), count: 4 })).toThrow(RangeError);
  });
});
