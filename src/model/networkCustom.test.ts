import * as tf from '../sim/tf';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFusedCpuSimulator } from '../sim/cpu/simdKernelOp';
import type { QuanvSimulator } from '../sim/simulator';
import { createTfjsOpSimulator } from '../sim/tfjsOps/tfjsOpSimulator';
import { parseConfigText } from './config/configText';
import { ok } from './config/testing/configFixtures';
import { ResQuNN } from './network';
import { crossEntropy } from './trainingStep';
import { mnistBatch } from './testing/mnistBatch';

/*
 * A layer's custom circuit is what the network runs, on every simulator path: a program of core
 * gates on the fused kernel as given, one with wider gates on the tfjs-op simulator.
 */

let images: tf.Tensor4D;
let oneHot: tf.Tensor2D;
beforeAll(async () => ({ images, oneHot } = await mnistBatch(2)));
afterAll(() => tf.dispose([images, oneHot]));

/** The loss gradient of every quanv angle, and whether the typed-array path would run. */
function gradients(text: string, simulator: QuanvSimulator) {
  const model = new ResQuNN(ok(parseConfigText(text)), simulator);
  try {
    const vars = model.quanv.map((q) => q.angles as tf.Variable);
    const { grads } = tf.variableGrads(
      () => crossEntropy(model.forward(images).logits, oneHot),
      vars,
    );
    const values = vars.map((v) => Array.from(grads[v.name].dataSync()));
    tf.dispose(Object.values(grads));
    return {
      values,
      arrays: model.arrayKernel() !== null,
      programs: model.quanv.map((q) => q.program),
    };
  } finally {
    model.dispose();
  }
}

describe('custom circuits in the network', () => {
  const reference = createTfjsOpSimulator({ preciseTrig: true });

  it('runs a layer’s custom circuit of wider gates on the fused kernel itself, the same as on tfjs ops', () => {
    const text = 'n=2;k=2,2;d=3,1;a=basic,ryrz;g=rx0_cz01_ry1_cx12_crz23_h3_ry3~0.4,-;sem=exact';
    const fused = gradients(text, createFusedCpuSimulator());
    const ops = gradients(text, reference);
    expect(fused.programs[0].paramCount).toBe(3);
    expect(fused.values[0]).toHaveLength(3);
    expect(fused.values[1]).toHaveLength(8);
    expect(fused.arrays).toBe(true); // the kernel runs the wider set (circuit/kernelGates.ts)
    expect(fused.values[0].some((g) => Math.abs(g) > 1e-6)).toBe(true);
    fused.values.flat().forEach((g, i) => expect(g).toBeCloseTo(ops.values.flat()[i], 5));
  });

  it('runs a core-gate custom circuit on the fused kernel itself', () => {
    const text = 'n=1;k=2;g=ry0_cx01_rx1_cx12_rz2_cx23_ry3;sem=exact';
    const fused = gradients(text, createFusedCpuSimulator());
    const ops = gradients(text, reference);
    expect(fused.arrays).toBe(true);
    expect(fused.values[0]).toHaveLength(4);
    fused.values[0].forEach((g, i) => expect(g).toBeCloseTo(ops.values[0][i], 5));
  });
});
