/*
 * Explore results kept across visits: IndexedDB beside the saved runs (a database of its own, so
 * neither schema waits on the other), or memory where IndexedDB cannot be opened. One record per
 * sweep, keyed by when it started; the view reopens the latest.
 */
import type { SweepPlan } from '../../model/sweep/sweepPlan';
import type { PairResult } from '../../model/sweep/sweepRows';
import { openKeyedStore } from '../../util/indexedDb';

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

/** IndexedDB, or memory where it cannot be opened within OPEN_TIMEOUT_MS (util/indexedDb.ts). */
export async function openSweepStorage(
  factory: IDBFactory | undefined = globalThis.indexedDB,
): Promise<SweepStorage> {
  try {
    const run = await openKeyedStore({
      name: DB_NAME,
      version: 1,
      store: STORE,
      factory,
    });
    return {
      kind: 'indexeddb',
      latest: async () =>
        latestOf(await run('readonly', (s) => s.getAll() as IDBRequest<StoredSweep[]>)),
      put: (s) => run('readwrite', (st) => st.put(s)).then(() => undefined),
    };
  } catch {
    return memorySweepStorage();
  }
}
