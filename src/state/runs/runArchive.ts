import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RunRecord } from '../../engine/runRecord';
import type { LabStore } from '../labStore';
import { importRuns } from './archiveImport';
import { loadSavedRuns } from './archiveLoad';
import { createArchiveSaver } from './archiveSaver';
import { toggled } from './archiveSelection';
import { EMPTY_ARCHIVE, type RunArchiveState } from './archiveState';
import { createStorageSlot } from './archiveStorage';
import { localStorageClosingSave, type ClosingSave } from './closingSave';
import type { RunStorage } from './runStorage';
import { createSessionRuns } from './sessionRuns';

/**
 * Every run worth keeping, this session's and earlier ones': the session's runs (those with at
 * least one step) are saved to IndexedDB as they train, so they survive a reload, and runs from
 * files can be imported beside them. Where IndexedDB is unavailable (private windows) or full,
 * runs are kept in memory for the session and a notice says so; nothing is ever dropped from the
 * list because storage failed.
 *
 * This file puts the archive together; its parts: what it holds (archiveState.ts), its storage
 * and fail-over (archiveStorage.ts), the load (archiveLoad.ts), this session's runs and their
 * numbers (sessionRuns.ts), saving and clearing (archiveSaver.ts), imports (archiveImport.ts),
 * the comparison's picks (archiveSelection.ts).
 */

export type { ArchivedRun, RunArchiveState, RunSource, StorageMode } from './archiveState';
export { MESSAGES } from './archiveStorage';
export { SAVE_DELAY_MS, SAVE_DELAY_TRAINING_MS } from './archiveSaver';

export interface RunArchive {
  readonly store: StoreApi<RunArchiveState>;
  /** Adds runs from a file (already checked by checkRunRecord); returns how many were new. */
  importRuns(records: readonly RunRecord[]): Promise<number>;
  /** Deletes every saved run; this session's runs stay listed until the page is closed. */
  clearSaved(): Promise<void>;
  toggle(key: string, on?: boolean): void;
  /** Drops the offer to reopen an interrupted run (answered or dismissed). */
  dismissReopen(): void;
  /** Saves pending changes now (tests; before the page goes away). */
  flush(): Promise<void>;
  /**
   * As the page goes away (pagehide, hidden): writes the runs IndexedDB may not have yet
   * synchronously (closingSave.ts), so that closing mid-run loses no step the page had.
   */
  saveNow(): void;
  /** A run's number in the list (`#n`) by its engine run id, or null while it has no steps. */
  sessionNumber(runId: number): number | null;
  /** Resolves once the saved runs are loaded (or storage has failed over to memory). */
  readonly ready: Promise<void>;
  dispose(): void;
}

/** A run's new steps redraw the comparison at most 4 times a second: training sends 30. */
const TOUCH_INTERVAL_MS = 250;

export function createRunArchive(
  lab: LabStore,
  openStorage: () => Promise<RunStorage>,
  now: () => number = Date.now,
  closingSave: (session: string) => ClosingSave = localStorageClosingSave,
): RunArchive {
  const sessionId = `${now().toString(36)}${Math.floor(Math.random() * 1296)
    .toString(36)
    .padStart(2, '0')}`;
  const closing = closingSave(sessionId);
  const store = createStore<RunArchiveState>(() => EMPTY_ARCHIVE);
  const slot = createStorageSlot(store);
  const session = createSessionRuns(lab, sessionId, now);
  const ready = loadSavedRuns({ store, slot, session, closing, openStorage });
  const saver = createArchiveSaver({ lab, store, slot, session, closing, ready, now });
  let disposed = false;

  let touch: ReturnType<typeof setTimeout> | null = null;
  const touchSoon = () => {
    if (touch !== null || disposed) return;
    touch = setTimeout(() => {
      touch = null;
      store.setState({ revision: store.getState().revision + 1 });
    }, TOUCH_INTERVAL_MS);
  };

  const syncSession = () => {
    const state = store.getState();
    const { runs, changed } = session.sync(state.runs);
    const dirty = saver.hasUnsaved();
    if (changed) store.setState({ runs, revision: state.revision + 1 });
    else if (dirty) touchSoon();
    if (dirty) saver.schedule();
  };
  const unsubscribe = lab.subscribe((s, previous) => {
    if (s.revision !== previous.revision || s.currentRunId !== previous.currentRunId) {
      syncSession();
    }
  });
  syncSession();

  const settled = async () => {
    await ready;
    await saver.cleared();
  };
  return {
    store,
    ready,
    importRuns: (records) => importRuns({ store, slot, session, settled, now }, records),
    clearSaved: saver.clearSaved,
    dismissReopen: () => store.setState({ reopen: null }),
    toggle(key, on) {
      const selected = store.getState().selected;
      const next = toggled(selected, key, on);
      if (next !== selected) store.setState({ selected: next });
    },
    flush: saver.flush,
    saveNow: saver.saveNow,
    sessionNumber(runId) {
      const key = session.key(runId);
      return store.getState().runs.find((r) => r.key === key)?.number ?? null;
    },
    dispose() {
      disposed = true;
      unsubscribe();
      saver.dispose();
      if (touch !== null) clearTimeout(touch);
    },
  };
}
