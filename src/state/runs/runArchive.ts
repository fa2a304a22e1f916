import { createStore, type StoreApi } from 'zustand/vanilla';
import { fnv1a32Text } from '../../util/fnv1a';
import type { RunRecord } from '../../engine/runRecord';
import { checkRunRecord } from '../../engine/runRecordCheck';
import { localStorageClosingSave, type ClosingSave } from './closingSave';
import type { LabStore } from '../labStore';
import { memoryStorage, type RunStorage, type StoredRun } from './runStorage';

/**
 * Every run worth keeping, this session's and earlier ones': the session's runs (those with at
 * least one step) are saved to IndexedDB as they train, so they survive a reload, and runs from
 * files can be imported beside them. Where IndexedDB is unavailable (private windows) or full,
 * runs are kept in memory for the session and a notice says so; nothing is ever dropped from the
 * list because storage failed.
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

/**
 * How soon a changed run is saved: soon once it stops, every second while it trains. Closing the
 * page saves at once (saveNow); only a browser that dies loses up to this last second.
 */
export const SAVE_DELAY_MS = 300;
export const SAVE_DELAY_TRAINING_MS = 1000;
const TOUCH_INTERVAL_MS = 250;

export const MESSAGES = {
  unavailable:
    'Saved runs are unavailable in this browser (a private window, or storage is blocked): ' +
    'runs are kept only until this page is closed. Export a run as JSON to keep it.',
  full:
    'Browser storage is full: runs from now on are kept only until this page is closed. ' +
    'Clear saved runs, or export runs as JSON, to keep them.',
} as const;

export function createRunArchive(
  lab: LabStore,
  openStorage: () => Promise<RunStorage>,
  now: () => number = Date.now,
  closingSave: (session: string) => ClosingSave = localStorageClosingSave,
): RunArchive {
  const session = `${now().toString(36)}${Math.floor(Math.random() * 1296)
    .toString(36)
    .padStart(2, '0')}`;
  const closing = closingSave(session);
  const store = createStore<RunArchiveState>(() => ({
    runs: [],
    storage: 'pending',
    notice: null,
    selected: [],
    reopen: null,
    revision: 0,
  }));
  let storage: RunStorage = memoryStorage();
  /** Per session run id: the version last saved (steps, epochs, errors, state). */
  const saved = new Map<number, string>();
  /** Per session run id: the version whose write to storage has completed. */
  const committed = new Map<number, string>();
  const firstSeen = new Map<number, number>();
  /** Per session run id: its number in the list. Final once the saved runs are loaded. */
  const numbers = new Map<number, number>();
  let nextNumber = 1;
  /**
   * Per session run id: the earlier run whose place in the list it took (see replaces()): it
   * keeps that run's key, number and first-seen time, so the list and storage hold one entry.
   */
  const placeOf = new Map<number, number>();
  const superseded = new Set<number>();
  const owner = (runId: number) => placeOf.get(runId) ?? runId;
  const numberOf = (id: number) => {
    const runId = owner(id);
    let n = numbers.get(runId);
    if (n === undefined) {
      n = nextNumber++;
      numbers.set(runId, n);
    }
    return n;
  };
  let timer: ReturnType<typeof setTimeout> | null = null;
  let due = 0;
  let saving: Promise<void> = Promise.resolve();
  let clearing: Promise<void> = Promise.resolve();
  let disposed = false;

  const failOver = (message: string) => {
    storage = memoryStorage();
    store.setState({ storage: 'memory', notice: message });
  };

  const lateKeys: string[] = [];
  const ready = (async () => {
    try {
      storage = await openStorage();
      const stored = await storage.loadAll();
      // Runs the last page wrote as it closed are newer than its last IndexedDB save of them.
      for (const late of closing.take()) {
        const at = stored.findIndex((s) => s.key === late.key);
        const known = at < 0 ? undefined : stored[at];
        if (known && known.record.steps.length >= late.record.steps.length) continue;
        if (at < 0) stored.push(late);
        else stored[at] = late;
        lateKeys.push(late.key);
      }
      const earlier: ArchivedRun[] = [];
      const rewrite: StoredRun[] = [];
      const cutKeys: string[] = [];
      for (const s of [...stored].sort((a, b) => a.savedAt - b.savedAt)) {
        const checked = checkRunRecord(s.record);
        if (!checked.ok) continue; // a damaged entry: skip it, keep the rest
        const used = earlier.some((e) => e.number === s.number);
        const number = s.number !== undefined && !used ? s.number : 0;
        // Saved while it trained: the page went away mid-run. Nothing trains it now.
        const cut = checked.record.state === 'training' || checked.record.state === 'loading';
        const record = cut ? { ...checked.record, state: 'paused' as const } : checked.record;
        const run: ArchivedRun = {
          key: s.key,
          source: s.source === 'imported' ? 'imported' : 'saved',
          savedAt: s.savedAt,
          record,
          number,
          interrupted: cut || s.interrupted === true,
        };
        earlier.push(run);
        if (cut) cutKeys.push(s.key);
        if (cut || number !== s.number || lateKeys.includes(s.key)) rewrite.push(s);
      }
      // Runs saved before numbers were kept get the next free ones, oldest first.
      let top = Math.max(0, ...earlier.map((e) => e.number));
      const numbered = earlier.map((e) => (e.number > 0 ? e : { ...e, number: ++top }));
      // This session's runs come after every saved one (they are not saved until now).
      nextNumber = top + 1;
      numbers.clear();
      const current = store
        .getState()
        .runs.map((r) => (r.source === 'session' ? { ...r, number: numberOf(r.record.runId) } : r));
      const kept = numbered.filter((e) => !current.some((c) => c.key === e.key));
      store.setState({
        runs: [...kept, ...current],
        storage: storage.kind,
        notice: storage.kind === 'memory' ? MESSAGES.unavailable : null,
        // The latest run the page closed on is offered again; older ones keep their mark only.
        reopen: [...kept].reverse().find((e) => cutKeys.includes(e.key))?.key ?? null,
        revision: store.getState().revision + 1,
      });
      // The mark and the number outlive this load; the offer to reopen does not.
      for (const run of kept) {
        if (!rewrite.some((w) => w.key === run.key)) continue;
        // Best effort: a failed rewrite only costs the mark or number on a later load.
        await storage.put(toStored(run)).catch(() => undefined);
      }
    } catch {
      failOver(MESSAGES.unavailable);
    }
  })();

  const sessionKey = (runId: number) => `s${session}-${owner(runId)}`;

  /**
   * A run replaced (by an edit or a reset) before it finished its first epoch is not worth
   * comparing: its successor takes its place in the list (README, "Sharing, figures and export"). A run that
   * finished an epoch, ended, or stopped on an error keeps its own entry.
   */
  const takePlace = (record: RunRecord) => {
    if (placeOf.has(record.runId) || firstSeen.has(record.runId)) return;
    let before: RunRecord | null = null;
    for (const r of lab.getState().recorder.runs.values())
      if (r.runId < record.runId && r.steps.length > 0 && (!before || r.runId > before.runId))
        before = r;
    if (!before || superseded.has(before.runId)) return;
    if (before.state === 'done' || before.epochs.length > 0 || before.errors.length > 0) return;
    placeOf.set(record.runId, owner(before.runId));
    superseded.add(before.runId);
  };
  const version = (r: RunRecord) =>
    `${r.steps.length}/${r.epochs.length}/${r.errors.length}/${r.state}/${r.config}/${r.checkpoint?.step ?? '-'}`;

  /** The session's runs into the list (live objects: the recorder keeps mutating them). */
  const syncSession = () => {
    const recorder = lab.getState().recorder;
    const state = store.getState();
    let changed = false;
    const runs = [...state.runs];
    for (const record of recorder.runs.values()) {
      if (record.steps.length === 0) continue;
      takePlace(record);
      if (superseded.has(record.runId)) continue;
      const key = sessionKey(record.runId);
      const at = runs.findIndex((r) => r.key === key);
      if (at < 0) {
        if (!firstSeen.has(record.runId)) firstSeen.set(record.runId, now());
        runs.push({
          key,
          source: 'session',
          savedAt: firstSeen.get(record.runId) as number,
          record,
          number: numberOf(record.runId),
          interrupted: false,
        });
        changed = true;
      } else if (runs[at].record !== record) {
        runs[at] = { ...runs[at], record };
        changed = true;
      }
    }
    const dirty = [...recorder.runs.values()].some(
      (r) => r.steps.length > 0 && !superseded.has(r.runId) && saved.get(r.runId) !== version(r),
    );
    if (changed) store.setState({ runs, revision: state.revision + 1 });
    else if (dirty) touchSoon();
    if (dirty) schedule();
  };

  // A run's new steps redraw the comparison at most 4 times a second: training sends 30.
  let touch: ReturnType<typeof setTimeout> | null = null;
  const touchSoon = () => {
    if (touch !== null || disposed) return;
    touch = setTimeout(() => {
      touch = null;
      store.setState({ revision: store.getState().revision + 1 });
    }, TOUCH_INTERVAL_MS);
  };

  const schedule = () => {
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
  };

  const save = (): Promise<void> => {
    saving = saving.then(async () => {
      await ready;
      const recorder = lab.getState().recorder;
      for (const record of recorder.runs.values()) {
        if (record.steps.length === 0 || superseded.has(record.runId)) continue;
        const v = version(record);
        if (saved.get(record.runId) === v) continue;
        saved.set(record.runId, v);
        if (storage.kind === 'memory') continue;
        try {
          await storage.put(sessionStored(record));
          committed.set(record.runId, v);
        } catch (e) {
          failOver(isQuotaError(e) ? MESSAGES.full : MESSAGES.unavailable);
        }
      }
    });
    return saving;
  };

  const sessionStored = (record: RunRecord): StoredRun => ({
    key: sessionKey(record.runId),
    source: 'session',
    savedAt: firstSeen.get(owner(record.runId)) ?? now(),
    record: plainCopy(record),
    number: numberOf(record.runId),
  });

  const unsubscribe = lab.subscribe((s, previous) => {
    if (s.revision !== previous.revision || s.currentRunId !== previous.currentRunId) {
      syncSession();
    }
  });
  syncSession();

  return {
    store,
    ready,
    async importRuns(records) {
      await ready;
      // An import right after "clear" must land after it, or the clear would drop it again.
      await clearing;
      const state = store.getState();
      const added: ArchivedRun[] = [];
      for (const record of records) {
        // The hash identifies an imported file's run, so importing it twice adds it once.
        const key = `i${fnv1a32Text(JSON.stringify(record))}`;
        if (state.runs.some((r) => r.key === key) || added.some((r) => r.key === key)) continue;
        added.push({
          key,
          source: 'imported',
          savedAt: now(),
          record,
          number: nextNumber++,
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
        if (storage.kind === 'memory') break;
        try {
          await storage.put(toStored(run));
        } catch (e) {
          failOver(isQuotaError(e) ? MESSAGES.full : MESSAGES.unavailable);
        }
      }
      return added.length;
    },
    clearSaved() {
      clearing = clearing.then(async () => {
        await ready;
        await saving;
        try {
          await storage.clear();
        } catch {
          failOver(MESSAGES.unavailable);
        }
        // This session's runs are not saved again unless they change.
        for (const record of lab.getState().recorder.runs.values()) {
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
    dismissReopen: () => store.setState({ reopen: null }),
    toggle(key, on) {
      const selected = store.getState().selected;
      const has = selected.includes(key);
      const want = on ?? !has;
      if (want === has) return;
      store.setState({
        selected: want ? [...selected, key] : selected.filter((k) => k !== key),
      });
    },
    flush: () => {
      if (timer !== null) {
        clearTimeout(timer);
        timer = null;
      }
      return save();
    },
    saveNow() {
      if (storage.kind !== 'indexeddb') return;
      const unsaved = [...lab.getState().recorder.runs.values()].filter(
        (r) => r.steps.length > 0 && committed.get(r.runId) !== version(r),
      );
      closing.write(unsaved.map(sessionStored));
    },
    sessionNumber(runId) {
      const key = sessionKey(runId);
      return store.getState().runs.find((r) => r.key === key)?.number ?? null;
    },
    dispose() {
      disposed = true;
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
      if (touch !== null) clearTimeout(touch);
    },
  };
}

function toStored(run: ArchivedRun): StoredRun {
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
function plainCopy(record: RunRecord): RunRecord {
  return {
    ...record,
    steps: record.steps.map((s) => ({ ...s, gradNorms: { ...s.gradNorms } })),
    epochs: record.epochs.map((e) => ({ ...e })),
    errors: [...record.errors],
  };
}

function isQuotaError(e: unknown): boolean {
  return e instanceof Error && /quota/i.test(`${e.name} ${e.message}`);
}
