import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { avgPool2x2 } from '../pool';
import { importDataset } from './importDataset';
import type { InputFile } from './inputFile';
import { classImage, idxBytes, idxSet, importFailure } from './testing/fixtures';

const options = { name: 'tiny', side: 14 };

const failure = (files: InputFile[]) => importFailure(files, options);

describe('IDX datasets', () => {
  it('reads gzipped train and t10k files: classes from the labels, train/test from the files', () => {
    const files = [
      ...idxSet({ classes: 3, perClass: 4, gzip: true }),
      ...idxSet({ classes: 3, perClass: 2, gzip: true, prefix: 't10k' }),
    ];
    const data = importDataset(files, options);
    expect(data).toMatchObject({
      format: 'idx',
      split: 'files',
      classes: 3,
      side: 14,
      sourceSize: [28, 28],
    });
    expect(data.classNames).toEqual(['0', '1', '2']);
    expect([data.train.count, data.test.count]).toEqual([12, 6]);
    expect(data.train.images).toHaveLength(12 * 14 * 14);
    expect(data.hash).toMatch(/^[0-9a-f]{8}$/);
    // A balanced order: the first 3 training images are one of each class.
    expect(new Set(data.train.labels.subarray(0, 3)).size).toBe(3);
  });

  it('resizes 28×28 exactly as the built-in MNIST pipeline (2×2 average of bytes / 255)', () => {
    const data = importDataset(idxSet({ classes: 2, perClass: 5 }), options);
    const label = data.train.labels[0];
    // Find the source image of this class by its content: every image of the fixture differs.
    const candidates = Array.from({ length: 10 }, (_, n) => n).filter((n) => n % 2 === label);
    const matches = candidates.filter((n) => {
      const source = Float32Array.from(classImage(label, n, 28, 28), (v) => v / 255);
      const pooled = avgPool2x2(source, 28, 28);
      return pooled.every((v, i) => v === data.train.images[i]);
    });
    expect(matches).toHaveLength(1);
  });

  it('reads plain (not gzipped) files and splits a single pair by the stated 20%', () => {
    const data = importDataset(idxSet({ classes: 2, perClass: 10 }), options);
    expect(data.split).toBe('stated');
    expect([data.train.count, data.test.count]).toEqual([16, 4]);
    expect([...data.test.labels].sort()).toEqual([0, 0, 1, 1]);
  });

  it('keeps labels that do not start at 0 as class names (EMNIST letters number from 1)', () => {
    const data = importDataset(idxSet({ classes: 3, perClass: 5, labelOffset: 1 }), options);
    expect(data.classNames).toEqual(['1', '2', '3']);
    expect(Math.max(...data.train.labels)).toBe(2);
  });

  it('gives the same dataset, and hash, for the same files every time', () => {
    const a = importDataset(idxSet({ classes: 3, perClass: 5 }), options);
    const b = importDataset(idxSet({ classes: 3, perClass: 5, gzip: true }), {
      ...options,
      name: 'other',
    });
    expect(b.hash).toBe(a.hash);
    expect(b.train.labels).toEqual(a.train.labels);
  });

  it('a wrong magic number names the file, the number and what to give', () => {
    const [images, labels] = idxSet({ classes: 2, perClass: 2 });
    const error = failure([{ ...images, bytes: labels.bytes }, labels]);
    expect(error.file).toBe('train-images-idx3-ubyte');
    expect(error.message).toMatch(
      /wrong magic number 0x00000801: an IDX image file starts with 0x00000803/,
    );
    expect(error.message).toMatch(/Give the images file/);
  });

  it('names an IDX data type other than unsigned bytes', () => {
    const [, labels] = idxSet({ classes: 2, perClass: 2 });
    const floats = idxBytes([4, 2, 2], new Uint8Array(16 * 4));
    floats[2] = 0x0d;
    const error = failure([{ path: 'train-images-idx3-ubyte', bytes: floats }, labels]);
    expect(error.message).toMatch(/IDX data of type float/);
  });

  it('a truncated file says how many bytes it has and how many its header announces', () => {
    const [images, labels] = idxSet({ classes: 2, perClass: 2, rows: 4, cols: 4 });
    const error = failure([{ ...images, bytes: images.bytes.subarray(0, 40) }, labels]);
    expect(error.problem).toBe('truncated');
    expect(error.message).toMatch(
      /40 bytes where its header \(4×4×4\) announces 80.*Download or copy the file again/,
    );
  });

  it('a truncated gzip file is reported as such', () => {
    const [images, labels] = idxSet({ classes: 2, perClass: 2, gzip: true });
    const error = failure([
      { ...images, bytes: images.bytes.subarray(0, images.bytes.length - 9) },
      labels,
    ]);
    expect(error.file).toBe('train-images-idx3-ubyte.gz');
    expect(error.message).toMatch(/gzip data cannot be unpacked.*truncated or damaged/);
  });

  it('refuses bytes past the announced data', () => {
    const [images, labels] = idxSet({ classes: 2, perClass: 2, rows: 2, cols: 2 });
    const longer = new Uint8Array(images.bytes.length + 3);
    longer.set(images.bytes);
    expect(failure([{ ...images, bytes: longer }, labels]).message).toMatch(/3 unexpected bytes/);
  });

  it('image and label counts that differ', () => {
    const [images] = idxSet({ classes: 2, perClass: 3, rows: 2, cols: 2 });
    const labels = { path: 'train-labels-idx1-ubyte', bytes: idxBytes([5], [0, 1, 0, 1, 0]) };
    const error = failure([images, labels]);
    expect(error.problem).toBe('mismatch');
    expect(error.message).toBe(
      'train-labels-idx1-ubyte: 5 labels for the 6 images of train-images-idx3-ubyte. ' +
        'Give the labels file that belongs to those images (same split, same source)',
    );
  });

  it('a test label out of the training set’s range', () => {
    const train = idxSet({ classes: 2, perClass: 3, rows: 2, cols: 2 });
    const [testImages] = idxSet({ classes: 2, perClass: 1, rows: 2, cols: 2, prefix: 't10k' });
    const testLabels = { path: 't10k-labels-idx1-ubyte', bytes: idxBytes([2], [1, 7]) };
    const error = failure([...train, testImages, testLabels]);
    expect(error.problem).toBe('labels');
    expect(error.message).toMatch(
      /label "7" of image 2 is out of range: the training set's classes are 0, 1/,
    );
  });

  it('one class only', () => {
    const error = failure(idxSet({ classes: 1, perClass: 4, rows: 2, cols: 2 }));
    expect(error.message).toMatch(
      /every image has the same label "0": one class only.*at least 2 classes/,
    );
  });

  it('train and test images of different sizes', () => {
    const files = [
      ...idxSet({ classes: 2, perClass: 3, rows: 4, cols: 4 }),
      ...idxSet({ classes: 2, perClass: 1, rows: 6, cols: 6, prefix: 'test' }),
    ];
    const error = failure(files);
    expect(error.problem).toBe('sizes');
    expect(error.message).toMatch(
      /test-images-idx3-ubyte: images of 6×6 pixels, the training images are 4×4/,
    );
  });

  it('an images file without its labels file', () => {
    const [images] = idxSet({ classes: 2, perClass: 2 });
    expect(failure([images]).message).toMatch(/no matching labels/);
  });

  it('a gzip that unpacks to the wrong thing is still caught by its magic number', () => {
    const error = failure([
      { path: 'train-images-idx3-ubyte.gz', bytes: gzipSync(new TextEncoder().encode('hello')) },
      idxSet({ classes: 2, perClass: 1 })[1],
    ]);
    expect(error.message).toMatch(/wrong magic number/);
  });
});
