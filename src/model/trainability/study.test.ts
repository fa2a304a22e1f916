import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startNodeSampleThread,
  type NodeSampleThread,
} from '../../sim/trainability/sampleThreadsNode';
import { GradientSampler } from '../../sim/trainability/sampler';
import { TrainabilityStudy, type SamplerFactory } from './study';
import { validateSettings, maxQubits } from './settings';

function settings(raw: Parameters<typeof validateSettings>[0]) {
  const r = validateSettings(raw);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.settings;
}

/** Steps a study to its end: its progress after each step rises, in several steps, to 1. */
async function expectProgressRisingToOne(study: TrainabilityStudy) {
  const seen: number[] = [];
  while (!study.done) {
    await study.step();
    seen.push(study.progress);
  }
  expect(seen.length).toBeGreaterThan(2);
  expect(seen.at(-1)).toBe(1);
  expect([...seen].sort((a, b) => a - b)).toEqual(seen);
}

describe('validateSettings', () => {
  it('names each mistake before any work: n past memory, K = 0, L = 0, an undefined cost', () => {
    const r = validateSettings({
      circuit: 'basic',
      qubits: [2, 40],
      depths: [0, 3],
      samples: 0,
      costs: ['projector'],
    });
    expect(r.ok).toBe(false);
    const text = r.ok ? '' : r.errors.join('\n');
    expect(text).toContain(`n = 40 qubits needs`);
    expect(text).toContain(`choose n ≤ ${maxQubits()}`);
    expect(text).toContain('depth L = 0 has no layer');
    expect(text).toContain('K = 0 samples');
    expect(text).toContain("cost 'projector' is undefined for the quanv circuit 'basic'");
  });

  it('fills defaults and sorts the lists', () => {
    const s = settings({ qubits: [4, 2, 4], depths: [5, 1] });
    expect(s.qubits).toEqual([2, 4]);
    expect(s.depths).toEqual([1, 5]);
    expect(s.circuit).toBe('mcclean');
    expect(s.samples).toBe(200);
  });

  it('the memory allowance moves the qubit limit', () => {
    expect(validateSettings({ qubits: [16] }, 2 ** 20).ok).toBe(false);
    expect(validateSettings({ qubits: [16] }).ok).toBe(true);
  });
});

describe('TrainabilityStudy', () => {
  it('McClean: variance falls with n, the fit finds a positive rate, one row per (n, L, cost)', async () => {
    const study = await new TrainabilityStudy(
      settings({
        circuit: 'mcclean',
        qubits: [2, 3, 4, 5, 6],
        depths: [10],
        costs: ['projector', 'global'],
        samples: 200,
      }),
    ).runAll();
    expect(study.rows).toHaveLength(10);
    const proj = study.rows.filter((r) => r.cost === 'projector');
    expect(proj[4].variance).toBeLessThan(proj[0].variance / 4);
    const fit = study.fits.find((f) => f.cost === 'projector')!;
    expect(fit.decayPerQubit).toBeGreaterThan(0.3);
    expect(fit.ci95![0]).toBeLessThan(fit.decayPerQubit);
    expect(proj.every((r) => r.decayPerQubit === fit.decayPerQubit)).toBe(true);
    for (const r of study.rows) {
      expect(r.ci95[0]).toBeLessThanOrEqual(r.variance);
      expect(r.ci95[1]).toBeGreaterThanOrEqual(r.variance);
      expect(r.variancePerParam).toHaveLength(r.paramCount);
    }
  });

  it('Cerezo at L = 2: θ_0’s variance falls exponentially under the global cost, not under the local', async () => {
    const study = await new TrainabilityStudy(
      settings({
        circuit: 'cerezo',
        qubits: [4, 6, 8, 10],
        depths: [2],
        costs: ['global', 'local'],
        samples: 300,
      }),
    ).runAll();
    const first = (cost: string, n: number) =>
      study.rows.find((r) => r.cost === cost && r.qubits === n)!.variancePerParam[0];
    expect(first('global', 10)).toBeLessThan(first('global', 4) / 10);
    // θ_0 is inside ⟨Z_0⟩'s light cone at every n: its variance does not depend on n
    expect(first('local', 10)).toBeGreaterThan(first('local', 4) / 2);
    expect(study.fits.find((f) => f.cost === 'global')!.decayPerQubit).toBeGreaterThan(0.3);
  });

  it('reports progress from 0 to 1 in steps', async () => {
    const study = new TrainabilityStudy(settings({ qubits: [2, 3], depths: [2], samples: 200 }));
    await expectProgressRisingToOne(study);
  });

  it('runs on the sampler it is given (asynchronous, as WebGPU’s), with the same numbers', async () => {
    const studied = settings({ qubits: [2, 3, 4], depths: [1, 3], samples: 23 });
    const made: number[] = [];
    // the CPU sampler behind an asynchronous chunk, 5 samples at a time, as a GPU's would be
    const samplerFor: SamplerFactory = (spec, samples) => {
      made.push(samples);
      const cpu = new GradientSampler(spec, 5);
      return {
        B: cpu.B,
        paramCount: cpu.paramCount,
        runChunk: (start, count, out) =>
          new Promise<void>((resolve) =>
            setTimeout(() => resolve(cpu.runChunk(start, count, out)), 0),
          ),
      };
    };
    const given = await new TrainabilityStudy(studied, null, samplerFor).runAll();
    const own = await new TrainabilityStudy(studied).runAll();
    expect(made).toEqual([23, 23, 23, 23, 23, 23]);
    const numbers = (s: TrainabilityStudy) => s.rows.map((r) => [r.variance, r.gradients]);
    expect(numbers(given)).toEqual(numbers(own));
    expect(given.fits).toEqual(own.fits);
  });
});

describe('TrainabilityStudy on two threads', () => {
  let thread: NodeSampleThread;
  beforeAll(async () => {
    thread = await startNodeSampleThread();
  }, 60_000);
  afterAll(() => thread.close());

  const studied = settings({
    circuit: 'mcclean',
    qubits: [2, 4, 6],
    depths: [1, 5],
    costs: ['projector'],
    samples: 37, // odd: the halves differ by one
    init: 'identity',
    seed: 5,
  });
  const numbers = (s: TrainabilityStudy) =>
    s.rows.map(({ seconds, ...r }) => {
      void seconds;
      return r;
    });

  it('gives every row and fit of one thread, bit for bit', async () => {
    const one = await new TrainabilityStudy(studied).runAll();
    const two = new TrainabilityStudy(studied, thread.run);
    expect(two.threads).toBe(2);
    await two.runAll();
    expect(two.threads).toBe(2);
    expect(two.note).toBe('');
    expect(numbers(two)).toEqual(numbers(one));
    expect(two.fits).toEqual(one.fits);
    expect(one.rows[0].gradients.some((g) => Math.abs(g) > 1e-3)).toBe(true);
  }, 60_000);

  it('a second thread that fails: the study redoes its share, says so, and goes on on one', async () => {
    const one = await new TrainabilityStudy(studied).runAll();
    let calls = 0;
    const two = await new TrainabilityStudy(studied, () => {
      calls++;
      return Promise.reject(new Error('worker crashed'));
    }).runAll();
    expect(calls).toBe(1);
    expect(two.threads).toBe(1);
    expect(two.note).toContain('worker crashed');
    expect(numbers(two)).toEqual(numbers(one));
  });

  it('progress counts this thread’s share and still rises to 1', async () => {
    const study = new TrainabilityStudy(
      settings({ qubits: [2, 3], depths: [2], samples: 200 }),
      thread.run,
    );
    await expectProgressRisingToOne(study);
  }, 60_000);
});
