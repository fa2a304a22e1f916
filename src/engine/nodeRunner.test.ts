import * as tf from '../sim/tf';
import '@tensorflow/tfjs-backend-cpu';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasGradient } from '../model/metrics';
import { validateConfigText } from './configEntry';
import { nodeHost, quietTfjs } from './nodeHost';
import { runInNode } from './nodeRunner';
import { withoutTime } from './testing/fakeHost';

/*
 * runInNode on the real Node host: real MNIST from public/data (`npm run data`), tfjs `cpu` and
 * the fused CPU simulator, through the same engine and protocol as the app.
 */

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

beforeAll(async () => {
  quietTfjs();
  await tf.setBackend('cpu');
});

describe('runInNode on real MNIST', () => {
  it('a full-access 2-layer network learns: the loss falls and test accuracy beats chance', async () => {
    // X+O1 | O1+O2: both layers get gradient under measured semantics. 500 images in batches
    // of 16, 2 epochs: 64 steps, about 8 s. With seed 1 it reaches ~0.76 test accuracy after
    // the first epoch; 0.45 (4.5× chance) leaves room for other machines' float rounding.
    const text = 'n=2;k=2,2;e=0-1,1-2;train=500;test=200;ep=2';
    const started = performance.now();
    const record = await runInNode(nodeHost(), text);
    const seconds = (performance.now() - started) / 1000;
    expect(record.config).toBe('n=2;k=2,2;e=0-1,1-2;ep=2'); // 500 and 200 are the defaults
    expect(record.backend).toBe('cpu');
    expect(record.state).toBe('done');
    expect(record.errors).toEqual([]);
    expect(record.totalSteps).toBe(64);
    expect(record.steps.map((s) => s.step)).toEqual(Array.from({ length: 64 }, (_, i) => i + 1));
    expect(record.epochs.map((e) => [e.epoch, e.step])).toEqual([
      [1, 32],
      [2, 64],
    ]);

    const losses = record.steps.map((s) => s.loss);
    expect(losses.every(Number.isFinite)).toBe(true);
    const first = mean(losses.slice(0, 10));
    const last = mean(losses.slice(-10));
    expect(last).toBeLessThan(0.7 * first);
    const final = record.epochs[1];
    expect(final.testAccuracy).toBeGreaterThan(0.45);
    expect(final.trainAccuracy).toBeGreaterThan(0.45);
    expect(final.testLoss).toBeLessThan(record.epochs[0].testLoss * 1.2);
    // Every layer learns: each step has a gradient in Q1, Q2 and H.
    for (const step of record.steps) {
      expect(['Q1', 'Q2', 'H'].every((l) => hasGradient(step.gradNorms[l as 'H']))).toBe(true);
    }
    expect(seconds).toBeLessThan(60);
  });

  it('without residual edges, Q1 gets no gradient at any step (measured semantics)', async () => {
    const record = await runInNode(nodeHost(), 'n=2;k=2,2;train=128;test=20', { steps: 4 });
    expect(record.state).toBe('paused');
    expect(record.steps).toHaveLength(4);
    for (const step of record.steps) {
      expect(step.gradNorms.Q1).toBe(0);
      expect(hasGradient(step.gradNorms.Q2)).toBe(true);
      expect(hasGradient(step.gradNorms.H)).toBe(true);
    }
  });

  it('is deterministic: the same configuration and seed give identical step metrics', async () => {
    for (const text of [
      'n=2;k=2,2;e=1-2;train=64;test=20;b=8;seed=5',
      'n=2;k=2,3;e=0-2;sem=exact;tap=raw;train=32;test=10;b=4;seed=9',
    ]) {
      const a = await runInNode(nodeHost(), text, { steps: 6 });
      const b = await runInNode(nodeHost(), text, { steps: 6 });
      expect(a.steps).toHaveLength(6);
      expect(b.steps.map(withoutTime)).toEqual(a.steps.map(withoutTime));
      // A different seed gives different numbers: the comparison above can fail.
      const other = await runInNode(nodeHost(), text.replace(/seed=\d+/, 'seed=77'), {
        steps: 1,
      });
      expect(other.steps[0].loss).not.toBe(a.steps[0].loss);
    }
  });

  it("rejects an invalid configuration with the validator's message", async () => {
    const bad = 'n=2;k=2,2;e=1-1;lr=0';
    const checked = validateConfigText(bad);
    if (checked.ok) throw new Error('the bad configuration passed validation');
    await expect(runInNode(nodeHost(), bad)).rejects.toThrow(checked.message);
  });

  it('reports missing data files by name and how to rebuild them', async () => {
    const dataDir = join(tmpdir(), 'resqunn-no-such-data-dir');
    const failure = runInNode(nodeHost({ dataDir }), 'n=1;k=2;train=10;test=10;b=5');
    await expect(failure).rejects.toThrow(/mnist-train\.bin is missing .*npm run data/);
  });
});
