import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classCounts, imageAt, toDigits, type Digits } from '../src/data/digits';
import { DataError } from '../src/data/errors';
import { loadMnistFromDisk } from '../src/data/loadFromDisk';
import type { MnistSplit } from '../src/data/mnistFormat';
import { prepareDigits } from '../src/data/prepare';
import { buildData, checkData, readMnistSource, type MnistSource } from './make-data';

const SCRIPT = fileURLToPath(new URL('./make-data.ts', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'rq-make-data-'));
const dirA = join(root, 'a');
const dirB = join(root, 'b');
let source: MnistSource;
let train: MnistSplit;
let test: MnistSplit;

beforeAll(async () => {
  source = readMnistSource();
  buildData(dirA, source);
  buildData(dirB, source);
  train = await loadMnistFromDisk(dirA, 'train');
  test = await loadMnistFromDisk(dirA, 'test');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the mnist package', () => {
  it('has 10,000 digits, at least 863 per class', () => {
    const counts = source.byClass.map((c) => c.length / 784);
    expect(counts.reduce((a, b) => a + b)).toBe(10_000);
    expect(Math.min(...counts)).toBe(863);
  });
});

describe('make-data output', () => {
  it('decodes to exactly balanced splits of 6,630 and 2,000 28×28 images', () => {
    expect(train).toMatchObject({ split: 'train', count: 6630, rows: 28, cols: 28, classes: 10 });
    expect(test).toMatchObject({ split: 'test', count: 2000, rows: 28, cols: 28, classes: 10 });
    expect(classCounts(train.labels)).toEqual(Array(10).fill(663));
    expect(classCounts(test.labels)).toEqual(Array(10).fill(200));
  });

  it('makes the default subsets balanced: first 500 train, first 200 test', () => {
    expect(classCounts(train.labels.subarray(0, 500))).toEqual(Array(10).fill(50));
    expect(classCounts(test.labels.subarray(0, 200))).toEqual(Array(10).fill(20));
    expect(classCounts(train.labels.subarray(0, 16)).filter((n) => n > 0).length).toBeGreaterThan(
      5,
    );
  });

  it('keeps train and test disjoint', () => {
    const key = (s: MnistSplit, i: number) => s.pixels.subarray(i * 784, (i + 1) * 784).join();
    const testImages = new Set(Array.from({ length: test.count }, (_, i) => key(test, i)));
    const shared = Array.from({ length: train.count }, (_, i) => key(train, i)).filter((k) =>
      testImages.has(k),
    );
    expect(shared).toEqual([]);
  });

  it('is deterministic: two builds give identical bytes', () => {
    for (const file of ['mnist-train.bin', 'mnist-test.bin', 'manifest.json']) {
      expect(readFileSync(join(dirA, file)).equals(readFileSync(join(dirB, file))), file).toBe(
        true,
      );
    }
  });

  it('gives digits that look like digits, in [0, 1], at 28×28 and 14×14', () => {
    const full = toDigits(test);
    const small = prepareDigits(train, { count: 500, downscale: true });
    expect(small).toMatchObject({ count: 500, height: 14, width: 14 });
    for (const digits of [full, small]) {
      expect(digits.images.every((v) => v >= 0 && v <= 1)).toBe(true);
      const mean = digits.images.reduce((a, b) => a + b) / digits.images.length;
      expect(mean).toBeGreaterThan(0.08); // MNIST's mean ink is ≈ 0.13
      expect(mean).toBeLessThan(0.2);
      expect(Math.max(...imageAt(digits, 0))).toBeGreaterThan(0.5);
      for (let i = 0; i < 20; i++)
        expect(centreMean(digits, i)).toBeGreaterThan(4 * borderMean(digits, i));
    }
  });

  it('manifest and check agree with the files', () => {
    const manifest = JSON.parse(readFileSync(join(dirA, 'manifest.json'), 'utf8'));
    expect(manifest.splits.train).toMatchObject({ count: 6630, perClass: 663, bytes: 5_204_582 });
    expect(manifest.splits.test).toMatchObject({ count: 2000, perClass: 200, bytes: 1_570_032 });
    expect(checkData(dirA)).toEqual([]);
  });
});

describe('damaged output', () => {
  it('a flipped byte is caught by the loader and by --if-missing', async () => {
    const dir = join(root, 'flipped');
    buildData(dir, source);
    const file = join(dir, 'mnist-train.bin');
    const bytes = readFileSync(file);
    bytes[1000] ^= 0x10;
    writeFileSync(file, bytes);
    await expect(loadMnistFromDisk(dir, 'train')).rejects.toThrow(DataError);
    await expect(loadMnistFromDisk(dir, 'train')).rejects.toThrow(
      `${file} is corrupt (checksum mismatch). Rebuild it with: npm run data`,
    );
    expect(checkData(dir)).toEqual([
      `${file} is corrupt (checksum mismatch). Rebuild it with: npm run data`,
    ]);
  });

  it('a missing directory is reported by check', () => {
    expect(checkData(join(root, 'nowhere'))[0]).toMatch(/manifest\.json is missing/);
  });
});

describe('the command line', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { encoding: 'utf8' });

  it('--if-missing builds once, then skips; rebuilds a truncated file', () => {
    const dir = join(root, 'cli');
    const first = cli('--if-missing', '--out', dir);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/rebuilding .*manifest\.json is missing/);
    expect(first.stdout).toMatch(
      /wrote .*mnist-train\.bin: 6630 images \(663 per class\), 5,204,582 bytes/,
    );
    expect(first.stdout).toMatch(
      /wrote .*mnist-test\.bin: 2000 images \(200 per class\), 1,570,032 bytes/,
    );

    const second = cli('--if-missing', '--out', dir);
    expect(second.status).toBe(0);
    expect(second.stdout).toBe(''); // status on stderr: stdout stays data for pipes
    expect(second.stderr).toMatch(/up to date/);

    const file = join(dir, 'mnist-test.bin');
    writeFileSync(file, readFileSync(file).subarray(0, 1000));
    const third = cli('--if-missing', '--out', dir);
    expect(third.status).toBe(0);
    expect(third.stdout).toMatch(/rebuilding .*mnist-test\.bin is corrupt \(truncated/);
    expect(readFileSync(file).equals(readFileSync(join(dirA, 'mnist-test.bin')))).toBe(true);
  });

  it('rejects an unknown option with exit code 2, like the other tools', () => {
    const result = cli('--bogus');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/make-data: Unknown option '--bogus'/);
  });
});

/** Mean of the middle half (rows and columns h/4 … 3h/4), where the digit's strokes are. */
function centreMean(d: Digits, i: number): number {
  const image = imageAt(d, i);
  const lo = Math.round(d.height / 4);
  const hi = d.height - lo;
  let sum = 0;
  for (let r = lo; r < hi; r++) for (let c = lo; c < hi; c++) sum += image[r * d.width + c];
  return sum / ((hi - lo) * (hi - lo));
}

/** Mean of the outer strip (4 pixels at 28×28, 2 at 14×14), which MNIST keeps nearly empty. */
function borderMean(d: Digits, i: number): number {
  const image = imageAt(d, i);
  const edge = d.height / 7;
  let sum = 0;
  let n = 0;
  for (let r = 0; r < d.height; r++) {
    for (let c = 0; c < d.width; c++) {
      const inside = r >= edge && r < d.height - edge && c >= edge && c < d.width - edge;
      if (!inside) {
        sum += image[r * d.width + c];
        n++;
      }
    }
  }
  return sum / n + 1e-3;
}

describe('the gzipped copies the page fetches', () => {
  it('decompress to the plain files, and a stale copy is caught by --if-missing', async () => {
    const { gunzipSync, gzipSync } = await import('node:zlib');
    for (const name of ['mnist-train.bin', 'mnist-test.bin']) {
      const plain = readFileSync(join(dirA, name));
      const packed = readFileSync(join(dirA, `${name}.gz`));
      expect(packed.length).toBeLessThan(plain.length / 4);
      expect(gunzipSync(packed).equals(plain)).toBe(true);
    }
    const dir = join(root, 'stale-gz');
    buildData(dir, source);
    writeFileSync(join(dir, 'mnist-test.bin.gz'), gzipSync(Buffer.from('old')));
    expect(checkData(dir)).toEqual([
      `${join(dir, 'mnist-test.bin')}.gz is missing or differs from ${join(dir, 'mnist-test.bin')}`,
    ]);
  });
});
