import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StepMetrics } from '../model/metrics';
import { NoBackendError } from './backendProbe';
import { quietTfjs } from './nodeHost';
import { EventLog, FakeHost } from './testing/fakeHost';
import { RunRecorder } from './runRecord';
import { TrainingEngine } from './trainingEngine';

/*
 * A restarted worker continues the page's run (ResumePoint): the fresh engine replays from the
 * seed to the page's last step without posting those steps, keeps the run's id, then trains on;
 * the page's record ends with every step once, equal to an uninterrupted run's.
 */

/** 5 steps an epoch, 4 epochs, 20 steps. */
const SMALL = 'n=1;k=2;train=20;test=10;b=4;ep=4';

const engines: TrainingEngine[] = [];
function start(host = new FakeHost()) {
  const log = new EventLog(() => host.now());
  const engine = new TrainingEngine(log, host);
  engines.push(engine);
  return { engine, log };
}

/** A fresh engine's run of SMALL, paused after each of `counts` steps in turn. */
async function pausedAfter(...counts: number[]) {
  const started = start();
  started.engine.handle({ type: 'configure', config: SMALL });
  await started.log.waitForState('paused', 0);
  for (const count of counts) {
    const from = started.log.events.length;
    started.engine.handle({ type: 'step', count });
    await started.log.waitForState('paused', from);
  }
  return started;
}

async function stop(engine: TrainingEngine) {
  engine.handle({ type: 'stop' });
  await engine.finished;
}

const losses = (steps: readonly StepMetrics[]) => steps.map((s) => [s.step, s.loss]);

beforeAll(async () => {
  quietTfjs();
  await tf.setBackend('cpu');
});

afterEach(async () => {
  for (const e of engines.splice(0)) {
    e.handle({ type: 'stop' });
    await e.finished;
  }
});

describe('resuming a run on a fresh engine', () => {
  it('replays to the last step silently and the record keeps every step once', async () => {
    // The uninterrupted run, for reference.
    const whole = start();
    whole.engine.handle({ type: 'configure', config: SMALL });
    whole.engine.handle({ type: 'play' });
    await whole.log.waitForState('done', 0);
    const reference = new RunRecorder();
    whole.log.events.forEach((e) => reference.apply(e));
    await stop(whole.engine); // one process holds one run's variables at a time

    // The page's run 3 got 7 steps from the worker that died.
    const page = new RunRecorder();
    const first = await pausedAfter(7);
    for (const e of first.log.events)
      page.apply('runId' in e ? ({ ...e, runId: 3 } as typeof e) : e);
    expect(page.runs.get(3)?.steps).toHaveLength(7);

    await stop(first.engine); // the worker dies
    const second = start();
    second.engine.handle({
      type: 'configure',
      config: SMALL,
      resume: { runId: 3, step: 7, play: true },
      tag: 5,
    });
    await second.log.waitForState('done', 0);
    second.log.events.forEach((e) => page.apply(e));

    const run = second.log.ofType('run');
    expect(run).toHaveLength(1);
    expect(run[0]).toMatchObject({ runId: 3, resumedAt: 7, tag: 5 });
    const posted = second.log.ofType('metrics').flatMap((m) => m.steps.map((s) => s.step));
    expect(posted[0]).toBe(8); // steps 1…7 were replayed, not posted again
    const replay = second.log.ofType('progress').filter((p) => p.phase === 'replay');
    expect(replay.at(-1)).toMatchObject({ done: 7, total: 7 });

    const record = page.runs.get(3);
    expect(record?.steps.map((s) => s.step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(losses(record?.steps ?? [])).toEqual(losses(reference.latest()?.steps ?? []));
    expect(record?.epochs.map((e) => e.step)).toEqual([5, 10, 15, 20]);
  });

  it("starts the replay at the run's checkpoint, and one that does not fit is passed over", async () => {
    const whole = start();
    whole.engine.handle({ type: 'configure', config: SMALL });
    whole.engine.handle({ type: 'play' });
    await whole.log.waitForState('done', 0);
    const reference = losses(whole.log.ofType('metrics').flatMap((m) => m.steps));
    await stop(whole.engine);

    // The dead worker's run: 10 steps (a checkpoint as it paused), then 7 more.
    const first = await pausedAfter(10, 7);
    const atTen = first.log.ofType('checkpoint').find((c) => c.checkpoint.step === 10);
    expect(atTen).toBeDefined();
    await stop(first.engine);

    const resume = async (checkpoint: NonNullable<typeof atTen>['checkpoint']) => {
      const next = start();
      next.engine.handle({
        type: 'configure',
        config: SMALL,
        resume: { runId: 3, step: 17, play: true, checkpoint },
      });
      await next.log.waitForState('done', 0);
      const replay = next.log.ofType('progress').filter((p) => p.phase === 'replay');
      const steps = next.log.ofType('metrics').flatMap((m) => m.steps);
      await stop(next.engine);
      return { done: replay.map((p) => p.done), losses: losses(steps) };
    };
    const fromCheckpoint = await resume(atTen!.checkpoint);
    // From the seed the replay reports steps 10 and 17; from the checkpoint at 10, only 17.
    expect(fromCheckpoint.done).toEqual([17]);
    expect(fromCheckpoint.losses).toEqual(reference.slice(17));

    const otherConfig = await resume({
      ...atTen!.checkpoint,
      config: 'n=1;k=2;train=20;test=10;b=4;ep=5',
    });
    expect(otherConfig.done).toEqual([10, 17]);
    expect(otherConfig.losses).toEqual(reference.slice(17));
  });

  it('a resumed run that was paused waits, paused, at its step', async () => {
    const { engine, log } = start();
    engine.handle({ type: 'configure', config: SMALL, resume: { runId: 1, step: 4, play: false } });
    await log.waitForState('paused', 0);
    expect(log.ofType('metrics')).toHaveLength(0);
    engine.handle({ type: 'step', count: 1 });
    await log.waitFor((e) => e.type === 'metrics', 0);
    expect(log.ofType('metrics')[0].steps.map((s) => s.step)).toEqual([5]);
  });
});

describe('no backend at all', () => {
  it('is reported with the backends that work, and the engine stops instead of hanging', async () => {
    class NoGpuHost extends FakeHost {
      override chooseBackend(): Promise<never> {
        return Promise.reject(
          new NoBackendError('No tfjs backend works here: webgpu: no adapter', ['wasm', 'cpu']),
        );
      }
    }
    const { engine, log } = start(new NoGpuHost());
    engine.handle({ type: 'configure', config: SMALL, tag: 1 });
    await engine.finished;
    const error = log.ofType('error')[0];
    expect(error.error).toMatchObject({ kind: 'no-backend', working: ['wasm', 'cpu'] });
    expect(error.error.message).toMatch(/webgpu: no adapter\. These work here: wasm, cpu/);
    expect(log.ofType('state').at(-1)?.state).toBe('error');
  });
});
