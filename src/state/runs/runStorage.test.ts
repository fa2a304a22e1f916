import { describe, expect, it } from 'vitest';
import { emptyRunRecord } from '../../engine/runRecord';
import { memoryStorage, openIndexedDbStorage, openRunStorage } from './runStorage';

const run = (key: string) => ({
  key,
  source: 'session' as const,
  savedAt: 1,
  record: emptyRunRecord(1, 'n=2;k=2,2', 'cpu'),
});

describe('run storage', () => {
  it('keeps runs in memory by key, replacing a run put twice, until cleared', async () => {
    const storage = memoryStorage();
    await storage.put(run('a'));
    await storage.put(run('b'));
    await storage.put({ ...run('a'), savedAt: 2 });
    const all = await storage.loadAll();
    expect(all.map((r) => [r.key, r.savedAt])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    await storage.clear();
    expect(await storage.loadAll()).toEqual([]);
  });

  it('falls back to memory where IndexedDB is missing (Node has none)', async () => {
    await expect(openIndexedDbStorage(undefined)).rejects.toThrow(/not available/);
    expect((await openRunStorage()).kind).toBe('memory');
  });

  it('gives up on an IndexedDB whose open never answers, so the archive falls back to memory', async () => {
    const silent = { open: () => ({}) as IDBOpenDBRequest } as unknown as IDBFactory;
    const started = Date.now();
    await expect(openIndexedDbStorage(silent, 50)).rejects.toThrow(/did not open within/);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
