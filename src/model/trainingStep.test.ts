import * as tf from '../sim/tf';
// tfjs-core alone registers no gradients; the umbrella package did this for us.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFusedCpuSimulator } from '../sim/cpu/simdKernelOp';
import type { QuanvSimulator } from '../sim/simulator';
import { parseConfigText } from './config/configText';
import { ResQuNN } from './network';
import { accuracy, crossEntropy, evaluate, trackedLayers, trainingStep } from './trainingStep';
import { Adam } from './adam';
import { randomBatch } from './testing/randomBatch';

function model(text: string, simulator: QuanvSimulator = createFusedCpuSimulator()): ResQuNN {
  const result = parseConfigText(text);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('; '));
  return new ResQuNN(result.config, simulator);
}

/** Every trainable variable's values, by name. */
function snapshot(m: ResQuNN): Record<string, number[]> {
  return Object.fromEntries(m.trainableVariables().map((v) => [v.name, Array.from(v.dataSync())]));
}

const COUNT = 5;
let images: tf.Tensor4D; // 5 seeded random 14×14 images
let oneHot: tf.Tensor2D;

beforeAll(async () => {
  ({ images, oneHot } = await randomBatch([3, 1, 4, 1, 5], 3));
});

afterAll(() => tf.dispose([images, oneHot]));

describe('crossEntropy and accuracy', () => {
  it('crossEntropy is the batch mean of −log softmax(logits)[label]', () => {
    const rows = [
      [2, 1, 0.5, -1],
      [0, 0, 0, 0],
      [-3, 4, 1, 0.25],
    ];
    const labels = [0, 2, 1];
    const expected =
      rows.reduce((sum, row, i) => {
        const logSum = Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
        return sum + logSum - row[labels[i]];
      }, 0) / rows.length;
    tf.tidy(() => {
      const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 4) as tf.Tensor2D;
      const loss = crossEntropy(tf.tensor2d(rows), y);
      expect(loss.shape).toEqual([]);
      expect(loss.dataSync()[0]).toBeCloseTo(expected, 5);
    });
  });

  it('accuracy is the share of rows whose largest logit is the label', () => {
    tf.tidy(() => {
      const logits = tf.tensor2d([
        [0, 5, 1],
        [3, 1, 2],
        [0, 1, 2],
      ]);
      const y = tf.oneHot(tf.tensor1d([1, 0, 0], 'int32'), 3) as tf.Tensor2D;
      expect(accuracy(logits, y).dataSync()[0]).toBeCloseTo(2 / 3, 6);
    });
  });
});

describe('trackedLayers', () => {
  it('lists the trainable quanv layers in chain order, then the head', () => {
    for (const [text, layers] of [
      ['n=3;t=1,0,1', ['Q1', 'Q3', 'H']],
      ['n=2', ['Q1', 'Q2', 'H']],
      ['n=2;m=frozen', ['H']],
      ['n=2;m=classical', ['H']],
    ] as const) {
      const m = model(text);
      expect(trackedLayers(m)).toEqual(layers);
      m.dispose();
    }
  });
});

describe('trainingStep', () => {
  it('reports the pre-update loss, accuracy and per-layer norms, then applies exactly the gradient', async () => {
    const m = model('n=2;e=0-1');
    const lr = 0.1;
    const optimizer = new Adam(lr);
    try {
      // The reference: the same loss and gradients, computed independently before the step.
      const reference = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(
          () => crossEntropy(m.forward(images).logits, oneHot),
          m.trainableVariables(),
        );
        const acc = accuracy(m.forward(images).logits, oneHot).dataSync()[0];
        const arrays = Object.fromEntries(
          Object.entries(grads).map(([name, g]) => [name, Array.from(g.dataSync())]),
        );
        return { loss: value.dataSync()[0], acc, grads: arrays };
      });
      const norm = (...names: string[]) =>
        Math.sqrt(names.flatMap((n) => reference.grads[n]).reduce((s, v) => s + v * v, 0));
      const before = snapshot(m);
      const tensors = tf.memory().numTensors;

      const readout = await trainingStep(m, optimizer, images, oneHot);

      // The typed-array step keeps Adam's moments in arrays: no tensor survives.
      expect(tf.memory().numTensors).toBe(tensors);
      expect(readout.loss).toBeCloseTo(reference.loss, 6);
      expect(readout.batchAccuracy).toBeCloseTo(reference.acc, 6);
      expect(Object.keys(readout.gradNorms)).toEqual(['Q1', 'Q2', 'H']);
      // Q1 is cut under measured semantics (edge 0-1 does not carry O1 past Q2's encoding).
      expect(readout.gradNorms.Q1).toBe(0);
      expect(readout.gradNorms.Q2).toBeCloseTo(norm('Q2/angles'), 6);
      expect(readout.gradNorms.H).toBeCloseTo(norm('H/weights', 'H/bias'), 6);
      expect(readout.gradNorms.Q2).toBeGreaterThan(1e-3);

      // Adam's first step: θ ← θ − lr·g/(|g| + ε) for every variable; Q1 (zero gradient) stays.
      const after = snapshot(m);
      expect(after['Q1/angles']).toEqual(before['Q1/angles']);
      for (const name of ['Q2/angles', 'H/weights', 'H/bias']) {
        const g = reference.grads[name];
        // A dead angle's gradient is float32 rounding (~1e-8), which Adam's first step scales up
        // to an arbitrary fraction of lr: only the bound |Δθ| ≤ lr holds there.
        after[name].forEach((v, i) => {
          const step = (lr * g[i]) / (Math.abs(g[i]) + 1e-7);
          if (Math.abs(g[i]) > 1e-5) expect(v).toBeCloseTo(before[name][i] - step, 5);
          else expect(Math.abs(v - before[name][i])).toBeLessThanOrEqual(lr * 1.0001);
        });
        expect(after[name]).not.toEqual(before[name]);
      }
    } finally {
      m.dispose();
      optimizer.dispose();
    }
  });

  it('keeps the tensor count flat across Adam steps once its moments exist', async () => {
    const m = model('n=2;k=2,3;e=1-2');
    const optimizer = new Adam(0.01);
    try {
      await trainingStep(m, optimizer, images, oneHot); // creates Adam's moment slots
      const tensors = tf.memory().numTensors;
      const losses: number[] = [];
      for (let i = 0; i < 4; i++)
        losses.push((await trainingStep(m, optimizer, images, oneHot)).loss);
      expect(tf.memory().numTensors).toBe(tensors);
      // Five steps on one batch: the loss goes down.
      expect(losses[3]).toBeLessThan(losses[0]);
    } finally {
      m.dispose();
      optimizer.dispose();
    }
  });

  it('skips the update when a number is not finite, and leaks nothing', async () => {
    const fused = createFusedCpuSimulator();
    let poison = false;
    const simulator: QuanvSimulator = {
      name: 'NaN on demand',
      expectZ: (program, w, p, g) => {
        const z = fused.expectZ(program, w, p, g);
        return poison ? (tf.add(z, NaN) as tf.Tensor2D) : z;
      },
    };
    const m = model('n=2;e=1-2', simulator);
    const optimizer = new Adam(0.1);
    try {
      const before = snapshot(m);
      const tensors = tf.memory().numTensors;
      poison = true;
      const readout = await trainingStep(m, optimizer, images, oneHot);
      expect(readout.loss).toBeNaN();
      expect(readout.gradNorms.Q1).toBeNaN();
      expect(readout.gradNorms.H).toBeNaN();
      expect(snapshot(m)).toEqual(before);
      expect(tf.memory().numTensors).toBe(tensors);
      // The same model then trains normally.
      poison = false;
      const next = await trainingStep(m, optimizer, images, oneHot);
      expect(Number.isFinite(next.loss)).toBe(true);
      expect(snapshot(m)['H/weights']).not.toEqual(before['H/weights']);
    } finally {
      m.dispose();
      optimizer.dispose();
    }
  });
});

describe('evaluate', () => {
  it('gives the whole set’s loss and accuracy in any chunk size, without leaking', async () => {
    const m = model('n=2;e=0-2');
    try {
      const whole = tf.tidy(() => {
        const { logits } = m.forward(images);
        return {
          loss: crossEntropy(logits, oneHot).dataSync()[0],
          accuracy: accuracy(logits, oneHot).dataSync()[0],
        };
      });
      const tensors = tf.memory().numTensors;
      for (const chunk of [100, 2, 1]) {
        let yields = 0; // between chunks the caller may let its thread answer messages
        const result = await evaluate(m, images, oneHot, chunk, async () => void (yields += 1));
        expect(yields, `chunk ${chunk}`).toBe(Math.ceil(COUNT / chunk) - 1);
        expect(result.loss, `chunk ${chunk}`).toBeCloseTo(whole.loss, 5);
        expect(result.accuracy, `chunk ${chunk}`).toBeCloseTo(whole.accuracy, 6);
      }
      expect(tf.memory().numTensors).toBe(tensors);
      expect(Math.round(whole.accuracy * COUNT)).toBeCloseTo(whole.accuracy * COUNT, 5);
    } finally {
      m.dispose();
    }
  });
});

describe('finite shots', () => {
  it.each(['measured', 'exact'])(
    'train a trainable layer before a frozen one (%s): estimates prepared per pass, noise floor reported',
    async (semantics) => {
      const m = model(`n=2;k=2,2;t=1,0;e=1-2;sem=${semantics};shots=200`);
      const optimizer = new Adam(0.01);
      const before = snapshot(m);
      const readout = await trainingStep(m, optimizer, images, oneHot);
      expect(Number.isFinite(readout.loss)).toBe(true);
      expect(readout.gradNorms.Q1).toBeGreaterThan(0);
      expect(readout.gradNorms).not.toHaveProperty('Q2'); // frozen: not tracked
      expect(readout.shotNoise?.Q1).toBeGreaterThan(0);
      expect(snapshot(m)['Q1/angles']).not.toEqual(before['Q1/angles']);
      const evaluation = await evaluate(m, images, oneHot, 2); // three chunks, each prepared
      expect(Number.isFinite(evaluation.loss)).toBe(true);
      optimizer.dispose();
      m.dispose();
    },
  );

  it('refuse a forward pass without its own prepared estimates', async () => {
    const m = model('n=1;k=2;shots=100');
    expect(() => tf.tidy(() => void m.forward(images))).toThrow(/await prepareShots first/);
    await m.prepareShots(images);
    tf.tidy(() => void m.forward(images));
    expect(() => tf.tidy(() => void m.forward(images))).toThrow(/await prepareShots first/);
    m.dispose();
  });
});
