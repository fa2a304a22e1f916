import { describe, expect, it, vi } from 'vitest';
import { createAutomationApi } from './automation';
import { applyEngineEvent, createLabStore, type LabStore } from '../labStore';
import { countedStep, recordingActions } from '../testing/labFixtures';

/*
 * The races of issue 26 on a fresh page: the page's own first configure is still on its way when
 * a script configures; play or step before the run is ready; step(n) while training.
 */

const metric = countedStep;

/** A fresh page: the controller has sent its first configure (tag 1), nothing answered yet. */
function freshPage() {
  const store = createLabStore();
  store.setState({ requestedTag: 1 });
  const actions = recordingActions(store);
  return { store, actions, api: createAutomationApi(store, actions, undefined, (id) => id * 10) };
}

function run(store: LabStore, runId: number, tag: number, config = 'n=1;k=2') {
  applyEngineEvent(store, { type: 'run', runId, config, stepsPerEpoch: 4, totalSteps: 8, tag });
}

describe('window.resqunnLab on a fresh page', () => {
  it("says loading until its first run is ready, not 'paused' of no run", () => {
    const { api, store } = freshPage();
    expect(api.state()).toBe('loading');
    run(store, 1, 1);
    applyEngineEvent(store, { type: 'state', state: 'loading', runId: 1 });
    expect(api.state()).toBe('loading');
    applyEngineEvent(store, { type: 'state', state: 'paused', runId: 1 });
    expect(api.state()).toBe('paused');
  });

  it("configure's promise settles with the script's run, not the page's first one", async () => {
    const { api, store } = freshPage();
    const call = api.configure('n=2;k=2,2');
    expect(call.ok).toBe(true);
    let settled = false;
    void call.then(() => (settled = true));
    run(store, 1, 1);
    applyEngineEvent(store, { type: 'state', state: 'paused', runId: 1 });
    await Promise.resolve();
    expect(settled).toBe(false);
    expect(api.state()).toBe('loading');
    run(store, 2, 2, 'n=2;k=2,2');
    applyEngineEvent(store, { type: 'state', state: 'paused', runId: 2 });
    await expect(call).resolves.toEqual({ ok: true });
    expect(api.state()).toBe('paused');
  });

  it("configure's promise after a finished run waits for the new run's state, not the old 'done'", async () => {
    const { api, store } = freshPage();
    run(store, 1, 1);
    applyEngineEvent(store, { type: 'state', state: 'done', runId: 1 });
    const call = api.configure('n=2;k=2,2');
    let settled = false;
    void call.then(() => (settled = true));
    run(store, 2, 2, 'n=2;k=2,2');
    await Promise.resolve();
    expect(settled).toBe(false);
    expect(api.state()).toBe('loading');
    applyEngineEvent(store, { type: 'state', state: 'paused', runId: 2 });
    await expect(call).resolves.toEqual({ ok: true });
    expect(api.state()).toBe('paused');
  });

  it("configure's promise carries the engine's refusal", async () => {
    const { api, store } = freshPage();
    const call = api.configure('n=2;k=2,2');
    applyEngineEvent(store, {
      type: 'error',
      runId: 0,
      tag: 2,
      error: { kind: 'invalid-config', message: 'no such thing', errors: ['no such thing'] },
    });
    store.setState({ answeredTag: 2 });
    await expect(call).resolves.toEqual({ ok: false, errors: ['no such thing'] });
  });

  it('step(5) while training pauses first, then asks for exactly 5 steps', async () => {
    const { api, store, actions } = freshPage();
    run(store, 1, 1);
    applyEngineEvent(store, { type: 'state', state: 'training', runId: 1 });
    const done = api.step(5);
    expect(actions.pause).toHaveBeenCalled();
    expect(actions.step).not.toHaveBeenCalled();
    // Steps taken before the pause arrive, then 'paused': they do not count toward the 5.
    applyEngineEvent(store, {
      type: 'metrics',
      runId: 1,
      steps: [1, 2, 3].map(metric),
      epochs: [],
    });
    applyEngineEvent(store, { type: 'state', state: 'paused', runId: 1 });
    await vi.waitFor(() => expect(actions.step).toHaveBeenCalledWith(5));
    applyEngineEvent(store, {
      type: 'metrics',
      runId: 1,
      steps: [4, 5, 6, 7].map(metric),
      epochs: [],
    });
    let resolved = false;
    void done.then(() => (resolved = true));
    await Promise.resolve();
    expect(resolved).toBe(false);
    applyEngineEvent(store, { type: 'metrics', runId: 1, steps: [metric(8)], epochs: [] });
    const record = await done;
    expect(record?.steps.length).toBe(8);
  });

  it('runs() gives each run the number Compare runs shows, null for a run without steps', () => {
    const { api, store } = freshPage();
    run(store, 1, 1);
    run(store, 2, 2);
    applyEngineEvent(store, { type: 'metrics', runId: 2, steps: [metric(1)], epochs: [] });
    expect(api.runs().map((r) => [r.runId, r.number])).toEqual([
      [1, null],
      [2, 20],
    ]);
  });
});

describe('window.resqunnLab when no backend works', () => {
  it('says error, not loading, and a configure settles with the reason', async () => {
    const { api, store } = freshPage();
    applyEngineEvent(store, {
      type: 'error',
      runId: 0,
      error: { kind: 'no-backend', message: 'No tfjs backend works here', working: ['wasm'] },
    });
    applyEngineEvent(store, { type: 'state', state: 'error', runId: 0 });
    expect(api.state()).toBe('error');
    await expect(api.configure('n=1;k=2')).resolves.toEqual({
      ok: false,
      errors: ['No tfjs backend works here'],
    });
  });
});
