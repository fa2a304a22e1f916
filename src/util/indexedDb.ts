/*
 * The one IndexedDB helper (runs, sweeps, datasets): open a database of one object store keyed by
 * one field (`key` unless told) with a time limit, and run one request per transaction, settled only when the transaction
 * commits. Some browsers never answer `open` (blocked storage), and a request's success is not
 * its transaction's: a quota error arrives as the transaction's abort.
 */

/** One request in its own transaction on the store: resolves with its result once committed. */
export type StoreRun = <T>(
  mode: IDBTransactionMode,
  act: (store: IDBObjectStore) => IDBRequest<T>,
) => Promise<T>;

/** How long `open` may take before a caller gives up on IndexedDB (some browsers never answer). */
export const OPEN_TIMEOUT_MS = 3000;

export interface KeyedStoreOptions {
  readonly name: string;
  readonly version: number;
  readonly store: string;
  /** The field that keys the store's records (default `key`). */
  readonly keyPath?: string;
  /** Default OPEN_TIMEOUT_MS. */
  readonly timeoutMs?: number;
  readonly factory: IDBFactory | undefined;
}

/**
 * Opens the database and gives the store's runner. Rejects where IndexedDB is missing, refuses
 * to open (private windows, blocked storage, another tab) or does not answer within timeoutMs.
 */
export function openKeyedStore(options: KeyedStoreOptions): Promise<StoreRun> {
  const { name, version, store, keyPath = 'key', timeoutMs = OPEN_TIMEOUT_MS, factory } = options;
  return new Promise<StoreRun>((resolveOpen, rejectOpen) => {
    // A late success after the timeout must not resurrect a storage its caller gave up on.
    let settled = false;
    const timer = setTimeout(() => {
      reject(new Error(`IndexedDB did not open within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const resolve = (run: StoreRun) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolveOpen(run);
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
      request = factory.open(name, version);
    } catch (e) {
      return reject(e);
    }
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(store)) db.createObjectStore(store, { keyPath });
    };
    request.onerror = () => reject(request.error ?? new Error('IndexedDB refused to open'));
    request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
    request.onsuccess = () => {
      const db = request.result;
      if (settled) return db.close();
      resolve(
        <T>(mode: IDBTransactionMode, act: (s: IDBObjectStore) => IDBRequest<T>) =>
          new Promise<T>((done, fail) => {
            let tx: IDBTransaction;
            try {
              tx = db.transaction(store, mode);
            } catch (e) {
              return fail(e);
            }
            const req = act(tx.objectStore(store));
            tx.oncomplete = () => done(req.result);
            tx.onabort = () => fail(tx.error ?? req.error ?? new Error('IndexedDB aborted'));
            tx.onerror = () => fail(tx.error ?? req.error ?? new Error('IndexedDB failed'));
          }),
      );
    };
  });
}
