import { describe, expect, it } from 'vitest';
import { importDataset } from './importDataset';
import { csvText, idxSet, importFailure, textFile } from './testing/fixtures';

const options = { name: 'digits-csv', side: 14 };

const failure = (text: string, path = 'data.csv') => importFailure([textFile(path, text)], options);

describe('CSV datasets', () => {
  it('a header names the label column; pixels 0..255; the stated split', () => {
    const data = importDataset([textFile('data.csv', csvText(3, 5))], options);
    expect(data).toMatchObject({ format: 'csv', split: 'stated', classes: 3, sourceSize: [4, 4] });
    expect(data.train.count + data.test.count).toBe(15);
    expect(Math.max(...data.train.images)).toBeCloseTo(1, 5);
  });

  it('without a header the first column is the label; the same data gives the same hash', () => {
    const withHeader = importDataset([textFile('a.csv', csvText(2, 5))], options);
    const without = importDataset([textFile('b.csv', csvText(2, 5, 4, false))], options);
    expect(without.hash).toBe(withHeader.hash);
  });

  it('a label column elsewhere, values in [0, 1], CRLF line ends', () => {
    const rows = ['p0,p1,p2,p3,label', '0,0.5,1,0,0', '1,1,0,0,1', '0,0,0,1,0', '1,0,1,1,1'];
    const data = importDataset([textFile('x.csv', rows.join('\r\n'))], { name: 'x', side: 2 });
    const all = [...data.train.images, ...data.test.images];
    expect(all).toContain(0.5);
    expect(Math.max(...all)).toBe(1);
  });

  it('the same images as IDX and as CSV give the same dataset', () => {
    const idx = importDataset(idxSet({ classes: 2, perClass: 5, rows: 4, cols: 4 }), options);
    const csv = importDataset([textFile('d.csv', csvText(2, 5))], options);
    expect(csv.hash).toBe(idx.hash);
  });

  it('train and test files', () => {
    const data = importDataset(
      [textFile('fashion_train.csv', csvText(2, 4)), textFile('fashion_test.csv', csvText(2, 2))],
      options,
    );
    expect(data.split).toBe('files');
    expect([data.train.count, data.test.count]).toEqual([8, 4]);
  });

  it('a row of the wrong length names the line and both counts', () => {
    const text = csvText(2, 3).replace(/\n([^\n]*)\n$/, '\n$1,7\n');
    const error = failure(text);
    expect(error.problem).toBe('csv');
    expect(error.message).toMatch(
      /^data.csv: line 7 has 18 cells, the header has 17\. Each row must hold/,
    );
  });

  it('a non-numeric cell names its line and column', () => {
    const lines = csvText(2, 3).split('\n');
    lines[2] = lines[2].replace(/,(\d+)$/, ',dark');
    expect(failure(lines.join('\n')).message).toMatch(
      /line 3, column 17: "dark" is not a number from 0 to 255/,
    );
  });

  it('pixel columns that are not a square image', () => {
    expect(failure('label,a,b,c\n0,1,2,3\n1,1,2,3\n').message).toMatch(
      /3 pixel columns besides the label, not a square image/,
    );
  });

  it('a label out of range', () => {
    expect(failure('0,1,2,3,4\n1.5,1,2,3,4\n').message).toMatch(
      /line 2: label "1.5" is out of range/,
    );
    expect(failure('0,1,2,3,4\n-1,1,2,3,4\n').problem).toBe('labels');
  });

  it('one class only, an empty file, a CSV next to other files', () => {
    expect(failure('0,1,2,3,4\n0,1,2,3,4\n').message).toMatch(/one class only/);
    expect(failure('\n\n').message).toMatch(/the file is empty/);
    expect(() =>
      importDataset([textFile('a.csv', csvText(2, 2)), textFile('b.txt', 'x')], options),
    ).toThrow(/b.txt: not a CSV file, next to CSV files/);
  });
});
