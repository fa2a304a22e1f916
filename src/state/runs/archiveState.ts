import type { RunRecord } from '../../engine/runRecord';
import type { StoredRun } from './runStorage';

/*
 * What the run archive holds (runArchive.ts puts it together): the listed runs, where they are
 * kept, which are picked for comparison; and a listed run's form in storage.
 */

export type RunSource = 'session' | 'saved' | 'imported';

export interface ArchivedRun {
  /** Stable and unique: `s<session>-<runId>` for this page's runs, `i<hash>` for imports. */
  readonly key: string;
  readonly source: RunSource;
  /** When it was first kept (ms since the epoch), for ordering. */
  readonly savedAt: number;
  readonly record: RunRecord;
  /** What the list calls the run (`#n`): unique across sessions, unlike the engine's run id. */
  readonly number: number;
  /** A saved run the page closed on while it trained: its steps stop short of where it was going. */
  readonly interrupted: boolean;
}

export type StorageMode = 'pending' | 'indexeddb' | 'memory';

export interface RunArchiveState {
  /** Oldest first. */
  readonly runs: readonly ArchivedRun[];
  readonly storage: StorageMode;
  /** Why runs are not being saved, when they are not. */
  readonly notice: string | null;
  /** The keys of the runs picked for comparison, in picking order. */
  readonly selected: readonly string[];
  /** The key of a run this load found interrupted by the page closing, until dismissed. */
  readonly reopen: string | null;
  readonly revision: number;
}

export const EMPTY_ARCHIVE: RunArchiveState = {
  runs: [],
  storage: 'pending',
  notice: null,
  selected: [],
  reopen: null,
  revision: 0,
};

export function toStored(run: ArchivedRun): StoredRun {
  return {
    key: run.key,
    source: run.source === 'imported' ? 'imported' : 'session',
    savedAt: run.savedAt,
    record: plainCopy(run.record),
    number: run.number,
    interrupted: run.interrupted,
  };
}

/** A structured-clone-safe copy: the recorder's objects are live and keep changing. */
export function plainCopy(record: RunRecord): RunRecord {
  return {
    ...record,
    steps: record.steps.map((s) => ({ ...s, gradNorms: { ...s.gradNorms } })),
    epochs: record.epochs.map((e) => ({ ...e })),
    errors: [...record.errors],
  };
}
