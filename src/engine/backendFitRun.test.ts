import * as tf from '../sim/tf';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend, type BackendChoice, type BackendName } from './backend';
import { backendFitter, startBackend } from './backendFit';
import type { BackendMeasurement } from './backendMeasure';
import { registerNodeBackend } from './backendNode';
import { timeTrainingSteps } from './backendTiming';
import { quietTfjs } from './nodeHost';
import { simulatorFor } from './simulatorChoice';
import { EventLog, FakeHost, withoutTime } from './testing/fakeHost';
import { TrainingEngine } from './trainingEngine';
import type { ExperimentConfig } from '../model/config/config';

/*
 * The backend chosen by measurement, in the engine (Node, real backends): timing the candidates
 * before a run must not change the run. Its metrics equal those of a run on the chosen backend
 * set explicitly, step for step.
 */

beforeAll(() => quietTfjs());

const CONFIG = 'n=2;k=2,2;d=2,2;train=20;test=10;b=4;ep=1';

/** FakeHost's data and simulator, with a fitter over Node's real backends (webgpu fails). */
class MeasuringHost extends FakeHost {
  readonly memory = new Map<string, BackendMeasurement>();
  readonly fitBackend = backendFitter({
    candidates: async () => [
      { backend: 'webgpu' },
      { backend: 'wasm', threads: 1 },
      { backend: 'cpu', threads: 1 },
    ],
    lastResort: [],
    activate: (o) => startBackend(registerNodeBackend, o.backend),
    timeStep: (config: ExperimentConfig, o) =>
      timeTrainingSteps(config, simulatorFor(o.backend, o.threads), () => performance.now()),
    memory: this.memory,
  });
}

/** FakeHost on one named backend, chosen as a link's `backend=` would. */
class ExplicitHost extends FakeHost {
  constructor(private readonly name: BackendName) {
    super();
  }
  override async chooseBackend(): Promise<BackendChoice> {
    return chooseBackend(registerNodeBackend, [this.name]);
  }
}

async function stepsOf(host: FakeHost, steps: number) {
  const log = new EventLog();
  const engine = new TrainingEngine(log, host);
  engine.handle({ type: 'configure', config: CONFIG });
  await log.waitForState('paused', 0);
  engine.handle({ type: 'step', count: steps });
  await log.waitFor((e) => e.type === 'state' && (e.state === 'paused' || e.state === 'done'));
  engine.handle({ type: 'stop' });
  await engine.finished;
  return { log, steps: log.steps(log.lastRunId()).map(withoutTime) };
}

describe('backend chosen by measurement', () => {
  it('times every candidate, skips the failing one with a note, and leaves the run unchanged', async () => {
    const measuring = new MeasuringHost();
    const fitted = await stepsOf(measuring, 4);
    const choices = fitted.log.ofType('backend').map((e) => e.choice);
    const measured = choices.at(-1)?.measured;
    expect(measured?.remembered).toBe(false);
    expect(measured?.timings[0].ms).toBeNull();
    expect(measured?.timings[0].note).toMatch(/^skipped: WebGPU is not available here/);
    const [wasm, cpu] = [1, 2].map((i) => measured?.timings[i].ms ?? NaN);
    expect(wasm).toBeGreaterThan(0);
    expect(cpu).toBeGreaterThan(0);
    // The fastest measured is the one in use.
    const chosen = measured?.chosen.backend ?? 'webgpu';
    expect(chosen).toBe(wasm <= cpu ? 'wasm' : 'cpu');
    expect(choices.at(-1)?.name).toBe(chosen);
    expect(tf.getBackend()).toBe(chosen);
    expect(fitted.steps).toHaveLength(4);

    const explicit = await stepsOf(new ExplicitHost(chosen), 4);
    expect(explicit.log.ofType('backend').every((e) => e.choice.measured === undefined)).toBe(true);
    expect(fitted.steps).toEqual(explicit.steps);
  }, 120_000);
});
