import * as tf from '../sim/tf';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFusedCpuSimulator } from '../sim/cpu/simdKernelOp';
import { validateConfigText } from './configEntry';
import { quietTfjs } from './nodeHost';
import type { EngineError, EngineEvent } from './protocol';
import {
  EventLog,
  FakeHost,
  faultySimulator,
  macrotasks,
  MISSING_FILE,
  withoutTime,
  type FakeHostOptions,
} from './testing/fakeHost';
import { METRICS_INTERVAL_MS, TrainingEngine } from './trainingEngine';

/*
 * The worker protocol in Node: a TrainingEngine posting to a recording port, on a fake host with
 * 40 synthetic training images and the fused CPU simulator, so every step takes about a
 * millisecond. One quanv layer keeps the runs short; the protocol does not depend on depth.
 */

/** 20 training images in batches of 4: 5 steps an epoch, 4 epochs, 20 steps. */
const SMALL = 'n=1;k=2;train=20;test=10;b=4;ep=4';

let engine: TrainingEngine | null = null;

function start(options: FakeHostOptions = {}): {
  engine: TrainingEngine;
  log: EventLog;
  host: FakeHost;
} {
  const host = new FakeHost(options);
  const log = new EventLog(() => host.now());
  engine = new TrainingEngine(log, host);
  return { engine, log, host };
}

/** Configure and wait until the run is paused at step 0. */
async function configured(text: string, options: FakeHostOptions = {}) {
  const started = start(options);
  started.engine.handle({ type: 'configure', config: text });
  await started.log.waitForState('paused', 0);
  return started;
}

/** Run `count` steps and wait for the pause that ends them. */
async function stepAndWait(log: EventLog, target: TrainingEngine, count: number): Promise<void> {
  const from = log.events.length;
  target.handle({ type: 'step', count });
  await log.waitFor(
    (e) => e.type === 'state' && (e.state === 'paused' || e.state === 'done'),
    from,
  );
}

/** Wait for the 'run' event of run `runId` (configure and reset post it just before their state). */
function runStarted(log: EventLog, runId: number): Promise<EngineEvent> {
  return log.waitFor((e) => e.type === 'run' && e.runId === runId, 0);
}

function errors(log: EventLog): EngineError[] {
  return log.ofType('error').map((e) => e.error);
}

function indexOf(log: EventLog, match: (e: EngineEvent) => boolean, from = 0): number {
  const i = log.events.slice(from).findIndex(match);
  return i < 0 ? -1 : from + i;
}

beforeAll(async () => {
  quietTfjs();
  await tf.setBackend('cpu');
});

afterEach(async () => {
  engine?.handle({ type: 'stop' });
  await engine?.finished;
  engine = null;
});

describe('TrainingEngine: configure, step, pause, reset', () => {
  it('configure loads data, announces the run and waits paused at step 0', async () => {
    const { log } = await configured(SMALL);
    expect(log.events[0]).toMatchObject({ type: 'backend', choice: { name: 'cpu' } });
    expect(log.states()).toEqual(['loading', 'paused']);
    expect(log.ofType('progress')).toEqual([
      { type: 'progress', phase: 'data', done: 1, total: 1, runId: 1 },
    ]);
    const runs = log.ofType('run');
    expect(runs).toEqual([
      { type: 'run', runId: 1, config: SMALL, stepsPerEpoch: 5, totalSteps: 20 },
    ]);
    const runAt = indexOf(log, (e) => e.type === 'run');
    const pausedAt = indexOf(log, (e) => e.type === 'state' && e.state === 'paused');
    expect(runAt).toBeLessThan(pausedAt);
    expect(log.ofType('metrics')).toHaveLength(0);
    await macrotasks(20);
    expect(log.ofType('metrics')).toHaveLength(0); // paused means no step runs
  });

  it('step(3) delivers exactly three steps, then pauses; further steps continue the count', async () => {
    const { engine, log } = await configured(SMALL);
    const from = log.events.length;
    await stepAndWait(log, engine, 3);
    const after = log.events.slice(from);
    expect(
      after.filter((e) => e.type === 'state').map((e) => e.type === 'state' && e.state),
    ).toEqual(['training', 'paused']);
    expect(log.steps(1).map((s) => s.step)).toEqual([1, 2, 3]);
    // Every metric arrives before the pause is announced.
    const pausedAt = indexOf(log, (e) => e.type === 'state' && e.state === 'paused', from);
    expect(indexOf(log, (e) => e.type === 'metrics', pausedAt)).toBe(-1);
    for (const s of log.steps(1)) {
      expect(s.epoch).toBe(1);
      expect(Number.isFinite(s.loss)).toBe(true);
      expect(Object.keys(s.gradNorms)).toEqual(['Q1', 'H']);
    }
    const settled = log.events.length;
    await macrotasks(20);
    expect(log.events.length).toBe(settled); // idle while paused

    await stepAndWait(log, engine, 2);
    expect(log.steps(1).map((s) => s.step)).toEqual([1, 2, 3, 4, 5]);
    // Step 5 closes epoch 1: its train and test accuracy come with it.
    expect(log.epochs(1)).toHaveLength(1);
    expect(log.epochs(1)[0]).toMatchObject({ epoch: 1, step: 5 });
    expect(log.ofType('progress').filter((p) => p.phase === 'epoch')).toEqual([
      { type: 'progress', phase: 'epoch', done: 1, total: 4, runId: 1 },
    ]);
  });

  it('pause during play stops at a step boundary; play resumes from there', async () => {
    // A slow fake clock tick per step makes every step's metrics go out at once.
    const { engine, log } = await configured('n=1;k=2;train=20;test=10;b=4;ep=100', {
      millisPerYield: 2 * METRICS_INTERVAL_MS,
    });
    engine.handle({ type: 'play' });
    await log.waitFor((e) => e.type === 'metrics' && e.steps.some((s) => s.step >= 3), 0);
    const from = log.events.length;
    engine.handle({ type: 'pause' });
    await log.waitForState('paused', from);
    await macrotasks(20);
    const steps = log.steps(1).map((s) => s.step);
    const k = steps.length;
    expect(k).toBeGreaterThanOrEqual(3);
    expect(k).toBeLessThan(500);
    expect(steps).toEqual(Array.from({ length: k }, (_, i) => i + 1));
    // Nothing follows the pause: the metrics of the last step came before it, and no step ran.
    const pausedAt = indexOf(log, (e) => e.type === 'state' && e.state === 'paused', from);
    expect(log.events.length).toBe(pausedAt + 1);

    engine.handle({ type: 'play' });
    await log.waitFor((e) => e.type === 'metrics' && e.steps.some((s) => s.step >= k + 2));
    engine.handle({ type: 'pause' });
    await log.waitForState('paused');
    const resumed = log.steps(1).map((s) => s.step);
    expect(resumed).toEqual(Array.from({ length: resumed.length }, (_, i) => i + 1));
  });

  it('a teaching pace spaces played steps out; null lifts it; step is never slowed', async () => {
    // The fake clock stands still, so each played step waits the whole 1000/20 = 50 ms.
    // 1,000 steps: the unpaced stretch below must not reach the end of the run.
    const { engine, log } = await configured('n=1;k=2;train=40;test=10;b=4;ep=100', {
      millisPerYield: 0,
    });
    engine.handle({ type: 'pace', stepsPerSecond: 20 });
    engine.handle({ type: 'play' });
    const started = Date.now();
    await log.waitFor((e) => e.type === 'metrics' && e.steps.some((s) => s.step >= 4), 0);
    // Steps 1…4 with three rests between them: 150 ms at least.
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    engine.handle({ type: 'pause' });
    await log.waitForState('paused');

    const before = log.steps(1).length;
    const stepped = Date.now();
    await stepAndWait(log, engine, 5);
    expect(log.steps(1).length).toBe(before + 5);
    expect(Date.now() - stepped).toBeLessThan(250);

    // Unpaced, 200 ms hold many more steps than the 4 that 20 steps/s would allow.
    engine.handle({ type: 'pace', stepsPerSecond: null });
    const from = log.events.length;
    engine.handle({ type: 'play' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    engine.handle({ type: 'pause' });
    await log.waitForState('paused', from);
    expect(log.steps(1).length - (before + 5)).toBeGreaterThan(8);
  });

  it('pause sends every finished step before announcing the pause', async () => {
    // The fake clock stands still: after step 1 no batch is due, so the steps wait in the buffer.
    let calls = (): number => 0;
    const { engine, log } = await configured('n=1;k=2;train=20;test=10;b=4;ep=100', {
      simulator: () => {
        const simulator = faultySimulator(createFusedCpuSimulator(), () => undefined);
        calls = simulator.calls;
        return simulator;
      },
    });
    engine.handle({ type: 'play' });
    for (let i = 0; i < 100_000 && calls() < 4; i++) await macrotasks(1);
    const from = log.events.length;
    engine.handle({ type: 'pause' });
    await log.waitForState('paused', from);
    const pausedAt = indexOf(log, (e) => e.type === 'state' && e.state === 'paused', from);
    await macrotasks(20);
    expect(log.events.length).toBe(pausedAt + 1);
    const steps = log.steps(1).map((s) => s.step);
    expect(steps.length).toBeGreaterThanOrEqual(4);
    expect(steps).toEqual(Array.from({ length: steps.length }, (_, i) => i + 1));
    expect(calls()).toBe(steps.length); // one simulator call per step: none ran unreported
  });

  it('reset starts a new run from the seed: a new run id, the same numbers', async () => {
    const { engine, log } = await configured(SMALL);
    await stepAndWait(log, engine, 4);
    engine.handle({ type: 'reset' });
    await runStarted(log, 2);
    expect(log.states().at(-1)).toBe('paused');
    expect(log.ofType('run').map((r) => [r.runId, r.config])).toEqual([
      [1, SMALL],
      [2, SMALL],
    ]);
    await stepAndWait(log, engine, 4);
    expect(log.steps(1)).toHaveLength(4);
    expect(log.steps(2).map(withoutTime)).toEqual(log.steps(1).map(withoutTime));
  });

  it('configure with another configuration restarts: new run id, new config text', async () => {
    const { engine, log } = await configured(SMALL);
    await stepAndWait(log, engine, 2);
    // Written out of order: the run event carries the canonical text.
    const other = 'n=1;k=2;e=0-1;train=20;test=10;b=4;ep=4;lr=0.05';
    const canonical = 'n=1;k=2;e=0-1;train=20;test=10;b=4;lr=0.05;ep=4';
    engine.handle({ type: 'configure', config: other });
    await runStarted(log, 2);
    expect(log.states().at(-1)).toBe('paused');
    expect(log.ofType('run').map((r) => [r.runId, r.config])).toEqual([
      [1, SMALL],
      [2, canonical],
    ]);
    await stepAndWait(log, engine, 2);
    expect(log.steps(2).map((s) => s.step)).toEqual([1, 2]);
    expect(log.steps(2)[1].loss).not.toBe(log.steps(1)[1].loss);
    expect(log.steps(1)).toHaveLength(2); // the old run got nothing more
  });

  it("every new run announces its state, also when it is the last run's ('paused')", async () => {
    const { engine, log } = await configured(SMALL);
    engine.handle({ type: 'reset' });
    await log.waitFor((e) => e.type === 'state' && e.runId === 2, 0);
    engine.handle({ type: 'configure', config: SMALL });
    await log.waitFor((e) => e.type === 'state' && e.runId === 3, 0);
    const states = log.ofType('state').map((e) => [e.runId, e.state]);
    expect(states.filter(([id]) => id === 2)).toEqual([[2, 'paused']]);
    expect(states.filter(([id]) => id === 3)).toEqual([[3, 'paused']]);
  });

  it('configure during play restarts and keeps playing', async () => {
    const { engine, log } = await configured(SMALL);
    engine.handle({ type: 'play' });
    const other = 'n=1;k=2;train=20;test=10;b=4;ep=3;seed=2';
    engine.handle({ type: 'configure', config: other });
    await log.waitFor((e) => e.type === 'state' && e.state === 'done' && e.runId === 2, 0);
    expect(log.ofType('run').map((r) => r.config)).toEqual([SMALL, other]);
    expect(log.steps(2).map((s) => s.step)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
  });

  it("an invalid configuration is refused with the validator's message; the run stays", async () => {
    const { engine, log } = await configured(SMALL);
    await stepAndWait(log, engine, 2);
    const bad = 'n=2;k=2,5;e=2-1';
    const from = log.events.length;
    engine.handle({ type: 'configure', config: bad });
    const event = await log.waitFor((e) => e.type === 'error', from);
    const checked = validateConfigText(bad);
    if (checked.ok) throw new Error('the bad configuration passed validation');
    expect(event).toEqual({
      type: 'error',
      runId: 1,
      error: { kind: 'invalid-config', message: checked.message, errors: checked.errors },
    });
    expect(checked.errors.length).toBeGreaterThanOrEqual(1);
    await macrotasks(10);
    // No new run, no state change: the run at step 2 is intact and continues.
    expect(log.events.slice(from).map((e) => e.type)).toEqual(['error']);
    await stepAndWait(log, engine, 1);
    expect(log.ofType('run')).toHaveLength(1);
    expect(log.steps(1).map((s) => s.step)).toEqual([1, 2, 3]);
  });

  it('answers inspect with every layer’s maps and the class probabilities', async () => {
    const { engine, log } = await configured(SMALL);
    const image = new Float32Array(14 * 14).fill(0.5);
    engine.handle({ type: 'inspect', image, requestId: 7 });
    const event = await log.waitFor((e) => e.type === 'inspect', 0);
    if (event.type !== 'inspect') throw new Error('not an inspect event');
    const { result } = event;
    expect(result.requestId).toBe(7);
    expect([result.height, result.width]).toEqual([14, 14]);
    expect(result.maps).toHaveLength(1);
    expect(result.maps[0]).toHaveLength(4); // a 2×2 layer: 4 channels
    for (const map of result.maps[0]) {
      expect(map).toHaveLength(14 * 14);
      expect(map.every((v) => v >= -1 - 1e-6 && v <= 1 + 1e-6)).toBe(true);
    }
    expect(result.probabilities).toHaveLength(10);
    expect(result.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    // Depth 1, 4 qubits: (θ, φ) per qubit, drawn in [0, 2π) from the seed.
    expect(result.angles).toHaveLength(1);
    expect(result.angles[0]).toHaveLength(8);
    expect(result.angles[0].every((a) => a >= 0 && a < 2 * Math.PI)).toBe(true);
  });

  it('reports the live angles: a trainable layer’s move with training, a frozen one’s do not', async () => {
    const { engine, log } = await configured('n=2;k=2,2;d=2,1;t=0,1;train=20;test=10;b=4;ep=4');
    const image = new Float32Array(14 * 14).fill(0.5);
    const anglesNow = async (requestId: number) => {
      engine.handle({ type: 'inspect', image, requestId });
      const event = await log.waitFor(
        (e) => e.type === 'inspect' && e.result.requestId === requestId,
        0,
      );
      if (event.type !== 'inspect') throw new Error('not an inspect event');
      return event.result.angles.map((a) => Array.from(a));
    };
    const before = await anglesNow(1);
    expect(before.map((a) => a.length)).toEqual([2 * 4 * 2, 1 * 4 * 2]);
    await stepAndWait(log, engine, 3);
    const after = await anglesNow(2);
    expect(after[0]).toEqual(before[0]); // Q1 is frozen
    const moved = after[1].map((a, i) => Math.abs(a - before[1][i]));
    expect(Math.max(...moved)).toBeGreaterThan(1e-4); // Q2 trains: Adam moves every angle a little
  });
});

describe('TrainingEngine: metrics batching and the end of a run', () => {
  it('sends at most ~30 metrics messages per host second, every step once and in order', async () => {
    // 5 ms of host time per step: 200 steps a second, far above the 30 messages a second.
    const { engine, log, host } = await configured('n=1;k=2;train=20;test=10;b=4;ep=16', {
      millisPerYield: 5,
    });
    const from = log.events.length;
    engine.handle({ type: 'play' });
    await log.waitForState('done', from);
    const messages = log.ofType('metrics');
    const steps = messages.flatMap((m) => m.steps.map((s) => s.step));
    expect(steps).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    expect(log.epochs(1).map((e) => e.epoch)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    const elapsed = host.clock;
    expect(elapsed).toBeGreaterThanOrEqual(80 * 5 - 5);
    // One message per interval of host time, the first at once, plus the final forced one.
    expect(messages.length).toBeLessThanOrEqual(Math.floor(elapsed / METRICS_INTERVAL_MS) + 2);
    expect(messages.length).toBeLessThan(80 / 5);
    expect(messages.length).toBeGreaterThan(2);
    const times = log.events
      .map((e, i) => (e.type === 'metrics' ? log.times[i] : null))
      .filter((t): t is number => t !== null);
    for (let i = 1; i < times.length - 1; i++) {
      expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(METRICS_INTERVAL_MS);
    }
    // 'done' comes after the last step's metrics, and is the last word.
    const doneAt = indexOf(log, (e) => e.type === 'state' && e.state === 'done', from);
    expect(indexOf(log, (e) => e.type === 'metrics', doneAt)).toBe(-1);
    expect(log.events.length).toBe(doneAt + 1);
  });

  it('after done, play and step run nothing more', async () => {
    const { engine, log } = await configured('n=1;k=2;train=8;test=4;b=4;ep=1');
    await stepAndWait(log, engine, 10);
    expect(log.steps(1).map((s) => s.step)).toEqual([1, 2]);
    expect(log.states().at(-1)).toBe('done');
    engine.handle({ type: 'step', count: 3 });
    engine.handle({ type: 'play' });
    await macrotasks(20);
    expect(log.steps(1)).toHaveLength(2);
    expect(log.states().at(-1)).toBe('done');
  });

  it("'stop' ends engine.finished, frees every tensor and silences the engine", async () => {
    const before = tf.memory().numTensors;
    const { engine: e, log } = await configured(SMALL);
    await stepAndWait(log, e, 3);
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    e.handle({ type: 'stop' });
    await e.finished;
    expect(tf.memory().numTensors).toBe(before);
    const count = log.events.length;
    e.handle({ type: 'step', count: 1 });
    await macrotasks(10);
    expect(log.events.length).toBe(count);
  });
});

describe('TrainingEngine: failures', () => {
  it('stops on a NaN with a diverged error naming the step and the layer', async () => {
    // The simulator's output turns NaN at its 3rd call, the forward pass of step 3 (one layer,
    // one call per step; the first epoch's evaluation comes only after step 5).
    let runs = 0;
    const { engine, log } = await configured(SMALL, {
      simulator: () =>
        ++runs === 1
          ? faultySimulator(createFusedCpuSimulator(), (call, z) =>
              call === 3 ? (tf.add(z, NaN) as tf.Tensor2D) : undefined,
            )
          : createFusedCpuSimulator(),
    });
    const from = log.events.length;
    engine.handle({ type: 'play' });
    await log.waitForState('error', from);
    const error = errors(log)[0];
    // NaN flows back into Q1's angles too: Q1 is the first tracked layer whose gradient is NaN.
    expect(error).toMatchObject({ kind: 'diverged', step: 3, layer: 'Q1' });
    expect(error.message).toContain('step 3');
    const steps = log.steps(1);
    expect(steps.map((s) => s.step)).toEqual([1, 2, 3]);
    expect(steps.slice(0, 2).every((s) => Number.isFinite(s.loss))).toBe(true);
    expect(steps[2].loss).toBeNaN();
    // The metrics up to that step come before the error, and the state is 'error'.
    const errorAt = indexOf(log, (e) => e.type === 'error', from);
    expect(indexOf(log, (e) => e.type === 'metrics', errorAt)).toBe(-1);
    expect(log.states().at(-1)).toBe('error');

    // Neither step nor play continues a diverged run; reset does, from the seed.
    engine.handle({ type: 'step', count: 1 });
    engine.handle({ type: 'play' });
    await macrotasks(20);
    expect(log.steps(1)).toHaveLength(3);
    engine.handle({ type: 'reset' });
    await runStarted(log, 2);
    expect(log.states().at(-1)).toBe('paused');
    await stepAndWait(log, engine, 3);
    const again = log.steps(2);
    expect(again.map((s) => s.step)).toEqual([1, 2, 3]);
    expect(again.slice(0, 2).map(withoutTime)).toEqual(steps.slice(0, 2).map(withoutTime));
    expect(Number.isFinite(again[2].loss)).toBe(true);
  });

  it('finite shots run on webgpu like on every backend (no sync read-back needed)', async () => {
    const { engine, log } = await configured(SMALL, { backends: ['webgpu', 'cpu'] });
    const from = log.events.length;
    engine.handle({ type: 'configure', config: `${SMALL};shots=100` });
    await runStarted(log, 2);
    expect(log.events.slice(from).filter((e) => e.type === 'error')).toEqual([]);
    await stepAndWait(log, engine, 1);
    const [step] = log.steps(2);
    expect(Number.isFinite(step.loss)).toBe(true);
    expect(step.shotNoise?.Q1).toBeGreaterThan(0);
  });

  it('a GPU error event after a step fails the backend before that step is shown', async () => {
    // WebGPU reports a failed shader compile or a lost device as an event, not an exception; the
    // step itself "succeeds" on whatever its output buffers held.
    const { engine, log, host } = await configured(SMALL, {
      backends: ['webgpu', 'cpu'],
      deviceError: (call) => (call === 3 ? 'Error while parsing WGSL: expected identifier' : null),
    });
    engine.handle({ type: 'step', count: 5 });
    await runStarted(log, 2);
    const [error] = errors(log);
    expect(error).toMatchObject({ kind: 'backend', backend: 'webgpu' });
    expect(error.message).toContain('the GPU reported an error: Error while parsing WGSL');
    expect(error.message).toContain('Switched to cpu');
    expect(host.chooseCalls).toEqual([[], ['webgpu']]);
    // Steps 1 and 2 of the first run were shown; step 3's numbers never were.
    expect(log.steps(1).map((s) => s.step)).toEqual([1, 2]);
    expect(log.states()).not.toContain('error');
  });

  it('a backend that crashes mid-run is reported, and the run restarts on the fallback', async () => {
    // The host says webgpu first (tfjs stays on cpu): the first run's simulator throws at step 3
    // as a lost WebGPU device would; the next simulator works.
    const before = tf.memory().numTensors;
    let runs = 0;
    const { engine, log, host } = await configured(SMALL, {
      backends: ['webgpu', 'cpu'],
      simulator: () =>
        ++runs === 1
          ? faultySimulator(createFusedCpuSimulator(), (call) => {
              if (call === 3) throw new Error('GPUDevice was lost');
            })
          : createFusedCpuSimulator(),
    });
    expect(log.ofType('backend').map((b) => b.choice.name)).toEqual(['webgpu']);
    engine.handle({ type: 'step', count: 5 });
    await runStarted(log, 2);
    expect(log.states().at(-1)).toBe('paused');

    expect(host.chooseCalls).toEqual([[], ['webgpu']]);
    expect(log.ofType('backend').map((b) => b.choice.name)).toEqual(['webgpu', 'cpu']);
    const [error] = errors(log);
    expect(error).toMatchObject({ kind: 'backend', backend: 'webgpu' });
    expect(error.message).toContain('GPUDevice was lost');
    expect(error.message).toContain('Switched to cpu');
    expect(log.ofType('error')[0].runId).toBe(1);
    expect(log.states()).not.toContain('error');
    expect(log.steps(1).map((s) => s.step)).toEqual([1, 2]);
    // tfjs keeps the tensors a forward pass saves for its backward pass on its gradient tape;
    // a forward pass that throws never reaches the backward pass that frees them. Those are
    // tfjs's; the engine must leave nothing else behind (the next step drops the tape).
    const tape = tf.engine().state.activeTape ?? [];
    const savedOnTape = tape.flatMap((node) => node.saved ?? []).filter((t) => !t.isDisposed);

    // The new run starts from the seed and trains on: its first steps repeat the old ones.
    await stepAndWait(log, engine, 3);
    const steps = log.steps(2);
    expect(steps.map((s) => s.step)).toEqual([1, 2, 3]);
    expect(steps.slice(0, 2).map(withoutTime)).toEqual(log.steps(1).map(withoutTime));
    // The failed step left no tensor behind but tfjs's tape.
    engine.handle({ type: 'stop' });
    await engine.finished;
    expect(tf.memory().numTensors).toBe(before + savedOnTape.length);
  });

  it('a missing data file is a data error naming the file; the next configure loads again', async () => {
    const { engine, log, host } = start({ loadFailures: 1 });
    engine.handle({ type: 'configure', config: SMALL });
    await log.waitForState('error', 0);
    const [error] = errors(log);
    expect(error).toMatchObject({ kind: 'data', file: MISSING_FILE });
    expect(error.message).toContain('npm run data');
    expect(log.ofType('run')).toHaveLength(0);
    engine.handle({ type: 'play' }); // nothing to play
    engine.handle({ type: 'configure', config: SMALL });
    await log.waitForState('paused');
    expect(host.loadCalls).toBe(2);
    expect(log.ofType('run').map((r) => r.runId)).toEqual([2]);
    await stepAndWait(log, engine, 1);
    expect(log.steps(2).map((s) => s.step)).toEqual([1]);
  });

  it('a failure on cpu, which has no fallback, is an internal error', async () => {
    const { engine, log, host } = await configured(SMALL, {
      simulator: () =>
        faultySimulator(createFusedCpuSimulator(), (call) => {
          if (call === 2) throw new Error('out of memory');
        }),
    });
    const from = log.events.length;
    engine.handle({ type: 'step', count: 4 });
    await log.waitForState('error', from);
    const [error] = errors(log);
    expect(error.kind).toBe('internal');
    expect(error.message).toContain('out of memory');
    expect(host.chooseCalls).toEqual([[]]);
    expect(log.steps(1).map((s) => s.step)).toEqual([1]);
  });
});

describe('TrainingEngine: no tensor leak', () => {
  it('keeps tf.memory().numTensors flat over 1,000 steps, a reset and a configure', async () => {
    // The smallest run: one 2×2 layer, one image a step, 10 steps an epoch, 100 epochs.
    const text = 'n=1;k=2;train=10;test=2;b=1;ep=100';
    const { engine, log } = await configured(text);
    const started = performance.now();
    await stepAndWait(log, engine, 10);
    const atStep10 = tf.memory().numTensors;
    await stepAndWait(log, engine, 990);
    expect(log.steps(1)).toHaveLength(1000);
    expect(log.states().at(-1)).toBe('done');
    expect(tf.memory().numTensors).toBe(atStep10);

    engine.handle({ type: 'reset' });
    await runStarted(log, 2);
    await stepAndWait(log, engine, 10);
    expect(tf.memory().numTensors).toBe(atStep10);

    // Same structure, other numbers: the same tensors, none left over from the old run.
    engine.handle({ type: 'configure', config: `${text};lr=0.05;seed=3` });
    await runStarted(log, 3);
    await stepAndWait(log, engine, 10);
    expect(log.ofType('run')).toHaveLength(3);
    expect(log.steps(3)).toHaveLength(10);
    expect(tf.memory().numTensors).toBe(atStep10);
    // Budget: well under a minute for the 1,030 steps (about 5 s on 2 slow cores).
    expect(performance.now() - started).toBeLessThan(90_000);
  });
});
