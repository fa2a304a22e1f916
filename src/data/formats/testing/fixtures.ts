/**
 * Small datasets built in code, for the tests of every format (no binary fixtures in the repo):
 * IDX, PNG, JPEG, zip and CSV bytes from pixel arrays, through the same libraries that read them
 * (their encoders), plus a hand-written IDX header so a test controls every byte.
 */
import { gzipSync, zipSync } from 'fflate';
import { encode as encodePng } from 'fast-png';
import { encode as encodeJpeg } from 'jpeg-js';
import { expect } from 'vitest';
import { DatasetError } from '../datasetError';
import { importDataset } from '../importDataset';
import type { ImportOptions, InputFile } from '../inputFile';

/** The DatasetError importing `files` throws (the test fails where it does not throw one). */
export function importFailure(files: InputFile[], options: ImportOptions): DatasetError {
  try {
    importDataset(files, options);
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    return error as DatasetError;
  }
  throw new Error('expected a DatasetError');
}

/** An IDX file: magic 0x0000080{dims}, big-endian dimensions, then the bytes. */
export function idxBytes(dims: readonly number[], data: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x0800 + dims.length);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

/**
 * A recognisable image of class `label`: a bright vertical bar whose column depends on the class,
 * faintly varied by `index`, so classes are learnable and images are not all alike.
 */
export function classImage(label: number, index: number, rows: number, cols: number): Uint8Array {
  const image = new Uint8Array(rows * cols);
  const column = (label * 3 + 1) % cols;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      image[r * cols + c] =
        Math.abs(c - column) <= 1 ? 255 - ((index * 7) % 40) : (index * 13 + r) % 20;
    }
  }
  return image;
}

export interface IdxSetOptions {
  readonly classes: number;
  readonly perClass: number;
  readonly rows?: number;
  readonly cols?: number;
  readonly gzip?: boolean;
  /** File-name prefix: `train`, `t10k`. */
  readonly prefix?: string;
  /** Added to every label (EMNIST letters number from 1). */
  readonly labelOffset?: number;
}

/** An IDX images file and labels file of perClass images of each class, classes interleaved. */
export function idxSet(options: IdxSetOptions): InputFile[] {
  const {
    classes,
    perClass,
    rows = 28,
    cols = 28,
    gzip = false,
    prefix = 'train',
    labelOffset = 0,
  } = options;
  const count = classes * perClass;
  const pixels = new Uint8Array(count * rows * cols);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    labels[n] = (n % classes) + labelOffset;
    pixels.set(classImage(n % classes, n, rows, cols), n * rows * cols);
  }
  const pack = (bytes: Uint8Array) => (gzip ? gzipSync(bytes) : bytes);
  const suffix = gzip ? '.gz' : '';
  return [
    {
      path: `${prefix}-images-idx3-ubyte${suffix}`,
      bytes: pack(idxBytes([count, rows, cols], pixels)),
    },
    { path: `${prefix}-labels-idx1-ubyte${suffix}`, bytes: pack(idxBytes([count], labels)) },
  ];
}

export function pngBytes(gray: Uint8Array, width: number, height: number): Uint8Array {
  return encodePng({ width, height, data: gray, channels: 1, depth: 8 });
}

export function rgbaPng(rgba: Uint8Array, width: number, height: number): Uint8Array {
  return encodePng({ width, height, data: rgba, channels: 4, depth: 8 });
}

export function jpegBytes(gray: Uint8Array, width: number, height: number): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  gray.forEach((v, i) => rgba.set([v, v, v, 255], i * 4));
  return new Uint8Array(encodeJpeg({ width, height, data: rgba }, 100).data);
}

/** Class folders of PNG images: `<root>/<class name>/<i>.png`. */
export function imageFolder(
  classNames: readonly string[],
  perClass: number,
  side = 8,
  root = 'shapes',
): InputFile[] {
  return classNames.flatMap((name, label) =>
    Array.from({ length: perClass }, (_, i) => ({
      path: `${root}/${name}/${i}.png`,
      bytes: pngBytes(classImage(label, i, side, side), side, side),
    })),
  );
}

/** A zip of the files, paths as given (without the zip's own name). */
export function zipOf(path: string, files: readonly InputFile[]): InputFile {
  return { path, bytes: zipSync(Object.fromEntries(files.map((f) => [f.path, f.bytes]))) };
}

/** A CSV of `label,p0,p1,…` rows with a header, perClass rows of each class. */
export function csvText(classes: number, perClass: number, side = 4, header = true): string {
  const lines = header
    ? [['label', ...Array.from({ length: side * side }, (_, i) => `pixel${i}`)].join(',')]
    : [];
  for (let n = 0; n < classes * perClass; n++) {
    lines.push([n % classes, ...classImage(n % classes, n, side, side)].join(','));
  }
  return lines.join('\n') + '\n';
}

export function textFile(path: string, text: string): InputFile {
  return { path, bytes: new TextEncoder().encode(text) };
}
