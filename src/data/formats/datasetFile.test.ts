import { describe, expect, it } from 'vitest';
import { decodeDatasetFile, encodeDatasetFile } from './datasetFile';
import { DatasetError } from './datasetError';
import { datasetNameFrom } from './datasetName';
import { datasetId } from './dataset';
import { checkFileSize, importDataset } from './importDataset';
import { balancedOrder } from './assemble';
import { mulberry32 } from '../../util/prng';
import { idxSet, imageFolder } from './testing/fixtures';

describe('the stored dataset file', () => {
  const data = importDataset(imageFolder(['a', 'b', 'c'], 4, 6), { name: 'shapes', side: 14 });

  it('reads back exactly what was written, verified by its content hash', () => {
    const decoded = decodeDatasetFile(encodeDatasetFile(data), 'shapes.rqds');
    expect(decoded).toEqual(data);
  });

  it('reads from a Node Buffer (whose slice() is a view into a shared pool)', () => {
    const buffer = Buffer.concat([Buffer.from([1, 2, 3]), Buffer.from(encodeDatasetFile(data))]);
    expect(decodeDatasetFile(buffer.subarray(3), 'x').train.images).toEqual(data.train.images);
  });

  it('reads from an unaligned offset (a file read into a larger buffer)', () => {
    const bytes = encodeDatasetFile(data);
    const padded = new Uint8Array(bytes.length + 1);
    padded.set(bytes, 1);
    expect(decodeDatasetFile(padded.subarray(1), 'x').hash).toBe(data.hash);
  });

  it('the hash ignores the name and follows the content', () => {
    expect(
      importDataset(imageFolder(['a', 'b', 'c'], 4, 6), { name: 'other', side: 14 }).hash,
    ).toBe(data.hash);
    expect(
      importDataset(imageFolder(['a', 'b', 'c'], 5, 6), { name: 'shapes', side: 14 }).hash,
    ).not.toBe(data.hash);
  });

  it('a flipped byte or a cut file is caught and named', () => {
    const bytes = encodeDatasetFile(data);
    bytes[bytes.length - 20] ^= 1;
    expect(() => decodeDatasetFile(bytes, 'd.rqds')).toThrow(
      /^d.rqds: its content hash is .* \(damaged\)\. Import the dataset again/,
    );
    expect(() => decodeDatasetFile(bytes.subarray(0, 100), 'd.rqds')).toThrow(DatasetError);
    expect(() => decodeDatasetFile(new Uint8Array(40), 'd.rqds')).toThrow(/wrong magic number/);
  });
});

describe('limits, names and order', () => {
  it('a file over the stated limit is refused before it is read', () => {
    expect(() => checkFileSize('huge.zip', 300 * 1024 * 1024)).toThrow(
      'huge.zip: 300 MiB, larger than the 256 MiB limit for one file. Split the data into smaller files, or use a subset',
    );
    expect(() => checkFileSize('ok.zip', 1024)).not.toThrow();
  });

  it('nothing given', () => {
    expect(() => importDataset([], { name: 'x', side: 14 })).toThrow(/no data files/);
  });

  it('names from files and folders', () => {
    expect(datasetNameFrom('Fashion MNIST.zip')).toBe('fashion-mnist');
    expect(datasetNameFrom('/data/kmnist/')).toBe('kmnist');
    expect(datasetNameFrom('train-images-idx3-ubyte.gz')).toBe('train');
    expect(datasetNameFrom('???')).toBe('dataset');
  });

  it('a balanced order puts one of each class in every round while classes last', () => {
    const labels = Uint8Array.from([0, 0, 0, 0, 1, 1, 2, 2, 2]);
    const order = balancedOrder(labels, 3, mulberry32(1));
    expect([...order].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(Array.from(order.subarray(0, 3), (i) => labels[i])).size).toBe(3);
    expect(new Set(Array.from(order.subarray(3, 6), (i) => labels[i])).size).toBe(3);
  });

  it('the stated split is the same for the same files', () => {
    const a = importDataset(idxSet({ classes: 2, perClass: 10, rows: 4, cols: 4 }), {
      name: 'a',
      side: 14,
    });
    const b = importDataset(idxSet({ classes: 2, perClass: 10, rows: 4, cols: 4 }), {
      name: 'a',
      side: 14,
    });
    expect(b.test.images).toEqual(a.test.images);
  });
});

describe('a stored dataset file given to the import (the CLI store handed to the page)', () => {
  const data = importDataset(imageFolder(['a', 'b'], 3, 6), { name: 'shapes', side: 14 });
  it('imports as it is, name and hash included, whatever name the import was asked to give', () => {
    const imported = importDataset(
      [{ path: 'clothes-1a2b/dataset.rqds', bytes: encodeDatasetFile(data) }],
      { name: 'other', side: data.side },
    );
    expect(datasetId(imported)).toBe(datasetId(data));
    expect(imported.train.images).toEqual(data.train.images);
  });
  it('of another input size is refused, naming the file', () => {
    expect(() =>
      importDataset([{ path: 'd.rqds', bytes: encodeDatasetFile(data) }], {
        name: 'x',
        side: data.side + 1,
      }),
    ).toThrow(/^d\.rqds: a dataset stored at/);
  });
});
