/**
 * A dataset from CSV: one image per row, a label column and one column per pixel (row-major, a
 * square number of them: 784 for 28×28), as in the Kaggle MNIST and Fashion-MNIST CSVs. A
 * header row is recognised by a non-numeric cell and then names the label column (`label`,
 * `class`, `target` or `y`); without a header the label is the first column. Pixels are 0..255,
 * or 0..1 when no pixel in the file exceeds 1. Files named `…train…` and `…test…` give the test
 * set from the files; a single file is split by the stated split (assemble.ts).
 */
import { assembleDataset, type LabelledImages } from './assemble';
import type { Dataset } from './dataset';
import { DatasetError } from './datasetError';
import { baseName, type ImportOptions, type InputFile } from './inputFile';
import { areaResize } from './resize';

const LABEL_NAMES = /^(label|labels|class|target|y)$/i;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

interface ParsedCsv {
  readonly set: LabelledImages;
  readonly side: number;
}

function parseCsv(file: InputFile, side: number): ParsedCsv {
  const text = new TextDecoder().decode(file.bytes).replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  const cells = (line: string) => line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  const fix = 'Each row must hold a label and one number per pixel, separated by commas';
  if (lines.length === 0) throw new DatasetError(file.path, 'csv', 'the file is empty', fix);
  const firstRow = cells(lines[0]);
  const hasHeader = firstRow.some((c) => !NUMBER.test(c));
  const labelColumn = hasHeader
    ? Math.max(
        0,
        firstRow.findIndex((c) => LABEL_NAMES.test(c)),
      )
    : 0;
  const columns = firstRow.length;
  const pixelCount = columns - 1;
  const sourceSide = Math.round(Math.sqrt(pixelCount));
  if (pixelCount < 1 || sourceSide * sourceSide !== pixelCount) {
    throw new DatasetError(
      file.path,
      'csv',
      `${pixelCount} pixel columns besides the label, not a square image (784 = 28×28 would be)`,
      fix,
    );
  }
  const start = hasHeader ? 1 : 0;
  const count = lines.length - start;
  const raw = new Float32Array(count * pixelCount);
  const labels: string[] = [];
  let max = 0;
  for (let r = 0; r < count; r++) {
    const line = start + r + 1;
    const row = cells(lines[start + r]);
    if (row.length !== columns) {
      throw new DatasetError(
        file.path,
        'csv',
        `line ${line} has ${row.length} cells, the ${hasHeader ? 'header' : 'first row'} has ${columns}`,
        fix,
      );
    }
    let p = 0;
    for (let c = 0; c < columns; c++) {
      const cell = row[c];
      if (c === labelColumn) {
        if (!/^\d+$/.test(cell) || Number(cell) > 255) {
          throw new DatasetError(
            file.path,
            'labels',
            `line ${line}: label "${cell}" is out of range (a label is a whole number 0 to 255)`,
            'Number the classes 0, 1, 2, …',
          );
        }
        labels.push(String(Number(cell)));
        continue;
      }
      const value = NUMBER.test(cell) ? Number(cell) : NaN;
      if (!(value >= 0 && value <= 255)) {
        throw new DatasetError(
          file.path,
          'csv',
          `line ${line}, column ${c + 1}: "${cell}" is not a number from 0 to 255`,
          fix,
        );
      }
      if (value > max) max = value;
      raw[r * pixelCount + p++] = value;
    }
  }
  const scale = max <= 1 ? 1 : 255;
  const images = new Float32Array(count * side * side);
  for (let n = 0; n < count; n++) {
    const image = raw.subarray(n * pixelCount, (n + 1) * pixelCount).map((v) => v / scale);
    images.set(areaResize(image, sourceSide, sourceSide, side), n * side * side);
  }
  return { set: { file: file.path, images, labels }, side: sourceSide };
}

export function csvDataset(files: readonly InputFile[], options: ImportOptions): Dataset {
  const named = (word: string) => files.find((f) => baseName(f.path).toLowerCase().includes(word));
  let trainFile: InputFile;
  let testFile: InputFile | undefined;
  if (files.length === 1) {
    trainFile = files[0];
  } else if (files.length === 2 && named('test') && named('train')) {
    trainFile = named('train')!;
    testFile = named('test');
  } else {
    throw new DatasetError(
      files.map((f) => f.path).join(', '),
      'format',
      `${files.length} CSV files; expected one, or one named …train… and one named …test…`,
      'Give one CSV file, or a train and a test file',
    );
  }
  const train = parseCsv(trainFile, options.side);
  const test = testFile ? parseCsv(testFile, options.side) : undefined;
  if (test && test.side !== train.side) {
    throw new DatasetError(
      testFile!.path,
      'sizes',
      `images of ${test.side}×${test.side} pixels, the training file's are ${train.side}×${train.side}`,
      'Give train and test files of the same image size',
    );
  }
  return assembleDataset({
    name: options.name,
    format: 'csv',
    side: options.side,
    sourceSize: [train.side, train.side],
    train: train.set,
    test: test?.set,
  });
}
