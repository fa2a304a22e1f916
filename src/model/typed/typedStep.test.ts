import * as tf from '../../sim/tf';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFusedCpuSimulator } from '../../sim/cpu/simdKernelOp';
import { createTfjsOpSimulator } from '../../sim/tfjsOps/tfjsOpSimulator';
import { Adam } from '../adam';
import { parseConfigText } from '../config/configText';
import { CLASSES, ResQuNN } from '../network';
import { routesOf } from '../accessibility/routes';
import { cotangentProbe, flowAnchor, flowNorm } from '../accessibility/routeFlow';
import { crossEntropy, evaluate, trainingStep } from '../trainingStep';
import { typedGradients } from './typedStep';
import { deadParameters } from '../../sim/circuit/deadParameters';
import { randomBatch } from '../testing/randomBatch';

/*
 * The typed-array step against its definition: the tfjs-op simulator's network differentiated by
 * tf.variableGrads (trainingStep.ts's tfjs path), per gradient element and per route, over
 * configurations that exercise every branch (kernels, stride and padding, taps, semantics, edges
 * from X and between layers of different sizes and channels, frozen layers, the three models).
 */

const CONFIGS = [
  'n=2;k=2,2;e=1-2',
  'n=2;k=2,2;e=1-2;sem=exact',
  'n=3;k=2,3,2;d=1,2,1;e=0-2,1-3;tap=raw;sem=exact;s=2',
  'n=3;k=3,2,2;a=strong,basic,random;e=0-1,0-3,1-3;s=2;p=valid',
  'n=2;k=2,3;d=2,1;e=0-2;s=2;sem=exact;tap=raw',
  'n=3;k=2,2,2;t=1,0,1;e=1-3;sem=exact',
  'n=2;k=2,2;e=1-2;m=frozen;sem=exact',
  'n=1;k=2;m=classical',
  // 7·7·9 = 441 head features: the SIMD head's scalar tail (features not a multiple of 4).
  'n=1;k=3;s=2;sem=exact',
];

const batch = 5;
let images: tf.Tensor4D;
let oneHot: tf.Tensor2D;

beforeAll(async () => {
  ({ images, oneHot } = await randomBatch(
    Array.from({ length: batch }, (_, i) => (i * 3) % CLASSES),
    11,
  ));
});
afterAll(() => tf.dispose([images, oneHot]));

function build(text: string, simulator = createFusedCpuSimulator()): ResQuNN {
  const parsed = parseConfigText(`${text};seed=3`);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return new ResQuNN(parsed.config, simulator);
}

/** The definition: tf.variableGrads over the tfjs-op network, with every route's cotangent. */
function reference(m: ResQuNN) {
  const flows = new Map<string, number>();
  const anchor = flowAnchor();
  const probe = cotangentProbe(anchor, (id, dy) => flows.set(id, flowNorm(dy).dataSync()[0]));
  const result = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(
      () => crossEntropy(m.forward(images, probe).logits, oneHot),
      [...m.trainableVariables(), anchor],
    );
    return {
      loss: value.dataSync()[0],
      grads: Object.fromEntries(
        m.trainableVariables().map((v) => [v.name, grads[v.name]?.dataSync() ?? null]),
      ),
    };
  });
  anchor.dispose();
  return { ...result, flows };
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string) {
  expect(actual.length, label).toBe(expected.length);
  const scale = Math.max(1e-3, ...Array.from(expected, Math.abs));
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i] - expected[i]), `${label}[${i}]`).toBeLessThan(2e-4 * scale);
  }
}

/** Runs `work` on a fresh model of `text` (variable names are global: one model at a time). */
function withModel<T>(text: string, simulator: 'typed' | 'ops', work: (m: ResQuNN) => T): T {
  const m = build(
    text,
    simulator === 'typed' ? createFusedCpuSimulator() : createTfjsOpSimulator(),
  );
  try {
    return work(m);
  } finally {
    m.dispose();
  }
}

describe('the typed-array step', () => {
  for (const text of CONFIGS) {
    it(`gives tfjs's loss, gradients and route flows: ${text}`, () => {
      const want = withModel(text, 'ops', (m) => {
        expect(m.arrayKernel()).toBeNull();
        return reference(m);
      });
      const got = withModel(text, 'typed', (m) => ({
        trainable: m.quanv.flatMap((q, i) => (q.trainable ? [i] : [])),
        routes: routesOf(m.config).map((r) => r.id),
        ...typedGradients(m, m.arrayKernel()!, images, oneHot),
      }));
      expect(got.lossSum / got.rows).toBeCloseTo(want.loss, 5);
      for (const i of got.trainable) {
        const mine = got.grads.quanv[i]!;
        // tfjs leaves out a variable no path reaches: its gradient is zero.
        const expected = want.grads[`Q${i + 1}/angles`] ?? new Float32Array(mine.length);
        expectClose(mine, expected, `Q${i + 1}`);
      }
      expectClose(got.grads.weights, want.grads['H/weights']!, 'H/weights');
      expectClose(got.grads.bias, want.grads['H/bias']!, 'H/bias');
      for (const id of got.routes) {
        const expected = want.flows.get(id) ?? 0;
        expect(Math.abs((got.grads.flows.get(id) ?? -1) - expected), id).toBeLessThan(
          2e-4 * Math.max(1e-3, expected),
        );
      }
    });
  }

  it('trains like the tfjs step: three Adam steps leave the same parameters and readouts', async () => {
    const text = 'n=2;k=2,3;d=2,1;a=basic,strong;e=0-2,1-2;sem=exact;s=2';
    const run = async (simulator: 'typed' | 'ops') => {
      const m = build(
        text,
        simulator === 'typed' ? createFusedCpuSimulator() : createTfjsOpSimulator(),
      );
      const adam = new Adam(0.01);
      let yields = 0;
      try {
        const readouts = [];
        for (let s = 0; s < 3; s++) readouts.push(await trainingStep(m, adam, images, oneHot));
        return {
          readouts,
          params: m.trainableVariables().map((v) => v.dataSync() as Float32Array),
          evaluation: await evaluate(m, images, oneHot, 2, async () => void (yields += 1)),
          yields,
        };
      } finally {
        m.dispose();
        adam.dispose();
      }
    };
    const got = await run('typed');
    const want = await run('ops');
    got.readouts.forEach((r, s) => {
      const w = want.readouts[s];
      expect(r.loss).toBeCloseTo(w.loss, 4);
      expect(r.batchAccuracy).toBeCloseTo(w.batchAccuracy, 6);
      expect(Object.keys(r.gradNorms)).toEqual(Object.keys(w.gradNorms));
      expect(Object.keys(r.flowNorms)).toEqual(Object.keys(w.flowNorms));
      for (const [id, v] of Object.entries(w.gradNorms))
        expect(r.gradNorms[id as keyof typeof r.gradNorms]).toBeCloseTo(v ?? NaN, 3);
    });
    got.params.forEach((p, i) => expectClose(p, want.params[i], `variable ${i}`));
    expect(got.evaluation.loss).toBeCloseTo(want.evaluation.loss, 4);
    expect(got.yields).toBe(want.yields); // both paths yield between their chunks
    expect(got.yields).toBeGreaterThan(0);
    expect(got.evaluation.accuracy).toBeCloseTo(want.evaluation.accuracy, 6);
  });

  it('leaves dead angles exactly where they started, on both paths', async () => {
    const text = 'n=2;k=2,2;a=ryrz,strong;e=1-2';
    for (const simulator of ['typed', 'ops'] as const) {
      const m = build(
        text,
        simulator === 'typed' ? createFusedCpuSimulator() : createTfjsOpSimulator(),
      );
      const adam = new Adam(0.05);
      try {
        const before = m.quanv.map((q) => Float32Array.from(q.angles.dataSync()));
        for (let s = 0; s < 3; s++) await trainingStep(m, adam, images, oneHot);
        m.quanv.forEach((q, i) => {
          const dead = deadParameters(q.program);
          const after = q.angles.dataSync();
          expect(dead.some(Boolean)).toBe(true);
          dead.forEach((isDead, k) => {
            if (isDead) expect(after[k], `${simulator}: Q${i + 1} dead ${k}`).toBe(before[i][k]);
            else expect(after[k], `${simulator}: Q${i + 1} live ${k}`).not.toBe(before[i][k]);
          });
        });
      } finally {
        m.dispose();
        adam.dispose();
      }
    }
  });
});
