import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RunState } from '../engine/protocol';
import type { RunRecord } from '../engine/runRecord';
import { describeConfigErrors } from '../model/config';
import { parseConfigText } from '../model/configText';
import type { EpochMetrics, StepMetrics } from '../model/metrics';
import type { LabStore } from './labStore';

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
  readonly revision: number;
}

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
}

export interface RunArchive {
  readonly store: StoreApi<RunArchiveState>;
  /** Adds runs from a file (already checked by checkRunRecord); returns how many were new. */
  importRuns(records: readonly RunRecord[]): Promise<number>;
  /** Deletes every saved run; this session's runs stay listed until the page is closed. */
  clearSaved(): Promise<void>;
  toggle(key: string, on?: boolean): void;
  /** Saves pending changes now (tests; before the page goes away). */
  flush(): Promise<void>;
  /** Resolves once the saved runs are loaded (or storage has failed over to memory). */
  readonly ready: Promise<void>;
  dispose(): void;
}

/** How soon a changed run is saved: soon once it stops, less often while it trains. */
export const SAVE_DELAY_MS = 300;
export const SAVE_DELAY_TRAINING_MS = 2000;
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
): RunArchive {
  const session = `${now().toString(36)}${Math.floor(Math.random() * 1296)
    .toString(36)
    .padStart(2, '0')}`;
  const store = createStore<RunArchiveState>(() => ({
    runs: [],
    storage: 'pending',
    notice: null,
    selected: [],
    revision: 0,
  }));
  let storage: RunStorage = memoryStorage();
  /** Per session run id: the version last saved (steps, epochs, errors, state). */
  const saved = new Map<number, string>();
  const firstSeen = new Map<number, number>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let due = 0;
  let saving: Promise<void> = Promise.resolve();
  let clearing: Promise<void> = Promise.resolve();
  let disposed = false;

  const failOver = (message: string) => {
    storage = memoryStorage();
    store.setState({ storage: 'memory', notice: message });
  };

  const ready = (async () => {
    try {
      storage = await openStorage();
      const stored = await storage.loadAll();
      const earlier: ArchivedRun[] = [];
      for (const s of stored) {
        const checked = checkRunRecord(s.record);
        if (!checked.ok) continue; // a damaged entry: skip it, keep the rest
        earlier.push({
          key: s.key,
          source: s.source === 'imported' ? 'imported' : 'saved',
          savedAt: s.savedAt,
          record: checked.record,
        });
      }
      earlier.sort((a, b) => a.savedAt - b.savedAt);
      const current = store.getState().runs;
      store.setState({
        runs: [...earlier.filter((e) => !current.some((c) => c.key === e.key)), ...current],
        storage: storage.kind,
        notice: storage.kind === 'memory' ? MESSAGES.unavailable : null,
        revision: store.getState().revision + 1,
      });
    } catch {
      failOver(MESSAGES.unavailable);
    }
  })();

  const sessionKey = (runId: number) => `s${session}-${runId}`;
  const version = (r: RunRecord) =>
    `${r.steps.length}/${r.epochs.length}/${r.errors.length}/${r.state}/${r.config}`;

  /** The session's runs into the list (live objects: the recorder keeps mutating them). */
  const syncSession = () => {
    const recorder = lab.getState().recorder;
    const state = store.getState();
    let changed = false;
    const runs = [...state.runs];
    for (const record of recorder.runs.values()) {
      if (record.steps.length === 0) continue;
      const key = sessionKey(record.runId);
      const at = runs.findIndex((r) => r.key === key);
      if (at < 0) {
        if (!firstSeen.has(record.runId)) firstSeen.set(record.runId, now());
        runs.push({
          key,
          source: 'session',
          savedAt: firstSeen.get(record.runId) as number,
          record,
        });
        changed = true;
      } else if (runs[at].record !== record) {
        runs[at] = { ...runs[at], record };
        changed = true;
      }
    }
    const dirty = [...recorder.runs.values()].some(
      (r) => r.steps.length > 0 && saved.get(r.runId) !== version(r),
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
        if (record.steps.length === 0) continue;
        const v = version(record);
        if (saved.get(record.runId) === v) continue;
        saved.set(record.runId, v);
        if (storage.kind === 'memory') continue;
        try {
          await storage.put({
            key: sessionKey(record.runId),
            source: 'session',
            savedAt: firstSeen.get(record.runId) ?? now(),
            record: plainCopy(record),
          });
        } catch (e) {
          failOver(isQuotaError(e) ? MESSAGES.full : MESSAGES.unavailable);
        }
      }
    });
    return saving;
  };

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
        const key = `i${hashText(JSON.stringify(record))}`;
        if (state.runs.some((r) => r.key === key) || added.some((r) => r.key === key)) continue;
        added.push({ key, source: 'imported', savedAt: now(), record });
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
          await storage.put({
            key: run.key,
            source: 'imported',
            savedAt: run.savedAt,
            record: run.record,
          });
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
    dispose() {
      disposed = true;
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
      if (touch !== null) clearTimeout(touch);
    },
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

/** FNV-1a, 32 bits, as hex: identifies an imported file's run so importing it twice adds it once. */
export function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

// ---------------------------------------------------------------------------------------------
// Storage

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
 * Runs in IndexedDB (one object store keyed by `key`). Rejects where IndexedDB is missing or
 * refuses to open (private windows, blocked storage); callers fall back to memory.
 */
export function openIndexedDbStorage(
  factory: IDBFactory | undefined = globalThis.indexedDB,
): Promise<RunStorage> {
  return new Promise((resolve, reject) => {
    if (!factory) return reject(new Error('IndexedDB is not available'));
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(DB_NAME, DB_VERSION);
    } catch (e) {
      return reject(e);
    }
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'key' });
    };
    request.onerror = () => reject(request.error ?? new Error('IndexedDB refused to open'));
    request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
    request.onsuccess = () => {
      const db = request.result;
      const run = <T>(mode: IDBTransactionMode, act: (s: IDBObjectStore) => IDBRequest<T>) =>
        new Promise<T>((done, fail) => {
          let tx: IDBTransaction;
          try {
            tx = db.transaction(STORE, mode);
          } catch (e) {
            return fail(e);
          }
          const req = act(tx.objectStore(STORE));
          tx.oncomplete = () => done(req.result);
          tx.onabort = () => fail(tx.error ?? req.error ?? new Error('IndexedDB aborted'));
          tx.onerror = () => fail(tx.error ?? req.error ?? new Error('IndexedDB failed'));
        });
      resolve({
        kind: 'indexeddb',
        loadAll: () => run('readonly', (s) => s.getAll() as IDBRequest<StoredRun[]>),
        put: (value) => run('readwrite', (s) => s.put(value)).then(() => undefined),
        clear: () => run('readwrite', (s) => s.clear()).then(() => undefined),
      });
    };
  });
}

/** IndexedDB, or memory where it cannot be opened (the archive then shows its notice). */
export async function openRunStorage(): Promise<RunStorage> {
  try {
    return await openIndexedDbStorage();
  } catch {
    return memoryStorage();
  }
}

// ---------------------------------------------------------------------------------------------
// Checking a run record from outside (a file, or storage written by another version)

export const RUN_FORMAT = 'resqunn-run';
export const RUN_VERSION = 1;

const RUN_STATES: readonly RunState[] = ['idle', 'loading', 'paused', 'training', 'done', 'error'];

export type RecordCheck =
  | { readonly ok: true; readonly record: RunRecord }
  | { readonly ok: false; readonly message: string };

/**
 * A run record from JSON, checked field by field, or why it cannot be used. Non-finite numbers,
 * which JSON writes as null (a diverged run), come back as NaN.
 */
export function checkRunRecord(value: unknown): RecordCheck {
  const fail = (message: string): RecordCheck => ({ ok: false, message });
  if (!isObject(value)) return fail('a run must be a JSON object');
  if (value.format !== RUN_FORMAT) {
    return fail(`it is not a ResQuNN Lab run (format ${JSON.stringify(value.format ?? null)})`);
  }
  if (typeof value.version !== 'number' || !Number.isInteger(value.version)) {
    return fail('its format version is missing');
  }
  if (value.version > RUN_VERSION) {
    return fail(
      `it was written by a newer version of ResQuNN Lab (run format ${value.version}; ` +
        `this app reads ${RUN_VERSION}): update the app to open it`,
    );
  }
  if (value.version < 1) return fail(`its format version ${value.version} is not known`);
  if (typeof value.config !== 'string') return fail('its configuration is missing');
  const parsed = parseConfigText(value.config);
  if (!parsed.ok) {
    return fail(`its configuration is not valid: ${describeConfigErrors(parsed.errors)}`);
  }
  if (!Array.isArray(value.steps)) return fail('its steps are missing');
  if (!Array.isArray(value.epochs)) return fail('its epochs are missing');
  const steps: StepMetrics[] = [];
  for (const [i, s] of value.steps.entries()) {
    const step = checkStep(s);
    if (typeof step === 'string') return fail(`step ${i + 1}: ${step}`);
    steps.push(step);
  }
  const epochs: EpochMetrics[] = [];
  for (const [i, e] of value.epochs.entries()) {
    if (!isObject(e)) return fail(`epoch ${i + 1} is not an object`);
    const fields = ['epoch', 'step', 'trainAccuracy', 'testAccuracy', 'trainLoss', 'testLoss'];
    const bad = fields.find((f) => !isNumberOrNull(e[f]));
    if (bad) return fail(`epoch ${i + 1}: ${bad} is not a number`);
    epochs.push({
      epoch: num(e.epoch),
      step: num(e.step),
      trainAccuracy: num(e.trainAccuracy),
      testAccuracy: num(e.testAccuracy),
      trainLoss: num(e.trainLoss),
      testLoss: num(e.testLoss),
    });
  }
  const errors = Array.isArray(value.errors) ? value.errors.filter(isObject) : [];
  const record: RunRecord = {
    format: RUN_FORMAT,
    version: RUN_VERSION,
    runId: typeof value.runId === 'number' && Number.isFinite(value.runId) ? value.runId : 0,
    config: value.config,
    backend: typeof value.backend === 'string' ? value.backend : '',
    state: RUN_STATES.includes(value.state as RunState) ? (value.state as RunState) : 'paused',
    stepsPerEpoch: typeof value.stepsPerEpoch === 'number' ? value.stepsPerEpoch : 0,
    totalSteps: typeof value.totalSteps === 'number' ? value.totalSteps : steps.length,
    steps,
    epochs,
    errors: errors as unknown as RunRecord['errors'],
  };
  return { ok: true, record };
}

function checkStep(s: unknown): StepMetrics | string {
  if (!isObject(s)) return 'not an object';
  for (const f of ['step', 'epoch', 'loss', 'batchAccuracy']) {
    if (!isNumberOrNull(s[f])) return `${f} is not a number`;
  }
  if (!isObject(s.gradNorms)) return 'gradNorms is missing';
  const gradNorms: Record<string, number> = {};
  for (const [layer, norm] of Object.entries(s.gradNorms)) {
    if (!/^(Q\d{1,2}|H)$/.test(layer)) return `unknown layer ${JSON.stringify(layer)}`;
    if (!isNumberOrNull(norm)) return `the gradient norm of ${layer} is not a number`;
    gradNorms[layer] = num(norm);
  }
  return {
    step: num(s.step),
    epoch: num(s.epoch),
    loss: num(s.loss),
    batchAccuracy: num(s.batchAccuracy),
    gradNorms,
    millis: typeof s.millis === 'number' ? s.millis : 0,
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNumberOrNull(v: unknown): v is number | null {
  return v === null || typeof v === 'number';
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : NaN;
}
