import type { RunRecord } from '../../engine/runRecord';
import { OPEN_TIMEOUT_MS, openKeyedStore } from '../../util/indexedDb';

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

/**
 * Runs in IndexedDB (one object store keyed by `key`). Rejects where IndexedDB is missing,
 * refuses to open (private windows, blocked storage) or does not answer within `timeoutMs`;
 * callers fall back to memory.
 */
export async function openIndexedDbStorage(
  factory: IDBFactory | undefined = globalThis.indexedDB,
  timeoutMs = OPEN_TIMEOUT_MS,
): Promise<RunStorage> {
  const run = await openKeyedStore({
    name: DB_NAME,
    version: DB_VERSION,
    store: STORE,
    timeoutMs,
    factory,
  });
  return {
    kind: 'indexeddb',
    loadAll: () => run('readonly', (s) => s.getAll() as IDBRequest<StoredRun[]>),
    put: (value) => run('readwrite', (s) => s.put(value)).then(() => undefined),
    clear: () => run('readwrite', (s) => s.clear()).then(() => undefined),
  };
}

/** IndexedDB, or memory where it cannot be opened (the archive then shows its notice). */
export async function openRunStorage(): Promise<RunStorage> {
  try {
    return await openIndexedDbStorage();
  } catch {
    return memoryStorage();
  }
}
