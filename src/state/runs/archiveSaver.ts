import type { StoreApi } from 'zustand/vanilla';
import type { RunRecord } from '../../engine/runRecord';
import type { LabStore } from '../labStore';
import type { RunArchiveState } from './archiveState';
import { MESSAGES, type StorageSlot } from './archiveStorage';
import type { ClosingSave } from './closingSave';
import type { SessionRuns } from './sessionRuns';

/*
 * The run archive's writes: this session's runs saved as they change (soon once a run stops,
 * every second while it trains), everything unsaved written synchronously as the page goes, and
 * the saved runs cleared.
 */

/**
 * How soon a changed run is saved: soon once it stops, every second while it trains. Closing the
 * page saves at once (saveNow); only a browser that dies loses up to this last second.
 */
export const SAVE_DELAY_MS = 300;
export const SAVE_DELAY_TRAINING_MS = 1000;

export interface ArchiveSaver {
  /** Some listed session run has changed since it was last saved. */
  hasUnsaved(): boolean;
  /** Saves the changed runs after the delay (the earlier of two asked for). */
  schedule(): void;
  /** Saves the changed runs now. */
  flush(): Promise<void>;
  /** Writes the runs IndexedDB has not committed to the closing save (closingSave.ts). */
  saveNow(): void;
  /** Deletes every saved run; this session's stay listed and are not saved again unless they change. */
  clearSaved(): Promise<void>;
  /** Settles once a clear asked for so far is done. */
  cleared(): Promise<void>;
  dispose(): void;
}

export interface SaverParts {
  readonly lab: LabStore;
  readonly store: StoreApi<RunArchiveState>;
  readonly slot: StorageSlot;
  readonly session: SessionRuns;
  readonly closing: ClosingSave;
  /** The saved runs' load: nothing is written before it is done. */
  readonly ready: Promise<void>;
  readonly now: () => number;
}

/** What a run's save depends on: a save is skipped when this has not changed. */
const version = (r: RunRecord) =>
  `${r.steps.length}/${r.epochs.length}/${r.errors.length}/${r.state}/${r.config}/${r.checkpoint?.step ?? '-'}`;

export function createArchiveSaver({
  lab,
  store,
  slot,
  session,
  closing,
  ready,
  now,
}: SaverParts): ArchiveSaver {
  /** Per session run id: the version last saved (steps, epochs, errors, state). */
  const saved = new Map<number, string>();
  /** Per session run id: the version whose write to storage has completed. */
  const committed = new Map<number, string>();
  const sessionRuns = () => [...lab.getState().recorder.runs.values()];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let due = 0;
  let saving: Promise<void> = Promise.resolve();
  let clearing: Promise<void> = Promise.resolve();
  let disposed = false;

  const save = (): Promise<void> => {
    saving = saving.then(async () => {
      await ready;
      for (const record of sessionRuns()) {
        if (!session.isListed(record)) continue;
        const v = version(record);
        if (saved.get(record.runId) === v) continue;
        saved.set(record.runId, v);
        if (slot.current.kind === 'memory') continue;
        if (await slot.put(session.stored(record))) committed.set(record.runId, v);
      }
    });
    return saving;
  };

  return {
    hasUnsaved: () =>
      sessionRuns().some((r) => session.isListed(r) && saved.get(r.runId) !== version(r)),
    schedule() {
      if (disposed) return;
      const delay = lab.getState().runState === 'training' ? SAVE_DELAY_TRAINING_MS : SAVE_DELAY_MS;
      const at = now() + delay;
      if (timer !== null && due <= at) return;
      if (timer !== null) clearTimeout(timer);
      due = at;
      timer = setTimeout(() => {
        timer = null;
        void save();
      }, delay);
    },
    flush() {
      if (timer !== null) {
        clearTimeout(timer);
        timer = null;
      }
      return save();
    },
    saveNow() {
      if (slot.current.kind !== 'indexeddb') return;
      const unsaved = sessionRuns().filter(
        (r) => r.steps.length > 0 && committed.get(r.runId) !== version(r),
      );
      closing.write(unsaved.map(session.stored));
    },
    clearSaved() {
      clearing = clearing.then(async () => {
        await ready;
        await saving;
        try {
          await slot.current.clear();
        } catch {
          slot.failOver(MESSAGES.unavailable);
        }
        // This session's runs are not saved again unless they change.
        for (const record of sessionRuns()) {
          if (record.steps.length > 0) saved.set(record.runId, version(record));
        }
        const runs = store.getState().runs.filter((r) => r.source === 'session');
        store.setState({
          runs,
          selected: store.getState().selected.filter((k) => runs.some((r) => r.key === k)),
          revision: store.getState().revision + 1,
        });
      });
      return clearing;
    },
    cleared: () => clearing,
    dispose() {
      disposed = true;
      if (timer !== null) clearTimeout(timer);
    },
  };
}
