import { describe, expect, it } from 'vitest';
import { applyEngineEvent, createLabStore } from '../labStore';
import { RESTARTED_NOTE, restartNote, shownRun } from './shownRun';

const A = 'n=2;k=2,2';
const B = 'n=2;k=2,2;e=1-2';
const step = (k: number) => ({
  step: k,
  epoch: 1,
  loss: 1,
  batchAccuracy: 0,
  gradNorms: { Q1: 0, Q2: 0.5, H: 1 },
  millis: 1,
});

function labWithSteps(config: string, runId = 1, steps = 3) {
  const store = createLabStore();
  applyEngineEvent(store, { type: 'run', runId, config, stepsPerEpoch: 4, totalSteps: 8 });
  applyEngineEvent(store, {
    type: 'metrics',
    runId,
    steps: Array.from({ length: steps }, (_, i) => step(i + 1)),
    epochs: [],
  });
  return store;
}

describe('numbers under a new configuration', () => {
  it('the previous run is not the shown configuration’s run while the new one is being built', () => {
    const store = labWithSteps(A);
    expect(shownRun(store.getState(), A)?.steps).toHaveLength(3);
    expect(shownRun(store.getState(), B)).toBeNull();
  });

  it('says the edit restarted the run until the new run has a step', () => {
    const store = labWithSteps(A);
    expect(restartNote(store.getState(), A)).toBeNull();
    expect(restartNote(store.getState(), B)).toBe(RESTARTED_NOTE); // edit sent, run not begun
    applyEngineEvent(store, { type: 'run', runId: 2, config: B, stepsPerEpoch: 4, totalSteps: 8 });
    expect(restartNote(store.getState(), B)).toBe(RESTARTED_NOTE);
    applyEngineEvent(store, { type: 'metrics', runId: 2, steps: [step(1)], epochs: [] });
    expect(restartNote(store.getState(), B)).toBeNull();
  });

  it('a reset of the same configuration is not called a configuration change', () => {
    const store = labWithSteps(A);
    applyEngineEvent(store, { type: 'run', runId: 2, config: A, stepsPerEpoch: 4, totalSteps: 8 });
    expect(restartNote(store.getState(), A)).toBeNull();
  });
});
