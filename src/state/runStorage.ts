import type { RunRecord } from '../engine/runRecord';

/*
 * Where the run archive keeps runs between sessions: IndexedDB, or memory where IndexedDB cannot
 * be opened (private windows, blocked storage). The archive (runArchive.ts) decides what to keep.
 */

/** Where runs are kept between sessions. */
export interface RunStorage {
  readonly kind: 'indexeddb' | 'memory';
  loadAll(): Promise<StoredRun[]>;
  put(run: StoredRun): Promise<void>;
  clear(): Promise<void>;
}

export interface StoredRun {
  readonly key: string;
  readonly source: 'session' | 'imported';
  readonly savedAt: number;
  readonly record: RunRecord;
  /** The run's number in the list, unique across sessions (absent in runs saved before it). */
  readonly number?: number;
  /** The page closed while this run trained (kept so the mark survives later reloads). */
  readonly interrupted?: boolean;
}

export function memoryStorage(): RunStorage {
  const runs = new Map<string, StoredRun>();
  return {
    kind: 'memory',
    loadAll: async () => [...runs.values()],
    put: async (run) => void runs.set(run.key, run),
    clear: async () => runs.clear(),
  };
}

const DB_NAME = 'resqunn-lab';
const DB_VERSION = 1;
const STORE = 'runs';

/** How long `open` may take before the archive gives up on IndexedDB (some browsers never answer). */
const OPEN_TIMEOUT_MS = 3000;

/**
 * Runs in IndexedDB (one object store keyed by `key`). Rejects where IndexedDB is missing,
 * refuses to open (private windows, blocked storage) or does not answer within `timeoutMs`;
 * callers fall back to memory.
 */
export function openIndexedDbStorage(
  factory: IDBFactory | undefined = globalThis.indexedDB,
  timeoutMs = OPEN_TIMEOUT_MS,
): Promise<RunStorage> {
  return new Promise<RunStorage>((resolveOpen, rejectOpen) => {
    // A late success after the timeout must not resurrect a storage the archive no longer uses.
    let settled = false;
    const timer = setTimeout(() => {
      reject(new Error(`IndexedDB did not open within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const resolve = (s: RunStorage) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolveOpen(s);
    };
    const reject = (e: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      rejectOpen(e instanceof Error ? e : new Error(String(e)));
    };
    if (!factory) return reject(new Error('IndexedDB is not available'));
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(DB_NAME, DB_VERSION);
    } catch (e) {
      return reject(e);
    }
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'key' });
    };
    request.onerror = () => reject(request.error ?? new Error('IndexedDB refused to open'));
    request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
    request.onsuccess = () => {
      const db = request.result;
      if (settled) return db.close();
      const run = <T>(mode: IDBTransactionMode, act: (s: IDBObjectStore) => IDBRequest<T>) =>
        new Promise<T>((done, fail) => {
          let tx: IDBTransaction;
          try {
            tx = db.transaction(STORE, mode);
          } catch (e) {
            return fail(e);
          }
          const req = act(tx.objectStore(STORE));
          tx.oncomplete = () => done(req.result);
          tx.onabort = () => fail(tx.error ?? req.error ?? new Error('IndexedDB aborted'));
          tx.onerror = () => fail(tx.error ?? req.error ?? new Error('IndexedDB failed'));
        });
      resolve({
        kind: 'indexeddb',
        loadAll: () => run('readonly', (s) => s.getAll() as IDBRequest<StoredRun[]>),
        put: (value) => run('readwrite', (s) => s.put(value)).then(() => undefined),
        clear: () => run('readwrite', (s) => s.clear()).then(() => undefined),
      });
    };
  });
}

/** IndexedDB, or memory where it cannot be opened (the archive then shows its notice). */
export async function openRunStorage(): Promise<RunStorage> {
  try {
    return await openIndexedDbStorage();
  } catch {
    return memoryStorage();
  }
}
