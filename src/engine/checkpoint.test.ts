import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFusedCpuSimulator } from '../sim/cpu/simdKernelOp';
import type { QuanvSimulator } from '../sim/simulator';
import { checkCheckpoint, type Checkpoint } from './checkpoint';
import { quietTfjs } from './nodeHost';
import type { EngineEvent } from './protocol';
import { RunRecorder } from './runRecord';
import { checkRunRecord } from './runRecordCheck';
import { EventLog, FakeHost, withoutTime } from './testing/fakeHost';
import { CHECKPOINT_INTERVAL_STEPS, TrainingEngine } from './trainingEngine';

/*
 * A run stopped at step N and restored from its checkpoint in a fresh engine (a new worker) takes
 * exactly the steps the uninterrupted run took: every step's numbers, every epoch's accuracies
 * and the final parameters and optimiser moments, bit for bit. On the typed-array path (tfjs
 * `cpu` with the fused WebAssembly CPU kernel, the app's cpu/wasm step) and on the tfjs path
 * (tf.train.adam, the GPU backends' step), with and without finite shots.
 */

/** Two layers and an edge, 5 steps an epoch, 3 epochs: restoring at 7 lands mid-epoch. */
const CONFIG = 'n=2;k=2,2;e=0-2,1-2;train=20;test=10;b=4;ep=3';
const TOTAL = 15;

const engines: TrainingEngine[] = [];

function start(simulator: () => QuanvSimulator) {
  const host = new FakeHost({ simulator });
  const log = new EventLog();
  const recorder = new RunRecorder();
  const engine = new TrainingEngine(
    {
      post(event: EngineEvent) {
        recorder.apply(event);
        log.post(event);
      },
    },
    host,
  );
  engines.push(engine);
  return { engine, log, recorder };
}

async function finish(engine: TrainingEngine) {
  engine.handle({ type: 'stop' });
  await engine.finished;
}

/** Runs to the end (or `steps` steps) and returns what the recorder kept. */
async function train(
  simulator: () => QuanvSimulator,
  begin: EngineEvent extends never
    ? never
    : { type: 'configure'; config: string } | { type: 'restore'; checkpoint: Checkpoint },
  steps?: number,
) {
  const run = start(simulator);
  run.engine.handle(begin);
  await run.log.waitFor((e) => e.type === 'run', 0);
  run.engine.handle(steps === undefined ? { type: 'play' } : { type: 'step', count: steps });
  await run.log.waitFor(
    (e) =>
      e.type === 'state' &&
      (e.state === 'done' ||
        (steps !== undefined &&
          e.state === 'paused' &&
          run.log.steps(run.log.lastRunId()).length >= steps)),
    0,
  );
  await finish(run.engine);
  const record = run.recorder.latest();
  if (!record) throw new Error('no run');
  return { record, log: run.log };
}

beforeAll(async () => {
  quietTfjs();
  await tf.setBackend('cpu');
});

afterEach(async () => {
  await Promise.all(engines.splice(0).map(finish));
});

/** The fused kernel as a tfjs op only: the step differentiates with tfjs and updates with tf.train.adam. */
const tensorPathSimulator = (): QuanvSimulator => ({
  ...createFusedCpuSimulator(),
  arrays: undefined,
});

describe.each([
  ['the typed-array path (fused WebAssembly kernel)', CONFIG, createFusedCpuSimulator],
  ['the tfjs path (tf.train.adam)', CONFIG, tensorPathSimulator],
  ['the tfjs path with finite shots', `${CONFIG};shots=64`, createFusedCpuSimulator],
])('a run restored at step 7 equals the uninterrupted run, on %s', (_name, config, simulator) => {
  it('bit for bit: steps, epochs, final parameters and moments', async () => {
    const whole = await train(simulator, { type: 'configure', config });
    expect(whole.record.steps).toHaveLength(TOTAL);
    const first = await train(simulator, { type: 'configure', config }, 7);
    expect(first.record.steps).toHaveLength(7);
    const saved = first.record.checkpoint;
    if (!saved) throw new Error('no checkpoint after pausing at step 7');
    expect(saved.step).toBe(7);
    // Through JSON, as a run file carries it.
    const file = JSON.parse(JSON.stringify(first.record)) as unknown;
    const checked = checkRunRecord(file);
    if (!checked.ok || !checked.record.checkpoint)
      throw new Error('the record lost its checkpoint');
    const resumed = await train(simulator, {
      type: 'restore',
      checkpoint: checked.record.checkpoint,
    });
    const runEvent = resumed.log.ofType('run')[0];
    expect(runEvent.startStep).toBe(7);
    const later = resumed.record.steps.map(withoutTime);
    expect(later.map((s) => s.step)).toEqual([8, 9, 10, 11, 12, 13, 14, 15]);
    expect(later).toEqual(whole.record.steps.slice(7).map(withoutTime));
    expect(resumed.record.epochs).toEqual(whole.record.epochs.filter((e) => e.step > 7));
    const end = resumed.record.checkpoint;
    expect(end?.step).toBe(TOTAL);
    expect(end).toEqual(whole.record.checkpoint);
    // The parameters moved after step 7 (a restore that loaded nothing would not match anyway).
    expect(end?.parameters).not.toEqual(saved.parameters);
  }, 120_000);
});

describe('checkpoints', () => {
  it(`are posted every ${CHECKPOINT_INTERVAL_STEPS} steps, at the end, and on demand`, async () => {
    const config = 'n=1;k=2;train=8;test=4;b=1;ep=13'; // 104 steps
    const { log } = await train(createFusedCpuSimulator, { type: 'configure', config });
    expect(log.ofType('checkpoint').map((c) => c.checkpoint.step)).toEqual([50, 100, 104]);
    const run = start(createFusedCpuSimulator);
    run.engine.handle({ type: 'configure', config });
    run.engine.handle({ type: 'step', count: 3 });
    await run.log.waitFor((e) => e.type === 'checkpoint');
    run.engine.handle({ type: 'checkpoint' });
    const asked = await run.log.waitFor(
      (e) => e.type === 'checkpoint' && e.checkpoint.step === 3,
      run.log.events.length,
    );
    expect(asked.type).toBe('checkpoint');
    // Every step's metrics arrive before the checkpoint that includes them.
    const at = run.log.events.indexOf(asked);
    expect(
      run.log.events.slice(0, at).flatMap((e) => (e.type === 'metrics' ? e.steps : [])),
    ).toHaveLength(3);
  });

  it('restored into a recorder that expects it, the record reads as one run', async () => {
    const whole = await train(createFusedCpuSimulator, { type: 'configure', config: CONFIG }, 7);
    const recorder = new RunRecorder();
    recorder.resumeFrom(whole.record);
    const checkpoint = whole.record.checkpoint as Checkpoint;
    recorder.apply({
      type: 'run',
      runId: 5,
      config: checkpoint.config,
      stepsPerEpoch: 5,
      totalSteps: TOTAL,
      startStep: 7,
    });
    expect(recorder.latest()?.steps.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(recorder.latest()?.epochs.map((e) => e.epoch)).toEqual([1]);
  });

  it('a checkpoint that does not fit is refused with a message, and the current run goes on', async () => {
    const first = await train(createFusedCpuSimulator, { type: 'configure', config: CONFIG }, 2);
    const good = first.record.checkpoint as Checkpoint;
    const run = start(createFusedCpuSimulator);
    run.engine.handle({ type: 'configure', config: 'n=1;k=2;train=20;test=10;b=4' });
    await run.log.waitForState('paused', 0);
    const stepped = run.log.events.length;
    run.engine.handle({ type: 'step', count: 1 });
    await run.log.waitForState('paused', stepped);
    const bad: [unknown, RegExp][] = [
      [{ ...good, format: 'x' }, /not a ResQuNN Lab checkpoint/],
      [{ ...good, step: -1 }, /step is not a whole number/],
      [{ ...good, config: 'n=9' }, /configuration is not valid/],
      [
        {
          ...good,
          parameters: good.parameters.slice(1),
          optimizer: { ...good.optimizer, moments: good.optimizer.moments.slice(1) },
        },
        /no parameter Q1\/angles/,
      ],
      [
        { ...good, parameters: good.parameters.map((p) => ({ ...p, data: 'AAAA' })) },
        /does not hold/,
      ],
      // The same parameters under a configuration with 3×3 kernels: the shapes differ.
      [{ ...good, config: 'n=2;k=3,3;e=0-2,1-2;train=20;test=10;b=4;ep=3' }, /shape/],
    ];
    for (const [checkpoint, message] of bad) {
      const from = run.log.events.length;
      run.engine.handle({ type: 'restore', checkpoint: checkpoint as Checkpoint });
      const event = await run.log.waitFor((e) => e.type === 'error', from);
      expect(event.type === 'error' && event.error.kind).toBe('checkpoint');
      expect(event.type === 'error' && event.error.message).toMatch(message);
    }
    expect(run.log.ofType('run')).toHaveLength(1);
    expect(run.log.states().at(-1)).toBe('paused');
    expect(run.log.steps(1).map((s) => s.step)).toEqual([1]);
    expect(checkCheckpoint(good).ok).toBe(true);
  });
});
