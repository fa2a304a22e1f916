/*
 * Explore results kept across visits: IndexedDB beside the saved runs (a database of its own, so
 * neither schema waits on the other), or memory where IndexedDB cannot be opened. One record per
 * sweep, keyed by when it started; the view reopens the latest.
 */
import type { SweepPlan } from '../model/sweep/sweepPlan';
import type { PairResult } from '../model/sweep/sweepRows';

export interface StoredSweep {
  readonly key: string;
  readonly savedAt: number;
  readonly plan: SweepPlan;
  readonly results: readonly PairResult[];
  readonly complete: boolean;
}

export interface SweepStorage {
  readonly kind: 'indexeddb' | 'memory';
  latest(): Promise<StoredSweep | null>;
  put(sweep: StoredSweep): Promise<void>;
}

const DB_NAME = 'resqunn-lab-explore';
const STORE = 'sweeps';

export function memorySweepStorage(): SweepStorage {
  const map = new Map<string, StoredSweep>();
  return {
    kind: 'memory',
    latest: async () => latestOf([...map.values()]),
    put: async (s) => void map.set(s.key, structuredClone(s)),
  };
}

const latestOf = (list: readonly StoredSweep[]) =>
  list.reduce<StoredSweep | null>((a, b) => (!a || b.savedAt > a.savedAt ? b : a), null);

export function openSweepStorage(
  factory: IDBFactory | undefined = globalThis.indexedDB,
): Promise<SweepStorage> {
  return new Promise<SweepStorage>((resolve, reject) => {
    if (!factory) return reject(new Error('IndexedDB is not available'));
    const request = factory.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(STORE)) {
        request.result.createObjectStore(STORE, { keyPath: 'key' });
      }
    };
    request.onerror = () => reject(request.error ?? new Error('IndexedDB refused to open'));
    request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
    request.onsuccess = () => {
      const db = request.result;
      const run = <T>(mode: IDBTransactionMode, act: (s: IDBObjectStore) => IDBRequest<T>) =>
        new Promise<T>((done, fail) => {
          const tx = db.transaction(STORE, mode);
          const req = act(tx.objectStore(STORE));
          tx.oncomplete = () => done(req.result);
          tx.onabort = tx.onerror = () => fail(tx.error ?? new Error('IndexedDB failed'));
        });
      resolve({
        kind: 'indexeddb',
        latest: async () =>
          latestOf(await run('readonly', (s) => s.getAll() as IDBRequest<StoredSweep[]>)),
        put: (s) => run('readwrite', (st) => st.put(s)).then(() => undefined),
      });
    };
  }).catch(() => memorySweepStorage());
}
