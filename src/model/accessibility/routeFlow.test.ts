import * as tf from '../../sim/tf';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFusedCpuSimulator } from '../../sim/cpu/simdKernelOp';
import { createTfjsOpSimulator } from '../../sim/tfjsOps/tfjsOpSimulator';
import type { QuanvSimulator } from '../../sim/simulator';
import { allEdgeSubsets, formatEdgeList } from '../config/config';
import { parseConfigText } from '../config/configText';
import { ResQuNN, type ForwardProbe } from '../network';
import { cotangentProbe, flowAnchor } from './routeFlow';
import { routesOf, type RouteId, type RouteSource } from './routes';
import { crossEntropy, trainingStep } from '../trainingStep';
import { Adam } from '../adam';
import { randomBatch } from '../testing/randomBatch';

function model(text: string, simulator: QuanvSimulator = createFusedCpuSimulator()): ResQuNN {
  const result = parseConfigText(text);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('; '));
  return new ResQuNN(result.config, simulator);
}

let images: tf.Tensor4D;
let oneHot: tf.Tensor2D;

beforeAll(async () => {
  ({ images, oneHot } = await randomBatch([3, 1, 4], 11));
});

afterAll(() => tf.dispose([images, oneHot]));

/** One step's flow norms for a configuration (a fresh model, so the step is the first). */
async function firstStepFlows(text: string): Promise<Partial<Record<RouteId, number>>> {
  const m = model(text);
  try {
    return (await trainingStep(m, new Adam(0), images, oneHot)).flowNorms;
  } finally {
    m.dispose();
  }
}

const key = (s: RouteSource) => `${s.value}${s.index}`;

describe('flow norms of a training step', () => {
  it('has one number per route of the configuration', async () => {
    const flows = await firstStepFlows('n=2;k=2,2;e=0-1,0-2,1-2');
    expect(Object.keys(flows).sort()).toEqual(['0-1', '0-2', '1-2', 'c:1', 'c:2', 'c:H']);
  });

  it('under measured every chain link carries exactly 0, the edges to the head do not', async () => {
    const two = await firstStepFlows('n=2;k=2,2;e=0-1,1-2;sem=measured');
    expect([two['c:1'], two['c:2']]).toEqual([0, 0]);
    // 0-1 starts at X, which depends on no variable: its flow is seen only thanks to the anchor.
    for (const id of ['0-1', '1-2', 'c:H'] as const) expect(two[id]).toBeGreaterThan(1e-6);
    const three = await firstStepFlows('n=3;k=2,2,2;e=0-2,1-3;tap=raw;sem=measured');
    expect([three['c:1'], three['c:2'], three['c:3']]).toEqual([0, 0, 0]);
    // h_2 feeds only Q3's encoding, where measured stops: the edge into it carries nothing.
    expect(three['0-2']).toBe(0);
    for (const id of ['1-3', 'c:H'] as const) expect(three[id]).toBeGreaterThan(1e-6);
  });

  it('under exact every chain link carries gradient', async () => {
    const flows = await firstStepFlows('n=3;k=2,2,2;e=1-3;sem=exact');
    for (const id of ['c:1', 'c:2', 'c:3'] as const) expect(flows[id]).toBeGreaterThan(1e-6);
  });

  it('a frozen model still shows its flow, though no quanv layer trains', async () => {
    const flows = await firstStepFlows('n=2;k=2,2;e=0-2;m=frozen;sem=exact');
    for (const id of ['c:1', 'c:2', '0-2', 'c:H'] as const) expect(flows[id]).toBeGreaterThan(0);
  });

  it('the classical-only model has the head link alone', async () => {
    const flows = await firstStepFlows('n=2;k=2,2;m=classical');
    expect(Object.keys(flows)).toEqual(['c:H']);
    expect(flows['c:H']).toBeGreaterThan(0);
  });

  it('leaves no tensor behind: the anchor, the recorded norms and the cotangents are freed', async () => {
    const m = model('n=2;k=2,2;e=0-1,1-2;sem=exact');
    const optimizer = new Adam(0.01);
    await trainingStep(m, optimizer, images, oneHot); // Adam's slots are created on the first step
    const before = tf.memory().numTensors;
    await trainingStep(m, optimizer, images, oneHot);
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    m.dispose();
  });

  it('the route ops leave the forward result unchanged', () => {
    const m = model('n=2;k=2,2;e=0-1,1-2;sem=exact');
    const anchor = flowAnchor();
    try {
      const [plain, probed] = tf.tidy(() => [
        Array.from(m.forward(images).logits.dataSync()),
        Array.from(
          m
            .forward(
              images,
              cotangentProbe(anchor, () => {}),
            )
            .logits.dataSync(),
        ),
      ]);
      expect(probed).toEqual(plain);
    } finally {
      anchor.dispose();
      m.dispose();
    }
  });
});

/**
 * For one configuration: ∂loss/∂h_a and ∂loss/∂O_a by tf.grads (a zero added to each value), and
 * the recorded cotangents of the routes, summed per source. Returns the largest difference.
 */
function routeSumError(text: string, simulator: QuanvSimulator): number {
  const m = model(text, simulator);
  const routes = routesOf(m.config);
  const anchor = flowAnchor();
  try {
    return tf.tidy(() => {
      const shapes = new Map<string, number[]>();
      m.forward(images, {
        route: (_, t) => t,
        value: (s, t) => (shapes.set(key(s), t.shape), t),
      });
      const keys = [...shapes.keys()];
      const cotangents = new Map<RouteId, tf.Tensor>();
      const recorder = cotangentProbe(anchor, (id, dy) => cotangents.set(id, tf.keep(dy.clone())));
      const lossOf = (...deltas: tf.Tensor[]) => {
        const probe: ForwardProbe = {
          route: recorder.route,
          value: (s, t) => tf.add(t, deltas[keys.indexOf(key(s))]) as tf.Tensor4D,
        };
        return crossEntropy(m.forward(images, probe).logits, oneHot);
      };
      const grads = tf.grads(lossOf)(keys.map((k) => tf.zeros(shapes.get(k)!)));
      const total = (k: string) => grads[keys.indexOf(k)];
      let worst = 0;
      for (const k of keys) {
        const into = routes.filter((r) => key(r.source) === k).map((r) => cotangents.get(r.id)!);
        // O_a hands its gradient on to h_a through the merge, which is not a route.
        const merge = k.startsWith('O') ? [total(`h${k.slice(1)}`)] : [];
        const parts = [...into, ...merge];
        expect(parts.length, `${text}: ${k} has consumers`).toBeGreaterThan(0);
        const diff = tf.max(tf.abs(tf.sub(tf.addN(parts), total(k)))).dataSync()[0];
        worst = Math.max(worst, diff);
      }
      tf.dispose([...cotangents.values()]);
      return worst;
    });
  } finally {
    anchor.dispose();
    m.dispose();
  }
}

describe('route cotangents add up to the gradient of the value they leave', () => {
  for (const semantics of ['measured', 'exact'] as const) {
    for (const tap of ['chained', 'raw'] as const) {
      it(`every configuration of 2 layers, ${semantics}, tap ${tap}, within 1e-5`, () => {
        for (const edges of allEdgeSubsets(2)) {
          const text = `n=2;k=2,2;e=${formatEdgeList(edges)};sem=${semantics};tap=${tap}`;
          expect(routeSumError(text, createFusedCpuSimulator()), text).toBeLessThan(1e-5);
        }
      });
    }
  }

  it('on the statevector simulator too, with a 3×3 layer and stride 2', () => {
    const text = 'n=2;k=2,3;e=0-1,0-2,1-2;sem=exact;tap=raw;s=2';
    expect(routeSumError(text, createTfjsOpSimulator())).toBeLessThan(1e-5);
  });
});
