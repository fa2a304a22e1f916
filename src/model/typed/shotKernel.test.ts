import * as tf from '../../sim/tf';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFusedCpuSimulator } from '../../sim/cpu/simdKernelOp';
import { Adam } from '../adam';
import { parseConfigText } from '../config/configText';
import { CLASSES, ResQuNN } from '../network';
import { trainingStep } from '../trainingStep';
import { randomBatch } from '../testing/randomBatch';

/*
 * A shots step on typed arrays (shotKernel.ts) against the same step's tfjs pass over the same
 * prepared estimates (a simulator without its typed-array kernel takes that path): the same
 * draws, so the same readout and update up to float32 rounding.
 */

const CONFIGS = [
  'n=2;k=2,2;d=3,3;a=basic,basic;shots=100',
  'n=2;k=2,2;e=1-2;sem=exact;shots=50',
  'n=3;k=2,3,2;d=1,2,1;e=0-2,1-3;tap=raw;sem=exact;s=2;shots=30',
  'n=2;k=2,2;e=1-2;m=frozen;sem=exact;shots=20',
  'n=2;k=2,2;p=valid;a=strong,basic;shots=40',
];

let images: tf.Tensor4D;
let oneHot: tf.Tensor2D;
beforeAll(async () => {
  ({ images, oneHot } = await randomBatch(
    Array.from({ length: 4 }, (_, i) => (i * 3) % CLASSES),
    5,
  ));
});
afterAll(() => tf.dispose([images, oneHot]));

function build(text: string, typed: boolean): ResQuNN {
  const parsed = parseConfigText(`${text};seed=3`);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  const simulator = createFusedCpuSimulator();
  return new ResQuNN(parsed.config, typed ? simulator : { ...simulator, arrays: undefined });
}

function expectClose(actual: number, expected: number, label: string) {
  expect(Math.abs(actual - expected), label).toBeLessThan(
    2e-4 * Math.max(1e-3, Math.abs(expected)),
  );
}

describe('a shots step on typed arrays', () => {
  it.each(CONFIGS)('%s: the tfjs pass’s readout and update from the same draws', async (text) => {
    const steps = [];
    // One model at a time: tfjs registers the variables by name.
    for (const typed of [true, false]) {
      const m = build(text, typed);
      expect(m.arrayKernel()).toBeNull();
      m.setShotSeed(17);
      const readout = await trainingStep(m, new Adam(0.01), images, oneHot);
      const params = m.trainableVariables().map((v) => Array.from(v.dataSync()));
      // Estimates are used once, on either path: the next step prepares its own.
      await expect(trainingStep(m, new Adam(0.01), images, oneHot)).resolves.toBeDefined();
      m.dispose();
      steps.push({ readout, params });
    }
    const [a, b] = steps;
    expectClose(a.readout.loss, b.readout.loss, 'loss');
    expect(a.readout.batchAccuracy).toBe(b.readout.batchAccuracy);
    for (const part of ['gradNorms', 'flowNorms', 'shotNoise'] as const) {
      const expected = b.readout[part]!;
      expect(Object.keys(a.readout[part]!).sort(), part).toEqual(Object.keys(expected).sort());
      for (const [id, v] of Object.entries(expected) as [string, number][])
        expectClose((a.readout[part] as Record<string, number>)[id], v, `${part} ${id}`);
    }
    // A trainable layer's floor is there (a frozen model's layers have none).
    const floor = Object.values(a.readout.shotNoise!).some((v) => (v ?? 0) > 0);
    expect(floor).toBe(!text.includes('m=frozen'));
    a.params.forEach((p, i) =>
      p.forEach((v, j) => expectClose(v, b.params[i][j], `param ${i}.${j}`)),
    );
  });
});
