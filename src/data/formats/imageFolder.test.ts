import { describe, expect, it } from 'vitest';
import { importDataset } from './importDataset';
import type { InputFile } from './inputFile';
import {
  classImage,
  imageFolder,
  jpegBytes,
  pngBytes,
  rgbaPng,
  textFile,
  zipOf,
  importFailure,
} from './testing/fixtures';

const options = { name: 'shapes', side: 14 };

const failure = (files: InputFile[]) => importFailure(files, options);

describe('image-folder datasets', () => {
  it('one subfolder per class: classes are the folder names, images resized to 14×14', () => {
    const data = importDataset(imageFolder(['circle', 'square', 'star'], 5, 7), options);
    expect(data).toMatchObject({
      format: 'images',
      split: 'stated',
      classes: 3,
      sourceSize: [7, 7],
    });
    expect(data.classNames).toEqual(['circle', 'square', 'star']);
    expect(data.train.count + data.test.count).toBe(15);
    expect(data.train.images.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('a zip of class folders gives the same dataset as the folder', () => {
    const folder = imageFolder(['a', 'b'], 4, 8, 'photos');
    const zipped = zipOf(
      'photos.zip',
      folder.map((f) => ({ ...f, path: f.path.replace('photos/', '') })),
    );
    expect(importDataset([zipped], options).hash).toBe(importDataset(folder, options).hash);
  });

  it('train/ and test/ folders give the test set from the files', () => {
    const train = imageFolder(['a', 'b'], 3, 6, 'set/train');
    const test = imageFolder(['a', 'b'], 2, 6, 'set/test');
    const data = importDataset([...train, ...test], options);
    expect(data.split).toBe('files');
    expect([data.train.count, data.test.count]).toEqual([6, 4]);
  });

  it('decodes JPEG and colour PNG to gray (BT.601 luma, alpha over black)', () => {
    const gray = classImage(0, 0, 14, 14);
    const jpeg = importDataset(
      [
        { path: 'x/a/1.jpg', bytes: jpegBytes(gray, 14, 14) },
        { path: 'x/a/2.jpg', bytes: jpegBytes(gray, 14, 14) },
        { path: 'x/b/1.jpg', bytes: jpegBytes(classImage(1, 0, 14, 14), 14, 14) },
        { path: 'x/b/2.jpg', bytes: jpegBytes(classImage(1, 0, 14, 14), 14, 14) },
      ],
      options,
    );
    const a =
      jpeg.train.labels[0] === 0
        ? jpeg.train.images.subarray(0, 196)
        : jpeg.train.images.subarray(196, 392);
    // Quality 100 JPEG: within a few levels of the source.
    a.forEach((v, i) => expect(Math.abs(v - gray[i] / 255)).toBeLessThan(0.05));

    const rgba = new Uint8Array(4 * 4 * 4);
    for (let i = 0; i < 16; i++) rgba.set([255, 0, 0, i < 8 ? 255 : 0], i * 4);
    const red = importDataset(
      [
        ...[1, 2].map((n) => ({ path: `c/red/${n}.png`, bytes: rgbaPng(rgba, 4, 4) })),
        ...[1, 2].map((n) => ({
          path: `c/dark/${n}.png`,
          bytes: pngBytes(new Uint8Array(16), 4, 4),
        })),
      ],
      { name: 'red', side: 4 },
    );
    const redImage =
      red.test.labels[0] === 1 ? red.test.images.subarray(0, 16) : red.test.images.subarray(16, 32);
    expect(redImage[0]).toBeCloseTo(0.299, 5);
    expect(redImage[15]).toBe(0);
  });

  it('skips files the operating system adds', () => {
    const files = [
      ...imageFolder(['a', 'b'], 2, 4),
      textFile('shapes/.DS_Store', 'x'),
      textFile('__MACOSX/shapes/a/._0.png', 'x'),
    ];
    expect(importDataset(files, options).classes).toBe(2);
  });

  it('a non-image file in a zip names the entry and says to remove it', () => {
    const zip = zipOf('photos.zip', [
      ...imageFolder(['a', 'b'], 2, 4, 'p'),
      textFile('p/a/notes.txt', 'my notes'),
    ]);
    const error = failure([zip]);
    expect(error.problem).toBe('not-image');
    expect(error.message).toBe(
      'photos/p/a/notes.txt: not a PNG or JPEG image, in a dataset of images. ' +
        'An image dataset holds only .png/.jpg files, one subfolder per class: remove this file',
    );
  });

  it('images of mixed sizes name both sizes', () => {
    const files = [
      ...imageFolder(['a', 'b'], 2, 8),
      { path: 'shapes/b/odd.png', bytes: pngBytes(new Uint8Array(30), 6, 5) },
    ];
    const error = failure(files);
    expect(error.problem).toBe('sizes');
    expect(error.message).toMatch(/shapes\/b\/odd.png: an image of 6×5 pixels among images of 8×8/);
  });

  it('a damaged PNG, an image outside class folders, a single class', () => {
    const good = imageFolder(['a', 'b'], 2, 4);
    const broken = { path: 'shapes/a/bad.png', bytes: good[0].bytes.subarray(0, 30) };
    expect(failure([...good, broken]).message).toMatch(
      /shapes\/a\/bad.png: a damaged or truncated PNG image/,
    );
    expect(
      failure([
        { path: 'loose.png', bytes: good[0].bytes },
        ...good.map((f) => ({ ...f, path: f.path.slice(7) })),
      ]).message,
    ).toMatch(/loose.png: an image outside any class folder/);
    expect(failure(imageFolder(['only'], 3, 4)).message).toMatch(/one class only/);
  });

  it('a class with a single image cannot be split', () => {
    const files = [...imageFolder(['a'], 3, 4), ...imageFolder(['b'], 1, 4)];
    expect(failure(files).message).toMatch(/class "b" has only 1 image/);
  });

  it('a damaged zip', () => {
    const zip = zipOf('p.zip', imageFolder(['a', 'b'], 2, 4));
    const error = failure([{ ...zip, bytes: zip.bytes.subarray(0, zip.bytes.length - 30) }]);
    expect(error.message).toMatch(/^p.zip: the zip cannot be unpacked/);
  });
});
