import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DatasetError } from './datasetError';
import { openDatasetStore } from './datasetStoreBrowser';
import { importDataset } from './importDataset';
import { idxSet } from './testing/fixtures';

// The disk fills up while the dataset is written: writeFile fails as a full disk does.
vi.mock('node:fs/promises', async (original) => {
  const actual = await original<typeof import('node:fs/promises')>();
  return {
    ...actual,
    writeFile: vi.fn(async (path: string, data: Uint8Array) => {
      await actual.writeFile(path, data.subarray(0, 10)); // a partial write, then the error
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    }),
  };
});

const dataset = importDataset(idxSet({ classes: 2, perClass: 5, rows: 4, cols: 4 }), {
  name: 'tiny',
  side: 14,
});

describe('storage full', () => {
  const root = mkdtempSync(join(tmpdir(), 'rq-full-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('on disk: a clear message, and no file (not even a partial one) is left', async () => {
    const { storeDatasetOnDisk } = await import('./datasetDisk');
    const error = await storeDatasetOnDisk(dataset, root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).message).toMatch(
      /tiny-[0-9a-f]{8}: the disk is full: tiny\.[0-9a-f]{8} was not stored\. Free some disk space/,
    );
    const folder = join(root, `tiny-${dataset.hash}`);
    expect(existsSync(join(folder, 'dataset.rqds'))).toBe(false);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('in the browser: a full quota aborts the one transaction, and says what to do', async () => {
    const factory = fakeIndexedDb(() => new DOMException('quota', 'QuotaExceededError'));
    const store = await openDatasetStore(factory);
    const error = await store.put(dataset).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).message).toMatch(
      /^tiny\.[0-9a-f]{8}: the browser's storage for this site is full; the dataset \(\d+(\.\d)? (bytes|KiB)\) was not stored\. Remove datasets/,
    );
  });

  it('without IndexedDB: says datasets cannot be stored, and why', async () => {
    await expect(openDatasetStore(undefined)).rejects.toThrow(
      /datasets cannot be stored: IndexedDB is not available/,
    );
  });
});

/** Just enough IndexedDB to open a database whose every write transaction aborts with `fail()`. */
function fakeIndexedDb(fail: () => DOMException): IDBFactory {
  const db = {
    objectStoreNames: { contains: () => true },
    transaction() {
      const transaction: Record<string, unknown> = {
        objectStore: () => ({
          put() {
            queueMicrotask(() => {
              transaction.error = fail();
              (transaction.onabort as () => void)?.();
            });
          },
        }),
      };
      return transaction;
    },
  };
  return {
    open() {
      const request: Record<string, unknown> = {};
      queueMicrotask(() => {
        request.result = db;
        (request.onsuccess as () => void)?.();
      });
      return request;
    },
  } as unknown as IDBFactory;
}
