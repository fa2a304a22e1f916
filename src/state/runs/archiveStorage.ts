import type { StoreApi } from 'zustand/vanilla';
import type { RunArchiveState } from './archiveState';
import { memoryStorage, type RunStorage, type StoredRun } from './runStorage';

/*
 * The run archive's storage as it stands: IndexedDB until a write fails, then memory for the rest
 * of the session with a notice saying why. Nothing is dropped from the list because storage failed.
 */

export const MESSAGES = {
  unavailable:
    'Saved runs are unavailable in this browser (a private window, or storage is blocked): ' +
    'runs are kept only until this page is closed. Export a run as JSON to keep it.',
  full:
    'Browser storage is full: runs from now on are kept only until this page is closed. ' +
    'Clear saved runs, or export runs as JSON, to keep them.',
} as const;

export interface StorageSlot {
  readonly current: RunStorage;
  /** The storage that opened (memory until then). */
  use(storage: RunStorage): void;
  /** Runs are kept in memory from now on; the notice says why. */
  failOver(message: string): void;
  /** Writes one run; false (and failed over) where storage refused it. */
  put(run: StoredRun): Promise<boolean>;
}

export function createStorageSlot(store: StoreApi<RunArchiveState>): StorageSlot {
  let current: RunStorage = memoryStorage();
  const failOver = (message: string) => {
    current = memoryStorage();
    store.setState({ storage: 'memory', notice: message });
  };
  return {
    get current() {
      return current;
    },
    use: (storage) => void (current = storage),
    failOver,
    async put(run) {
      try {
        await current.put(run);
        return true;
      } catch (e) {
        failOver(isQuotaError(e) ? MESSAGES.full : MESSAGES.unavailable);
        return false;
      }
    },
  };
}

function isQuotaError(e: unknown): boolean {
  return e instanceof Error && /quota/i.test(`${e.name} ${e.message}`);
}
