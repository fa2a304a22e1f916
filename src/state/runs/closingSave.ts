import type { StoredRun } from './runStorage';

/*
 * The run archive's last chance as the page goes away: IndexedDB writes are asynchronous, and a
 * page being closed may be gone before one commits, so on `pagehide` (and when the tab is hidden)
 * the runs not yet saved are also written synchronously to localStorage. The next load folds
 * them back into IndexedDB and removes them here.
 */

export interface ClosingSave {
  /** Keeps `runs` (replacing what this session kept before); false when it could not. */
  write(runs: readonly StoredRun[]): boolean;
  /** Every session's kept runs, removed as they are read. */
  take(): StoredRun[];
}

const PREFIX = 'resqunn-lab:closing:';

export function localStorageClosingSave(
  session: string,
  storage: Storage | undefined = globalThis.localStorage,
): ClosingSave {
  return {
    write(runs) {
      if (!storage) return false;
      try {
        if (runs.length === 0) storage.removeItem(PREFIX + session);
        else storage.setItem(PREFIX + session, JSON.stringify(runs));
        return true;
      } catch {
        return false; // full or blocked: IndexedDB's last save stands
      }
    },
    take() {
      if (!storage) return [];
      const runs: StoredRun[] = [];
      try {
        const keys = Array.from({ length: storage.length }, (_, i) => storage.key(i));
        for (const key of keys) {
          if (!key?.startsWith(PREFIX)) continue;
          const text = storage.getItem(key);
          storage.removeItem(key);
          const parsed: unknown = text ? JSON.parse(text) : [];
          if (Array.isArray(parsed)) runs.push(...(parsed as StoredRun[]));
        }
      } catch {
        // unreadable: the runs IndexedDB holds are what there is
      }
      return runs;
    },
  };
}

/** For tests and where nothing should outlive the page. */
export function memoryClosingSave(): ClosingSave & { readonly kept: StoredRun[] } {
  const kept: StoredRun[] = [];
  return {
    kept,
    write(runs) {
      kept.splice(0, kept.length, ...runs);
      return true;
    },
    take: () => kept.splice(0, kept.length),
  };
}
