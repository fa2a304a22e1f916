import type { StoreApi } from 'zustand/vanilla';
import type { RunRecord } from '../../engine/runRecord';
import { fnv1a32Text } from '../../util/fnv1a';
import { toStored, type ArchivedRun, type RunArchiveState } from './archiveState';
import type { StorageSlot } from './archiveStorage';
import type { SessionRuns } from './sessionRuns';

/*
 * Runs from files into the archive: listed after the rest, picked for comparison, saved beside
 * this session's runs. A file's run is known by its content hash, so importing it twice adds it once.
 */

export interface ImportParts {
  readonly store: StoreApi<RunArchiveState>;
  readonly slot: StorageSlot;
  readonly session: SessionRuns;
  /** Settles once the saved runs are loaded and any clear asked for is done. */
  readonly settled: () => Promise<void>;
  readonly now: () => number;
}

/** Adds runs (already checked by checkRunRecord); resolves with how many were new. */
export async function importRuns(
  { store, slot, session, settled, now }: ImportParts,
  records: readonly RunRecord[],
): Promise<number> {
  // An import right after "clear" must land after it, or the clear would drop it again.
  await settled();
  const state = store.getState();
  const added: ArchivedRun[] = [];
  for (const record of records) {
    const key = `i${fnv1a32Text(JSON.stringify(record))}`;
    if (state.runs.some((r) => r.key === key) || added.some((r) => r.key === key)) continue;
    added.push({
      key,
      source: 'imported',
      savedAt: now(),
      record,
      number: session.takeNumber(),
      interrupted: false,
    });
  }
  if (added.length === 0) return 0;
  store.setState({
    runs: [...store.getState().runs, ...added],
    selected: [...store.getState().selected, ...added.map((a) => a.key)],
    revision: store.getState().revision + 1,
  });
  for (const run of added) {
    if (slot.current.kind === 'memory') break;
    await slot.put(toStored(run));
  }
  return added.length;
}
