import { describe, expect, it } from 'vitest';
import { emptyRunRecord } from '../../engine/runRecord';
import type { StepMetrics } from '../../model/metrics';
import { memoryClosingSave } from './closingSave';
import { applyEngineEvent, createLabStore } from '../labStore';
import { createRunArchive } from './runArchive';
import { memoryStorage, type RunStorage, type StoredRun } from './runStorage';

/*
 * Closing the page mid-run (issue 26): the steps IndexedDB has not committed are written
 * synchronously as the page goes, and the next load keeps them, marked interrupted.
 */

const step = (n: number): StepMetrics => ({
  step: n,
  epoch: 1,
  loss: 1 / n,
  batchAccuracy: 0.5,
  gradNorms: { Q1: 0.5, H: 1 },
  millis: 3,
});

/** IndexedDB as far as the archive knows, whose writes never commit (the page is closing). */
function stalledStorage(held: StoredRun[]): RunStorage {
  return {
    kind: 'indexeddb',
    loadAll: async () => [...held],
    put: () => new Promise<void>(() => {}),
    clear: async () => {},
  };
}

describe('the archive as the page closes', () => {
  it('writes the runs storage has not committed, and the next load keeps every step', async () => {
    const closing = memoryClosingSave();
    const lab = createLabStore();
    const first = createRunArchive(
      lab,
      async () => stalledStorage([]),
      Date.now,
      () => closing,
    );
    await first.ready;
    applyEngineEvent(lab, {
      type: 'run',
      runId: 1,
      config: 'n=1;k=2',
      stepsPerEpoch: 100,
      totalSteps: 300,
    });
    applyEngineEvent(lab, { type: 'state', state: 'training', runId: 1 });
    const steps = Array.from({ length: 183 }, (_, i) => step(i + 1));
    applyEngineEvent(lab, { type: 'metrics', runId: 1, steps, epochs: [] });
    void first.flush(); // started, never committed
    first.saveNow();
    first.dispose();
    expect(closing.kept).toHaveLength(1);

    // The reload: IndexedDB holds an older save of the run (95 steps).
    const older = { ...emptyRunRecord(1, 'n=1;k=2', 'wasm'), state: 'training' as const };
    older.steps.push(...steps.slice(0, 95));
    const key = closing.kept[0].key;
    const held = memoryStorage();
    await held.put({ key, source: 'session', savedAt: 1, record: older, number: 1 });
    const second = createRunArchive(
      createLabStore(),
      async () => held,
      Date.now,
      () => closing,
    );
    await second.ready;
    const run = second.store.getState().runs.find((r) => r.key === key);
    expect(run?.record.steps).toHaveLength(183);
    expect(run?.interrupted).toBe(true);
    expect(second.store.getState().reopen).toBe(key);
    expect(closing.kept).toHaveLength(0); // taken, and written to IndexedDB instead
    expect((await held.loadAll())[0].record.steps).toHaveLength(183);
    second.dispose();
  });

  it('writes nothing once storage has every step', async () => {
    const closing = memoryClosingSave();
    const lab = createLabStore();
    const held = memoryStorage();
    const indexed: RunStorage = { ...held, kind: 'indexeddb' };
    const archive = createRunArchive(
      lab,
      async () => indexed,
      Date.now,
      () => closing,
    );
    await archive.ready;
    applyEngineEvent(lab, {
      type: 'run',
      runId: 1,
      config: 'n=1;k=2',
      stepsPerEpoch: 4,
      totalSteps: 4,
    });
    applyEngineEvent(lab, { type: 'metrics', runId: 1, steps: [step(1)], epochs: [] });
    await archive.flush();
    archive.saveNow();
    expect(closing.kept).toHaveLength(0);
    archive.dispose();
  });
});
