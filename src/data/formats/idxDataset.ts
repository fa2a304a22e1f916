/**
 * A dataset from IDX files: one images file and one labels file per split, paired by their common
 * prefix (`train-…`, `t10k-…` or `test-…`). Two pairs give train and test from the files; a single
 * pair is split by the stated split (assemble.ts).
 */
import { assembleDataset, type LabelledImages } from './assemble';
import type { Dataset } from './dataset';
import { DatasetError } from './datasetError';
import { parseIdx } from './idx';
import { baseName, type ImportOptions, type InputFile } from './inputFile';
import { bytesToSide } from './resize';

/** EMNIST's own file names (`emnist-letters-train-images-idx3-ubyte.gz`): stored transposed. */
const EMNIST_NAME = /^emnist[-._]/i;

/**
 * Whether the images of these IDX files are stored transposed: as the user says, else when they
 * carry EMNIST's names (EMNIST writes each image column by column; read as rows, every letter
 * lies on its side, mirrored).
 */
export function idxTransposed(files: readonly InputFile[], said?: boolean): boolean {
  return said ?? files.some((f) => EMNIST_NAME.test(baseName(f.path)));
}

/** Every rows×cols image of `data` transposed to cols×rows (pixel [r][c] → [c][r]). */
export function transposeImages(
  data: Uint8Array,
  count: number,
  rows: number,
  cols: number,
): Uint8Array {
  const out = new Uint8Array(data.length);
  const size = rows * cols;
  for (let n = 0; n < count; n++) {
    const base = n * size;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) out[base + c * rows + r] = data[base + r * cols + c];
    }
  }
  return out;
}

const IDX_NAME = /^(.*?)[-._]?(images|labels)[-._]idx([13])[-._]ubyte(\.gz)?$/i;

export function isIdxName(path: string): boolean {
  return IDX_NAME.test(baseName(path));
}

interface Pair {
  prefix: string;
  images?: InputFile;
  labels?: InputFile;
}

function readPair(
  pair: Pair,
  side: number,
  transposed: boolean,
): { set: LabelledImages; size: [number, number] } {
  const { images, labels } = pair;
  if (!images || !labels) {
    const have = (images ?? labels)!;
    throw new DatasetError(
      have.path,
      'missing',
      `it has no matching ${images ? 'labels (…-labels-idx1-ubyte)' : 'images (…-images-idx3-ubyte)'} file`,
      'Give the images and the labels file of each split together',
    );
  }
  const image = parseIdx(images.bytes, images.path, 3);
  const label = parseIdx(labels.bytes, labels.path, 1);
  const [count, storedRows, storedCols] = image.dims;
  const [rows, cols] = transposed ? [storedCols, storedRows] : [storedRows, storedCols];
  const pixels = transposed
    ? transposeImages(image.data, count, storedRows, storedCols)
    : image.data;
  if (label.dims[0] !== count) {
    throw new DatasetError(
      labels.path,
      'mismatch',
      `${label.dims[0].toLocaleString('en')} labels for the ${count.toLocaleString('en')} images of ${images.path}`,
      'Give the labels file that belongs to those images (same split, same source)',
    );
  }
  return {
    set: {
      file: images.path,
      images: bytesToSide(pixels, rows, cols, side, count),
      labels: Array.from(label.data, String),
    },
    size: [rows, cols],
  };
}

export function idxDataset(files: readonly InputFile[], options: ImportOptions): Dataset {
  const pairs = new Map<string, Pair>();
  for (const file of files) {
    const match = IDX_NAME.exec(baseName(file.path));
    if (!match) {
      throw new DatasetError(
        file.path,
        'format',
        'not an IDX file name (…-images-idx3-ubyte or …-labels-idx1-ubyte, optionally .gz), next to IDX files',
        'Give only the IDX files of one dataset',
      );
    }
    const prefix = match[1].toLowerCase();
    const pair = pairs.get(prefix) ?? { prefix };
    const role = match[2].toLowerCase() === 'images' ? 'images' : 'labels';
    if ((role === 'images') !== (match[3] === '3')) {
      throw new DatasetError(
        file.path,
        'format',
        `an ${role} file must be idx${role === 'images' ? 3 : 1}`,
        'Give the files under their original names',
      );
    }
    if (pair[role]) {
      throw new DatasetError(
        file.path,
        'format',
        `a second ${role} file for "${prefix || 'the'}" split (also ${pair[role].path})`,
        'Give each file once',
      );
    }
    pair[role] = file;
    pairs.set(prefix, pair);
  }
  const list = [...pairs.values()];
  const isTest = (p: Pair) => /t10k|test/.test(p.prefix);
  let trainPair: Pair;
  let testPair: Pair | undefined;
  if (list.length === 1) {
    trainPair = list[0];
  } else if (list.length === 2 && list.filter(isTest).length === 1) {
    trainPair = list.find((p) => !isTest(p))!;
    testPair = list.find(isTest);
  } else {
    throw new DatasetError(
      files[0].path,
      'format',
      `IDX files of ${list.length} splits (${list.map((p) => p.prefix || '(no prefix)').join(', ')}); expected one, or a train and a test (t10k-/test-) split`,
      'Give the train files and, optionally, the t10k/test files of one dataset',
    );
  }
  const transposed = idxTransposed(files, options.transposed);
  const train = readPair(trainPair, options.side, transposed);
  const test = testPair ? readPair(testPair, options.side, transposed) : undefined;
  if (test && (test.size[0] !== train.size[0] || test.size[1] !== train.size[1])) {
    throw new DatasetError(
      testPair!.images!.path,
      'sizes',
      `images of ${test.size.join('×')} pixels, the training images are ${train.size.join('×')}`,
      'Give train and test files of the same dataset',
    );
  }
  return assembleDataset({
    name: options.name,
    format: 'idx',
    side: options.side,
    sourceSize: train.size,
    train: train.set,
    test: test?.set,
  });
}
