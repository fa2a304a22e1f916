import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { quietTfjs } from '../engine/nodeHost';
import type { EngineEvent } from '../engine/protocol';
import type { RunRecord } from '../engine/runRecord';
import { checkRunRecord } from '../engine/runRecordCheck';
import { FakeHost, withoutTime } from '../engine/testing/fakeHost';
import { TrainingEngine } from '../engine/trainingEngine';
import { createController, type LabController } from './controller';
import { currentRun } from './labStore';

/*
 * The page's side of checkpoints, on a real engine in-process (the worker's place): a run file
 * with a checkpoint, resumed, continues at its step and trains on to the same numbers as the run
 * that was never interrupted; the current run's model exports as files.
 */

const CONFIG = 'n=2;k=2,2;e=1-2;train=20;test=10;b=4;ep=2';

const open: { controller: LabController; engine: TrainingEngine }[] = [];

function page(): LabController {
  let engine: TrainingEngine | null = null;
  let search = '';
  const controller = createController(
    ({ onEvent }) => {
      engine = new TrainingEngine({ post: (e: EngineEvent) => onEvent(e) }, new FakeHost());
      return {
        send: (command) => engine?.handle(command),
        injectFault: () => undefined,
        dispose: () => engine?.handle({ type: 'stop' }),
      };
    },
    { read: () => search, write: (s) => (search = s) },
  );
  open.push({ controller, engine: engine as unknown as TrainingEngine });
  return controller;
}

/** Resolves when the current run reaches `state` with at least `steps` steps. */
function until(controller: LabController, state: string, steps = 0): Promise<RunRecord> {
  return new Promise((resolve) => {
    const check = () => {
      const s = controller.lab.getState();
      const run = currentRun(s);
      if (run && s.runState === state && run.steps.length >= steps) {
        unsubscribe();
        resolve(run);
      }
    };
    const unsubscribe = controller.lab.subscribe(check);
    check();
  });
}

beforeAll(async () => {
  quietTfjs();
  await tf.setBackend('cpu');
});

afterEach(async () => {
  for (const { controller, engine } of open.splice(0)) {
    controller.dispose();
    await engine.finished;
  }
});

describe('resuming a run file with its checkpoint', () => {
  it('continues at the checkpoint: play trains on to the uninterrupted numbers', async () => {
    const whole = page();
    whole.configure(CONFIG);
    await until(whole, 'paused');
    whole.play();
    const full = JSON.parse(JSON.stringify(await until(whole, 'done', 10))) as RunRecord;
    whole.dispose();
    await open.shift()?.engine.finished;

    const first = page();
    first.configure(CONFIG);
    await until(first, 'paused');
    first.step(3);
    const cut = await until(first, 'paused', 3);
    const file = checkRunRecord(JSON.parse(JSON.stringify(currentRun(first.lab.getState()))));
    if (!file.ok || !file.record.checkpoint) throw new Error(`no checkpoint in ${cut.config}`);
    expect(file.record.checkpoint.step).toBe(3);

    // Pages share this process's tfjs (the app gives each worker its own): one engine at a time.
    first.dispose();
    await open.shift()?.engine.finished;
    const second = page(); // a new page (a new worker) opens the file
    expect(second.resume(file.record)).toEqual({ ok: true, from: 3 });
    const restored = await until(second, 'paused', 3);
    expect(restored.steps.map((s) => s.step)).toEqual([1, 2, 3]);
    second.play();
    const done = await until(second, 'done', 10);
    expect(done.steps.map(withoutTime)).toEqual(full.steps.map(withoutTime));
    expect(done.epochs).toEqual(full.epochs);
    expect(done.checkpoint).toEqual(full.checkpoint);
  }, 120_000);

  it("exports the current run's model as files", async () => {
    const controller = page();
    controller.configure(CONFIG);
    await until(controller, 'paused');
    controller.step(2);
    await until(controller, 'paused', 2);
    const exported = await controller.exportModel();
    if (!exported.ok) throw new Error(exported.message);
    expect(exported.step).toBe(2);
    expect(exported.files.map((f) => f.name).sort()).toEqual(
      ['model.json', 'model.py', 'test-images.f32', 'test-labels.u8', 'test-logits.f32'].sort(),
    );
    const json = JSON.parse(exported.files.find((f) => f.name === 'model.json')?.data as string);
    expect(json.config).toBe(exported.config);
    expect(Object.keys(json.parameters)).toEqual(['Q1/angles', 'Q2/angles', 'H/weights', 'H/bias']);
  }, 60_000);
});
