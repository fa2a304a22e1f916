import type { StoreApi } from 'zustand/vanilla';
import { checkRunRecord } from '../../engine/runRecordCheck';
import { toStored, type ArchivedRun, type RunArchiveState } from './archiveState';
import { MESSAGES, type StorageSlot } from './archiveStorage';
import type { ClosingSave } from './closingSave';
import type { RunStorage, StoredRun } from './runStorage';
import type { SessionRuns } from './sessionRuns';

/*
 * The run archive's load: the runs earlier pages saved (and the steps the last one wrote as it
 * closed) join the list, keep their numbers, and a run the page closed on mid-training is marked
 * and offered again.
 */

/** What the saved runs come to: listed, numbered, and which of them to write back. */
export interface FoldedRuns {
  /** Oldest first, each with a number unique among them. */
  readonly runs: ArchivedRun[];
  /** The highest number they hold. */
  readonly top: number;
  /** Keys of runs the page closed on while they trained. */
  readonly cutKeys: readonly string[];
  /** Keys whose stored form changed here (a mark, a number, late steps): written back. */
  readonly rewrite: readonly string[];
}

/** The stored runs with the runs written as the last page closed (`late`), checked and numbered. */
export function foldStored(stored: StoredRun[], late: readonly StoredRun[]): FoldedRuns {
  // Runs the last page wrote as it closed are newer than its last IndexedDB save of them.
  const lateKeys: string[] = [];
  for (const run of late) {
    const at = stored.findIndex((s) => s.key === run.key);
    const known = at < 0 ? undefined : stored[at];
    if (known && known.record.steps.length >= run.record.steps.length) continue;
    if (at < 0) stored.push(run);
    else stored[at] = run;
    lateKeys.push(run.key);
  }
  const earlier: ArchivedRun[] = [];
  const rewrite: string[] = [];
  const cutKeys: string[] = [];
  for (const s of [...stored].sort((a, b) => a.savedAt - b.savedAt)) {
    const checked = checkRunRecord(s.record);
    if (!checked.ok) continue; // a damaged entry: skip it, keep the rest
    const used = earlier.some((e) => e.number === s.number);
    const number = s.number !== undefined && !used ? s.number : 0;
    // Saved while it trained: the page went away mid-run. Nothing trains it now.
    const cut = checked.record.state === 'training' || checked.record.state === 'loading';
    const record = cut ? { ...checked.record, state: 'paused' as const } : checked.record;
    earlier.push({
      key: s.key,
      source: s.source === 'imported' ? 'imported' : 'saved',
      savedAt: s.savedAt,
      record,
      number,
      interrupted: cut || s.interrupted === true,
    });
    if (cut) cutKeys.push(s.key);
    if (cut || number !== s.number || lateKeys.includes(s.key)) rewrite.push(s.key);
  }
  // Runs saved before numbers were kept get the next free ones, oldest first.
  let top = Math.max(0, ...earlier.map((e) => e.number));
  const runs = earlier.map((e) => (e.number > 0 ? e : { ...e, number: ++top }));
  return { runs, top, cutKeys, rewrite };
}

export interface LoadParts {
  readonly store: StoreApi<RunArchiveState>;
  readonly slot: StorageSlot;
  readonly session: SessionRuns;
  readonly closing: ClosingSave;
  readonly openStorage: () => Promise<RunStorage>;
}

/** Opens storage and lists its runs before this session's; resolves once done or failed over. */
export async function loadSavedRuns({
  store,
  slot,
  session,
  closing,
  openStorage,
}: LoadParts): Promise<void> {
  try {
    slot.use(await openStorage());
    const storage = slot.current;
    const folded = foldStored(await storage.loadAll(), closing.take());
    // This session's runs come after every saved one (they are not saved until now).
    session.renumberAfter(folded.top);
    const current = store
      .getState()
      .runs.map((r) =>
        r.source === 'session' ? { ...r, number: session.numberOf(r.record.runId) } : r,
      );
    const kept = folded.runs.filter((e) => !current.some((c) => c.key === e.key));
    store.setState({
      runs: [...kept, ...current],
      storage: storage.kind,
      notice: storage.kind === 'memory' ? MESSAGES.unavailable : null,
      // The latest run the page closed on is offered again; older ones keep their mark only.
      reopen: [...kept].reverse().find((e) => folded.cutKeys.includes(e.key))?.key ?? null,
      revision: store.getState().revision + 1,
    });
    // The mark and the number outlive this load; the offer to reopen does not.
    for (const run of kept) {
      if (!folded.rewrite.includes(run.key)) continue;
      // Best effort: a failed rewrite only costs the mark or number on a later load.
      await storage.put(toStored(run)).catch(() => undefined);
    }
  } catch {
    slot.failOver(MESSAGES.unavailable);
  }
}
