import { describe, expect, it } from 'vitest';
import type { FaultKind } from '../../engine/protocol';
import { createAutomationApi } from './automation';
import { applyEngineEvent, createLabStore, type LabStore } from '../labStore';
import { recordingActions } from '../testing/labFixtures';

/** The engine starts run `runId` (a new configuration, a reset or a restarted worker). */
function startRun(store: LabStore, runId: number, tag?: number) {
  applyEngineEvent(store, {
    type: 'run',
    runId,
    config: 'n=2;k=2,2',
    stepsPerEpoch: 4,
    totalSteps: 8,
    ...(tag !== undefined && { tag }),
  });
}

/** A page whose run 1 is paused at step 0, with actions that record what they were asked. */
function pausedLab() {
  const store = createLabStore();
  applyEngineEvent(store, {
    type: 'run',
    runId: 1,
    config: 'n=1;k=2',
    stepsPerEpoch: 4,
    totalSteps: 8,
  });
  applyEngineEvent(store, { type: 'state', state: 'paused', runId: 1 });
  const actions = recordingActions(store);
  return { store, actions, api: createAutomationApi(store, actions) };
}

describe('window.resqunnLab refuses wrong arguments with a message and does nothing', () => {
  it.each([NaN, -1, 0, 1.5, Infinity, '3', null])(
    'step(%s) rejects and sends no step',
    async (n) => {
      const { api, actions } = pausedLab();
      await expect(api.step(n as number)).rejects.toThrow(
        /step\(n\) expects a whole number of steps from 1/,
      );
      expect(actions.step).not.toHaveBeenCalled();
    },
  );

  it('step(NaN) names what it got', async () => {
    const { api } = pausedLab();
    await expect(api.step(NaN)).rejects.toThrow('(got NaN)');
  });

  it('configure(123) returns a message instead of throwing a TypeError', () => {
    const { api, actions } = pausedLab();
    const result = api.configure(123 as unknown as string);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]).toMatch(
      /configure\(text\) expects the configuration as text.*got 123/,
    );
    expect(actions.configure).not.toHaveBeenCalled();
  });

  it('waitFor with an unknown state or a bad timeout rejects at once', async () => {
    const { api } = pausedLab();
    await expect(api.waitFor(['finished' as 'done'])).rejects.toThrow(/non-empty array of states/);
    await expect(api.waitFor('done' as unknown as ['done'])).rejects.toThrow(/non-empty array/);
    await expect(api.waitFor(['paused'], -5)).rejects.toThrow(/positive number of milliseconds/);
    await expect(api.waitFor(['paused'], 1000)).resolves.toBe('paused');
  });

  it('injectFault with an unknown kind throws', () => {
    const { api, actions } = pausedLab();
    expect(() => api.injectFault('explode' as FaultKind)).toThrow(/crash, silent, diverge, gpu/);
    api.injectFault('silent');
    expect(actions.injectFault).toHaveBeenCalledWith('silent');
  });

  it('step on a finished or stopped run rejects instead of resolving', async () => {
    const { api, store, actions } = pausedLab();
    applyEngineEvent(store, { type: 'state', state: 'done', runId: 1 });
    await expect(api.step(1)).rejects.toThrow(/the run is done/);
    applyEngineEvent(store, { type: 'state', state: 'error', runId: 1 });
    await expect(api.step(1)).rejects.toThrow(/stopped by an error/);
    expect(actions.step).not.toHaveBeenCalled();
  });

  it('a valid step(2) is sent once and resolves when two steps have arrived', async () => {
    const { api, store, actions } = pausedLab();
    const done = api.step(2);
    expect(actions.step).toHaveBeenCalledWith(2);
    const step = (k: number) => ({
      step: k,
      epoch: 1,
      loss: 1,
      batchAccuracy: 0,
      gradNorms: {},
      millis: 1,
    });
    applyEngineEvent(store, { type: 'metrics', runId: 1, steps: [step(1), step(2)], epochs: [] });
    await expect(done).resolves.toMatchObject({ runId: 1 });
  });

  it('a step whose run is replaced rejects instead of hanging', async () => {
    const { api, store } = pausedLab();
    const done = api.step(3);
    startRun(store, 2);
    await expect(done).rejects.toThrow(/the run was replaced/);
  });

  it('after configure, scripts see loading until the new run is ready, so waitFor(["paused"]) waits', async () => {
    const { api, store } = pausedLab();
    expect(api.configure('n=2;k=2,2').ok).toBe(true);
    expect(api.state()).toBe('loading');
    await expect(api.step(1)).rejects.toThrow(/still loading/);
    const ready = api.waitFor(['paused'], 5000);
    startRun(store, 2, 1);
    applyEngineEvent(store, { type: 'state', state: 'paused', runId: 2 });
    await expect(ready).resolves.toBe('paused');
  });
});
