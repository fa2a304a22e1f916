import * as tf from '../sim/tf';
// tfjs-core alone registers no gradients; the umbrella package did this for us.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFusedCpuSimulator } from '../sim/cpu/simdKernelOp';
import { quanvolve } from '../sim/quanvolve';
import type { QuanvSimulator } from '../sim/simulator';
import { createTfjsOpSimulator } from '../sim/tfjsOps/tfjsOpSimulator';
import { parseConfigText } from './config/configText';
import { IMAGE_SIDE, mapSide, type ExperimentConfig } from './config/config';
import { CLASSES, headInputSize, ResQuNN } from './network';
import { crossEntropy } from './trainingStep';
import { layerProgram } from './layerProgram';
import { mnistBatch } from './testing/mnistBatch';

function config(text: string): ExperimentConfig {
  const result = parseConfigText(text);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('; '));
  return result.config;
}

const fused = createFusedCpuSimulator();

/**
 * Builds a model, runs `body`, disposes it. Variable names (`Q1/angles`, `H/weights`) are global
 * to tfjs, so only one model may be alive at a time.
 */
async function withModel<T>(
  text: string,
  body: (model: ResQuNN) => T | Promise<T>,
  simulator: QuanvSimulator = fused,
): Promise<T> {
  const model = new ResQuNN(config(text), simulator);
  try {
    return await body(model);
  } finally {
    model.dispose();
  }
}

let images: tf.Tensor4D; // two real MNIST digits, 14×14
let oneHot: tf.Tensor2D;

beforeAll(async () => {
  ({ images, oneHot } = await mnistBatch(2));
});

afterAll(() => tf.dispose([images, oneHot]));

describe('ResQuNN parameters', () => {
  it("compiles each layer's family; the angles take the program's shape", async () => {
    await withModel('n=4;k=2,2,3,2;d=2,1,1,2;a=basic,strong,random,random;seed=5', (model) => {
      expect(model.quanv.map((q) => q.program.family)).toEqual([
        'basic',
        'strong',
        'random',
        'random',
      ]);
      expect(model.quanv.map((q) => q.angles.shape)).toEqual([
        [2, 4, 1],
        [1, 4, 3],
        [1, 18],
        [2, 8],
      ]);
      // a random layer's structure comes from (run seed, layer index): Q3 and Q4 differ, and the
      // same configuration compiles the same circuit again
      const again = layerProgram(model.config.layers[3], 3, 5);
      expect(model.quanv[3].program.gates).toEqual(again.gates);
      expect(layerProgram(model.config.layers[3], 3, 6).gates).not.toEqual(again.gates);
      expect(model.quanv[2].program.structureSeed).not.toBe(model.quanv[3].program.structureSeed);
    });
  });

  it('has one [L, k², 2] angle tensor per layer, uniform in [0, 2π); frozen ones are constants', async () => {
    await withModel('n=3;k=2,3,2;d=1,2,3;t=1,0,1', (model) => {
      expect(model.quanv.map((q) => q.angles.shape)).toEqual([
        [1, 4, 2],
        [2, 9, 2],
        [3, 4, 2],
      ]);
      expect(model.quanv.map((q) => q.qubits)).toEqual([4, 9, 4]);
      expect(model.quanv.map((q) => q.trainable)).toEqual([true, false, true]);
      expect(model.quanv[1].angles).not.toBeInstanceOf(tf.Variable);
      expect(model.trainableVariables().map((v) => v.name)).toEqual([
        'Q1/angles',
        'Q3/angles',
        'H/weights',
        'H/bias',
      ]);
      const angles = model.quanv.flatMap((q) => Array.from(q.angles.dataSync()));
      expect(angles).toHaveLength(2 * (4 * 1 + 9 * 2 + 4 * 3)); // 2·n·L per layer
      expect(angles.every((a) => a >= 0 && a < 2 * Math.PI)).toBe(true);
      // Spread over the whole range, not stuck in a corner.
      expect(Math.min(...angles)).toBeLessThan(1);
      expect(Math.max(...angles)).toBeGreaterThan(2 * Math.PI - 1);
      // The head reads h_3: 14·14 cells × 4 channels; Glorot-uniform weights, zero bias.
      expect(model.headWeights.shape).toEqual([14 * 14 * 4, CLASSES]);
      const limit = Math.sqrt(6 / (14 * 14 * 4 + CLASSES));
      const w = Array.from(model.headWeights.dataSync());
      expect(w.every((v) => Math.abs(v) <= limit)).toBe(true);
      expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.9 * limit);
      expect(Array.from(model.headBias.dataSync())).toEqual(new Array(CLASSES).fill(0));
    });
  });

  it('draws every parameter from the seed', async () => {
    const values = (text: string) =>
      withModel(text, (m) =>
        [...m.quanv.map((q) => q.angles), m.headWeights].map((t) => Array.from(t.dataSync())),
      );
    const a = await values('n=2;seed=4');
    expect(await values('n=2;seed=4')).toEqual(a);
    const b = await values('n=2;seed=5');
    expect(b[0]).not.toEqual(a[0]);
    expect(b[2]).not.toEqual(a[2]);
  });

  it('the benchmark models: all quanv layers frozen, or the head alone on the raw image', async () => {
    await withModel('n=2;m=frozen', (model) => {
      expect(model.quanv.map((q) => q.trainable)).toEqual([false, false]);
      expect(model.trainableVariables().map((v) => v.name)).toEqual(['H/weights', 'H/bias']);
    });
    await withModel('n=2;m=classical', (model) => {
      expect(model.quanv).toHaveLength(0);
      expect(model.headWeights.shape).toEqual([IMAGE_SIDE * IMAGE_SIDE, CLASSES]);
      const { logits, outputs } = model.forward(images);
      expect(outputs).toHaveLength(0);
      const expected = tf.add(
        tf.matMul(tf.reshape(images, [2, -1]), model.headWeights),
        model.headBias,
      );
      expect(Array.from(logits.dataSync())).toEqual(Array.from(expected.dataSync()));
      tf.dispose([logits, expected]);
    });
  });

  it('forward and dispose leave no tensor behind (quantum, frozen and classical models)', async () => {
    for (const text of ['n=3;t=1,0,1;e=0-2', 'n=2;m=frozen', 'n=1;m=classical']) {
      const before = tf.memory().numTensors;
      // forward makes intermediates (merged maps, the flattened h_n): callers run it in a tidy.
      await withModel(text, (model) => tf.tidy(() => void model.forward(images)));
      expect(tf.memory().numTensors, text).toBe(before);
    }
  });
});

describe('map sizes', () => {
  it('mapSide: same keeps ⌈H/s⌉, valid drops the border', () => {
    expect(mapSide(14, 2, 1, 'same')).toBe(14);
    expect(mapSide(14, 3, 2, 'same')).toBe(7);
    expect(mapSide(7, 2, 2, 'same')).toBe(4);
    expect(mapSide(14, 3, 1, 'valid')).toBe(12);
    expect(mapSide(14, 2, 2, 'valid')).toBe(7);
    expect(mapSide(14, 3, 3, 'valid')).toBe(4);
  });

  it.each([
    ['n=2;k=2,2', 14 * 14 * 4, [14, 14]],
    ['n=2;k=2,3;s=2;e=0-2,1-2', 4 * 4 * 9, [7, 4]],
    ['n=2;k=3,3;p=valid;e=0-1,0-2,1-2', 10 * 10 * 9, [12, 10]],
    ['n=3;k=3,2,3;s=2;p=valid;e=0-3,1-3', 1 * 1 * 9, [6, 3, 1]],
  ] as const)('%s: the head reads %i features', async (text, features, sides) => {
    expect(headInputSize(config(text))).toBe(features);
    await withModel(text, (model) => {
      const pass = model.forward(images);
      expect(pass.logits.shape).toEqual([2, CLASSES]);
      expect(pass.outputs.map((o) => o.shape[1])).toEqual(sides);
      expect(Array.from(pass.logits.dataSync()).every(Number.isFinite)).toBe(true);
      tf.dispose([pass.logits, ...pass.outputs]);
    });
  });
});

describe('forward follows docs/model.md §3: h_b = O_b + Σ tap(a)', () => {
  /** A quanv layer of the model, applied by hand. */
  const quanv = (model: ResQuNN, i: number, input: tf.Tensor4D) =>
    quanvolve(fused, model.quanv[i].executed, input, model.quanv[i].angles, {
      kernel: model.quanv[i].spec.kernel,
      stride: 1,
      padding: 'same',
      inputGradient: 'measured',
    });
  const head = (model: ResQuNN, h: tf.Tensor4D) =>
    tf.add(tf.matMul(tf.reshape(h, [h.shape[0], -1]), model.headWeights), model.headBias);

  async function compare(text: string, byHand: (model: ResQuNN) => tf.Tensor) {
    return withModel(text, (model) =>
      tf.tidy(() => {
        const { logits } = model.forward(images);
        const expected = byHand(model);
        const got = Array.from(logits.dataSync());
        const want = Array.from(expected.dataSync());
        // Same ops in the same order, up to the summation order of the residual adds.
        got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
        return got;
      }),
    );
  }

  it('X+O1 | O1+O2: chained adds h_1 = O1 + X, raw adds O1', async () => {
    const chained = await compare('n=2;e=0-1,1-2', (m) => {
      const o1 = quanv(m, 0, images);
      const h1 = tf.add(o1, images) as tf.Tensor4D; // X broadcast over O1's 4 channels
      const o2 = quanv(m, 1, h1);
      return head(m, tf.add(o2, h1) as tf.Tensor4D);
    });
    const raw = await compare('n=2;e=0-1,1-2;tap=raw', (m) => {
      const o1 = quanv(m, 0, images);
      const h1 = tf.add(o1, images) as tf.Tensor4D;
      const o2 = quanv(m, 1, h1);
      return head(m, tf.add(o2, o1) as tf.Tensor4D);
    });
    expect(raw).not.toEqual(chained);
  });

  it('X+O2 | O1+O3 | O2+O3 on three layers, under both taps', async () => {
    const chained = await compare('n=3;e=0-2,1-3,2-3', (m) => {
      const o1 = quanv(m, 0, images);
      const o2 = quanv(m, 1, o1);
      const h2 = tf.add(o2, images) as tf.Tensor4D;
      const o3 = quanv(m, 2, h2);
      return head(m, tf.addN([o3, o1, h2]) as tf.Tensor4D); // h_1 = O1, h_2 = O2 + X
    });
    const raw = await compare('n=3;e=0-2,1-3,2-3;tap=raw', (m) => {
      const o1 = quanv(m, 0, images);
      const o2 = quanv(m, 1, o1);
      const h2 = tf.add(o2, images) as tf.Tensor4D;
      const o3 = quanv(m, 2, h2);
      return head(m, tf.addN([o3, o1, o2]) as tf.Tensor4D);
    });
    expect(raw).not.toEqual(chained);
  });

  it('returns each layer’s raw output O_i, not the merged value', async () => {
    await withModel('n=2;e=0-1', (model) =>
      tf.tidy(() => {
        const { outputs } = model.forward(images);
        const o1 = quanv(model, 0, images);
        expect(Array.from(outputs[0].dataSync())).toEqual(Array.from(o1.dataSync()));
        const o2 = quanv(model, 1, tf.add(o1, images) as tf.Tensor4D);
        expect(Array.from(outputs[1].dataSync())).toEqual(Array.from(o2.dataSync()));
      }),
    );
  });
});

/**
 * The whole network's gradient (simulator adjoint, windows, residual sums with broadcast and
 * pooling, head, cross-entropy) against central differences of the loss.
 *
 * Tolerances: the loss (≈ 2.4) is a float32 sum, good to a few ulps, ~1e-6; divided by 2h with
 * h = 1e-2 that is ~1e-4 of noise. Truncation is h²/6·|L'''|, up to ~5e-4 here for Q1's angles
 * (the loss is a product of cosines of them, sharply curved where the gradient is large). So
 * |fd − g| ≤ 1e-3 + 1e-2·|g|: twice the worst error seen, and still far below the gradients
 * themselves (each checked layer has a component above 0.05), so a missing or doubled path
 * fails. A smaller h trades truncation for float32 noise and is no better.
 */
describe('gradients against finite differences', () => {
  const H = 1e-2;
  const tolerance = (g: number) => 1e-3 + 1e-2 * Math.abs(g);

  const lossValue = (model: ResQuNN): number =>
    tf.tidy(() => crossEntropy(model.forward(images).logits, oneHot).dataSync()[0]);

  /** ∂loss/∂variable[i] by central differences; the variable is restored afterwards. */
  function finiteDifference(model: ResQuNN, variable: tf.Variable, i: number): number {
    const original = variable.dataSync().slice();
    const at = (delta: number) => {
      const values = original.slice();
      values[i] += delta;
      const t = tf.tensor(values, variable.shape);
      variable.assign(t);
      t.dispose();
      return lossValue(model);
    };
    const plus = at(H);
    const minus = at(-H);
    const restore = tf.tensor(original, variable.shape);
    variable.assign(restore);
    restore.dispose();
    return (plus - minus) / (2 * H);
  }

  /** Backpropagation's gradient of every trainable variable, as plain arrays by name. */
  function backprop(model: ResQuNN): Record<string, Float32Array> {
    const { value, grads } = tf.variableGrads(
      () => crossEntropy(model.forward(images).logits, oneHot),
      model.trainableVariables(),
    );
    const out: Record<string, Float32Array> = {};
    for (const v of model.trainableVariables()) {
      out[v.name] = grads[v.name]
        ? (grads[v.name].dataSync() as Float32Array)
        : new Float32Array(v.size);
    }
    tf.dispose([value, ...Object.values(grads)]);
    return out;
  }

  /** Every angle of every quanv layer; the head's largest weight gradients, two more, 2 biases. */
  function checked(model: ResQuNN, grads: Record<string, Float32Array>): [tf.Variable, number[]][] {
    const angles = model.trainableVariables().filter((v) => v.name.endsWith('angles'));
    const g = grads[model.headWeights.name];
    const largest = Array.from(g.keys())
      .sort((a, b) => Math.abs(g[b]) - Math.abs(g[a]))
      .slice(0, 3);
    return [
      ...angles.map((v): [tf.Variable, number[]] => [v, Array.from(v.dataSync().keys())]),
      [model.headWeights, [...largest, 0, g.length - 1]],
      [model.headBias, [0, 9]],
    ];
  }

  it.each([
    ['n=2;k=2,2;e=0-1,1-2;sem=exact', 'fused'],
    ['n=2;k=2,2;e=0-1,1-2;sem=exact', 'tfjsOpSimulator'],
    ['n=2;k=2,3;e=0-2,1-2;tap=raw;sem=exact', 'fused'],
    ['n=2;k=2,2;s=2;e=0-2,1-2;sem=exact', 'fused'],
    ['n=2;k=2,2;d=2,1;e=0-1;sem=exact', 'fused'],
  ] as const)('%s (%s simulator): every angle and some head weights', async (text, sim) => {
    const simulator = sim === 'fused' ? fused : createTfjsOpSimulator();
    await withModel(
      text,
      (model) => {
        const grads = backprop(model);
        for (const [variable, indices] of checked(model, grads)) {
          const g = grads[variable.name];
          expect(Math.max(...indices.map((i) => Math.abs(g[i]))), variable.name).toBeGreaterThan(
            0.05,
          );
          for (const i of indices) {
            const fd = finiteDifference(model, variable, i);
            expect(
              Math.abs(fd - g[i]),
              `${variable.name}[${i}]: fd ${fd}, backprop ${g[i]}`,
            ).toBeLessThanOrEqual(tolerance(g[i]));
          }
        }
      },
      simulator,
    );
  });

  it('measured semantics: exact for the last layer and the head, cut for Q1 through Q2', async () => {
    // The forward pass is the same under both semantics, so finite differences measure the true
    // gradient. Measured keeps only the paths that avoid a later encoding: all of Q2's and the
    // head's, but for Q1 only the edge 1-2 (and nothing at all without it).
    for (const text of ['n=2;k=2,2;e=0-1,1-2', 'n=2;k=2,2']) {
      await withModel(text, (model) => {
        const grads = backprop(model);
        const [q1, q2] = model.trainableVariables();
        const fdQ1 = Array.from({ length: q1.size }, (_, i) => finiteDifference(model, q1, i));
        const gapQ1 = Math.hypot(...fdQ1.map((fd, i) => fd - grads[q1.name][i]));
        expect(Math.hypot(...fdQ1), text).toBeGreaterThan(0.1);
        expect(gapQ1, text).toBeGreaterThan(0.1); // far beyond the tolerance
        for (let i = 0; i < q2.size; i++) {
          const fd = finiteDifference(model, q2, i);
          expect(Math.abs(fd - grads[q2.name][i])).toBeLessThanOrEqual(tolerance(fd));
        }
        const fdBias = finiteDifference(model, model.headBias, 3);
        expect(Math.abs(fdBias - grads[model.headBias.name][3])).toBeLessThanOrEqual(
          tolerance(fdBias),
        );
        if (!text.includes('e=')) expect(Array.from(grads[q1.name])).toEqual(new Array(8).fill(0));
      });
    }
  });
});
