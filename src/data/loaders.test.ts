import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from './errors';
import { loadMnistFromDisk } from './loadFromDisk';
import { loadMnistFromUrl, mnistUrl } from './loadFromUrl';
import { decodeMnistSplit, encodeMnistFile, type MnistSplit } from './mnistFormat';

const split: MnistSplit = {
  split: 'test',
  count: 2,
  rows: 2,
  cols: 2,
  classes: 10,
  seed: 1,
  pixels: Uint8Array.of(0, 255, 128, 1, 2, 3, 4, 5),
  labels: Uint8Array.of(1, 8),
};
const bytes = encodeMnistFile(split);

async function rejection(promise: Promise<unknown>): Promise<DataError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataError);
  return error as DataError;
}

describe('loadMnistFromDisk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rq-data-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a good file', async () => {
    writeFileSync(join(dir, 'mnist-test.bin'), bytes);
    const loaded = await loadMnistFromDisk(dir, 'test');
    expect([...loaded.labels]).toEqual([1, 8]);
  });

  it('names the missing file and the command', async () => {
    const error = await rejection(loadMnistFromDisk(dir, 'train'));
    expect(error.reason).toBe('missing');
    expect(error.file).toBe(join(dir, 'mnist-train.bin'));
    expect(error.message).toBe(
      `${join(dir, 'mnist-train.bin')} is missing (no such file). Build it with: npm run data`,
    );
  });

  it('names a corrupt file and the command', async () => {
    const damaged = bytes.slice();
    damaged[40] ^= 0xff;
    writeFileSync(join(dir, 'mnist-test.bin'), damaged);
    const error = await rejection(loadMnistFromDisk(dir, 'test'));
    expect(error.reason).toBe('corrupt');
    expect(error.message).toBe(
      `${join(dir, 'mnist-test.bin')} is corrupt (checksum mismatch). Rebuild it with: npm run data`,
    );
  });
});

describe('loadMnistFromUrl', () => {
  const respond = (response: Response) => () => Promise.resolve(response);

  it('joins the URL and decodes', async () => {
    expect(mnistUrl('/data/', 'test')).toBe('/data/mnist-test.bin');
    const urls: string[] = [];
    const loaded = await loadMnistFromUrl('/base/data', 'test', (url) => {
      urls.push(url);
      return Promise.resolve(
        url.endsWith('.gz') ? new Response('', { status: 404 }) : new Response(bytes),
      );
    });
    // The gzipped copy first; a server without one serves the plain file.
    expect(urls).toEqual(['/base/data/mnist-test.bin.gz', '/base/data/mnist-test.bin']);
    expect(loaded.count).toBe(2);
  });

  it('inflates the gzipped copy, or takes it as the host already inflated it', async () => {
    const { gzipSync } = await import('node:zlib');
    for (const body of [gzipSync(bytes), bytes]) {
      const urls: string[] = [];
      const loaded = await loadMnistFromUrl('/data', 'test', (url) => {
        urls.push(url);
        return Promise.resolve(new Response(body));
      });
      expect(urls).toEqual(['/data/mnist-test.bin.gz']);
      expect(loaded.count).toBe(2);
      expect([...loaded.labels]).toEqual([...decodeMnistSplit(bytes, 'x', 'test').labels]);
    }
  });

  it('reports HTTP errors, SPA fallbacks and network failures as missing', async () => {
    const cases = [
      respond(new Response('not found', { status: 404 })),
      respond(new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } })),
      () => Promise.reject(new TypeError('Failed to fetch')),
    ];
    for (const fetchFn of cases) {
      const error = await rejection(loadMnistFromUrl('/data', 'train', fetchFn));
      expect(error.reason).toBe('missing');
      expect(error.file).toBe('/data/mnist-train.bin');
      expect(error.message).toMatch(
        /^\/data\/mnist-train\.bin is missing \(.+\)\. Build it with: npm run data$/,
      );
    }
  });

  it('reports a corrupt body', async () => {
    const error = await rejection(
      loadMnistFromUrl('/data', 'test', respond(new Response(bytes.subarray(0, 20)))),
    );
    expect(error.message).toMatch(/mnist-test\.bin is corrupt \(truncated/);
  });
});

describe('browser safety', () => {
  it('only loadFromDisk.ts imports Node modules', () => {
    const dir = new URL('.', import.meta.url);
    const sources = readdirSync(dir).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'loadFromDisk.ts',
    );
    expect(sources).toContain('index.ts');
    for (const file of sources) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      expect(text, file).not.toMatch(/from '(node:|fs|path|url)/);
      expect(text, file).not.toMatch(/from '\.\/loadFromDisk'/);
      // Only the layers below (util and sim, themselves free of Node and DOM imports) may be reached.
      expect(text, file).not.toMatch(/from '\.\.\/(?!sim\/|util\/)/);
    }
  });
});
