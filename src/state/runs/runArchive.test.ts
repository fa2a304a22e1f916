import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../../engine/protocol';
import { emptyRunRecord, RUN_FORMAT, type RunRecord } from '../../engine/runRecord';
import type { StepMetrics } from '../../model/metrics';
import { applyEngineEvent, createLabStore, type LabStore } from '../labStore';
import { MESSAGES, SAVE_DELAY_MS, SAVE_DELAY_TRAINING_MS, createRunArchive } from './runArchive';
import { memoryStorage, type RunStorage, type StoredRun } from './runStorage';

const step = (n: number, q1 = 0.5): StepMetrics => ({
  step: n,
  epoch: 1,
  loss: 2 / n,
  batchAccuracy: 0.5,
  gradNorms: { Q1: q1, Q2: 0.25, H: 1 },
  millis: 3,
});

function feed(lab: LabStore, ...events: EngineEvent[]) {
  for (const e of events) applyEngineEvent(lab, e);
}

const startRun = (runId: number, config = 'n=2;k=2,2'): EngineEvent => ({
  type: 'run',
  runId,
  config,
  stepsPerEpoch: 4,
  totalSteps: 4,
});
const metrics = (runId: number, ...steps: StepMetrics[]): EngineEvent => ({
  type: 'metrics',
  runId,
  steps,
  epochs: [],
});

/** A storage that records what it is given, and can be made to fail. */
function spyStorage(
  initial: StoredRun[] = [],
  failPut?: Error,
): RunStorage & { puts: StoredRun[] } {
  const inner = memoryStorage();
  const puts: StoredRun[] = [];
  return {
    kind: 'indexeddb',
    puts,
    loadAll: async () => [...initial, ...(await inner.loadAll())],
    put: async (run) => {
      if (failPut) throw failPut;
      puts.push(run);
      await inner.put(run);
    },
    clear: async () => {
      initial.length = 0;
      await inner.clear();
    },
  };
}

const savedRun = (key: string, savedAt: number, config = 'n=2;k=2,2;e=1-2'): StoredRun => {
  const record: RunRecord = { ...emptyRunRecord(7, config, 'wasm'), state: 'done' };
  record.steps.push(step(1), step(2));
  return { key, source: 'session', savedAt, record };
};

afterEach(() => vi.useRealTimers());

describe('the run archive', () => {
  it('lists runs that have steps and saves them after a short delay', async () => {
    vi.useFakeTimers();
    const lab = createLabStore();
    const storage = spyStorage();
    const archive = createRunArchive(lab, async () => storage);
    await archive.ready;
    feed(lab, startRun(1));
    expect(archive.store.getState().runs).toHaveLength(0); // no steps yet
    feed(lab, metrics(1, step(1)));
    expect(archive.store.getState().runs.map((r) => r.source)).toEqual(['session']);
    expect(storage.puts).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 10);
    expect(storage.puts).toHaveLength(1);
    expect(storage.puts[0].record.steps).toHaveLength(1);
    // The saved copy does not change with the live record.
    feed(lab, metrics(1, step(2)));
    expect(storage.puts[0].record.steps).toHaveLength(1);
    await archive.flush();
    expect(storage.puts.at(-1)?.record.steps).toHaveLength(2);
    expect(archive.store.getState().storage).toBe('indexeddb');
    archive.dispose();
  });

  it('an edit before the first epoch ends replaces the run in the list; a run with an epoch stays', async () => {
    vi.useFakeTimers();
    const lab = createLabStore();
    const storage = spyStorage();
    const archive = createRunArchive(lab, async () => storage);
    await archive.ready;
    const listed = () =>
      archive.store.getState().runs.map((r) => `${r.number}:${r.record.runId}:${r.record.config}`);
    feed(lab, startRun(1, 'n=1;k=2'), metrics(1, step(1)));
    const key = archive.store.getState().runs[0].key;
    // Edited while training, two steps in: run 2 takes run 1's place (number, key, storage).
    feed(lab, startRun(2, 'n=2;k=2,2'), metrics(2, step(1)));
    expect(listed()).toEqual(['1:2:n=2;k=2,2']);
    expect(archive.store.getState().runs[0].key).toBe(key);
    await archive.flush();
    expect(new Set(storage.puts.map((p) => p.key))).toEqual(new Set([key]));
    expect(storage.puts.at(-1)?.record.runId).toBe(2);
    // Run 2 finishes an epoch: worth comparing, so run 3 gets an entry of its own.
    const epoch = {
      epoch: 1,
      step: 1,
      trainAccuracy: 0.5,
      testAccuracy: 0.4,
      trainLoss: 1,
      testLoss: 1,
    };
    feed(lab, { type: 'metrics', runId: 2, steps: [step(2)], epochs: [epoch] });
    feed(lab, startRun(3, 'n=2;k=2,2;e=1-2'), metrics(3, step(1)));
    expect(listed()).toEqual(['1:2:n=2;k=2,2', '2:3:n=2;k=2,2;e=1-2']);
    archive.dispose();
  });

  it('saves less often while a run trains, and soon once it stops', async () => {
    vi.useFakeTimers();
    const lab = createLabStore();
    const storage = spyStorage();
    const archive = createRunArchive(lab, async () => storage);
    await archive.ready;
    feed(lab, startRun(1), { type: 'state', state: 'training', runId: 1 }, metrics(1, step(1)));
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 10);
    expect(storage.puts).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_TRAINING_MS);
    expect(storage.puts).toHaveLength(1);
    feed(lab, metrics(1, step(2)));
    feed(lab, { type: 'state', state: 'done', runId: 1 });
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 10);
    expect(storage.puts).toHaveLength(2);
    expect(storage.puts[1].record.state).toBe('done');
    archive.dispose();
  });

  it('restores runs of earlier sessions before this session’s, oldest first', async () => {
    const lab = createLabStore();
    const storage = spyStorage([savedRun('b', 20), savedRun('a', 10)]);
    const archive = createRunArchive(lab, async () => storage);
    feed(lab, startRun(1), metrics(1, step(1)));
    await archive.ready;
    const runs = archive.store.getState().runs;
    expect(runs.map((r) => r.key.slice(0, 1))).toEqual(['a', 'b', 's']);
    expect(runs.map((r) => r.source)).toEqual(['saved', 'saved', 'session']);
    archive.dispose();
  });

  it('skips a damaged saved entry and keeps the others', async () => {
    const broken = {
      ...savedRun('x', 1),
      record: { format: RUN_FORMAT } as unknown as RunRecord,
    };
    const archive = createRunArchive(createLabStore(), async () =>
      spyStorage([broken, savedRun('ok', 2)]),
    );
    await archive.ready;
    expect(archive.store.getState().runs.map((r) => r.key)).toEqual(['ok']);
  });

  it('falls back to memory with a notice when storage cannot be opened', async () => {
    const lab = createLabStore();
    const archive = createRunArchive(lab, async () => {
      throw new Error('SecurityError');
    });
    await archive.ready;
    feed(lab, startRun(1), metrics(1, step(1)));
    await archive.flush();
    const state = archive.store.getState();
    expect(state.storage).toBe('memory');
    expect(state.notice).toBe(MESSAGES.unavailable);
    expect(state.runs).toHaveLength(1);
    archive.dispose();
  });

  it('keeps every run in memory when storage is full, and says so', async () => {
    const lab = createLabStore();
    const quota = Object.assign(new Error('The quota has been exceeded.'), {
      name: 'QuotaExceededError',
    });
    const archive = createRunArchive(lab, async () => spyStorage([], quota));
    await archive.ready;
    // Run 1 ends, so run 2 does not take its place (a run replaced before an epoch would).
    feed(lab, startRun(1), metrics(1, step(1)), { type: 'state', state: 'done', runId: 1 });
    await archive.flush();
    feed(lab, startRun(2), metrics(2, step(1)));
    await archive.flush();
    const state = archive.store.getState();
    expect(state.storage).toBe('memory');
    expect(state.notice).toBe(MESSAGES.full);
    expect(state.runs).toHaveLength(2);
    archive.dispose();
  });

  it('imports runs once each, selects them, and saves them', async () => {
    const storage = spyStorage();
    const archive = createRunArchive(createLabStore(), async () => storage);
    const record = savedRun('', 0).record;
    expect(await archive.importRuns([record])).toBe(1);
    expect(await archive.importRuns([record])).toBe(0);
    const state = archive.store.getState();
    expect(state.runs.map((r) => r.source)).toEqual(['imported']);
    expect(state.selected).toEqual([state.runs[0].key]);
    expect(storage.puts.map((p) => p.source)).toEqual(['imported']);
  });

  it('clears saved and imported runs, keeps this session’s without saving them again', async () => {
    const lab = createLabStore();
    const storage = spyStorage([savedRun('old', 1)]);
    const archive = createRunArchive(lab, async () => storage);
    await archive.importRuns([savedRun('', 0, 'n=1;k=2').record]);
    feed(lab, startRun(1), metrics(1, step(1)));
    await archive.flush();
    const puts = storage.puts.length;
    await archive.clearSaved();
    expect(archive.store.getState().runs.map((r) => r.source)).toEqual(['session']);
    expect(await storage.loadAll()).toEqual([]);
    await archive.flush();
    expect(storage.puts.length).toBe(puts);
    // …until the run changes.
    feed(lab, metrics(1, step(2)));
    await archive.flush();
    expect(storage.puts.length).toBe(puts + 1);
    archive.dispose();
  });

  it('toggles runs in and out of the comparison', async () => {
    const archive = createRunArchive(createLabStore(), async () => memoryStorage());
    archive.toggle('a');
    archive.toggle('b');
    archive.toggle('a');
    expect(archive.store.getState().selected).toEqual(['b']);
    archive.toggle('b', true);
    expect(archive.store.getState().selected).toEqual(['b']);
  });
});

describe('runs across sessions', () => {
  it('numbers runs uniquely across sessions: this session counts on from the saved ones', async () => {
    const first = spyStorage();
    const labA = createLabStore();
    const a = createRunArchive(labA, async () => first);
    await a.ready;
    const done = { type: 'state', state: 'done', runId: 1 } as const;
    feed(labA, startRun(1), metrics(1, step(1), step(2)), done, startRun(2), metrics(2, step(1)));
    await a.flush();
    a.dispose();
    // A reload: the engine counts from run 1 again.
    const labB = createLabStore();
    const b = createRunArchive(labB, async () => first);
    await b.ready;
    feed(labB, startRun(1), metrics(1, step(1), step(2)));
    const numbers = b.store.getState().runs.map((r) => r.number);
    expect(numbers).toEqual([1, 2, 3]);
    expect(new Set(b.store.getState().runs.map((r) => r.record.runId))).toEqual(new Set([1, 2]));
    await b.flush();
    expect(first.puts.at(-1)?.number).toBe(3);
    b.dispose();
  });

  it('numbers this session’s runs after the saved ones even when they train before the load ends', async () => {
    const lab = createLabStore();
    const archive = createRunArchive(lab, async () =>
      spyStorage([{ ...savedRun('a', 10), number: 5 }, savedRun('b', 20)]),
    );
    feed(lab, startRun(1), metrics(1, step(1)));
    await archive.ready;
    expect(archive.store.getState().runs.map((r) => [r.key.slice(0, 1), r.number])).toEqual([
      ['a', 5],
      ['b', 6],
      ['s', 7],
    ]);
    archive.dispose();
  });

  it('marks a run the page closed on while it trained, offers it once, and keeps the mark', async () => {
    const cut: StoredRun = {
      ...savedRun('cut', 10),
      record: { ...savedRun('cut', 10).record, state: 'training', totalSteps: 96 },
      number: 1,
    };
    const storage = spyStorage([cut, { ...savedRun('fine', 5), number: 2 }]);
    const archive = createRunArchive(createLabStore(), async () => storage);
    await archive.ready;
    const state = archive.store.getState();
    const marked = state.runs.find((r) => r.key === 'cut');
    expect(marked?.interrupted).toBe(true);
    expect(marked?.record.state).toBe('paused'); // nothing trains it any more
    expect(state.runs.find((r) => r.key === 'fine')?.interrupted).toBe(false);
    expect(state.reopen).toBe('cut');
    archive.dismissReopen();
    expect(archive.store.getState().reopen).toBeNull();
    // The next load still marks it, but does not offer it again.
    const rewritten = storage.puts.find((p) => p.key === 'cut');
    expect(rewritten?.interrupted).toBe(true);
    expect(rewritten?.record.state).toBe('paused');
    const again = createRunArchive(createLabStore(), async () => spyStorage([rewritten!]));
    await again.ready;
    expect(again.store.getState().runs[0].interrupted).toBe(true);
    expect(again.store.getState().reopen).toBeNull();
  });
});
