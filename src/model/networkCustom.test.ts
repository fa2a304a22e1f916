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
import { Adam } from './adam';
import { crossEntropy, trainingStep } from './trainingStep';
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

describe('controlled rotations under finite shots', () => {
  const circuit = 'n=1;k=2;g=rx0_crx01_ry1_cry12_crz23_rx3_ry2_h3_rx0_ry1;sem=measured';

  it('are accepted, and the shot gradient of every angle approaches the exact one (four-term rule)', async () => {
    const exact = gradients(circuit, createFusedCpuSimulator()).values[0];
    const model = new ResQuNN(
      ok(parseConfigText(`${circuit};shots=1000000`)),
      createFusedCpuSimulator(),
    );
    try {
      await model.prepareShots(images, { gradients: true });
      const angles = model.quanv[0].angles as tf.Variable;
      const { grads } = tf.variableGrads(
        () => crossEntropy(model.forward(images).logits, oneHot),
        [angles],
      );
      const shot = Array.from(grads[angles.name].dataSync());
      const [noise] = model.shotNoise().map((s) => s!.arraySync() as number);
      tf.dispose(Object.values(grads));
      expect(shot).toHaveLength(9);
      // A real gradient to estimate, well above the floor; the error is of the floor's size
      // (1.3 floors; the two-term rule would leave 13, its bias on the controlled angles).
      // Every control is turned by a later gate, so each controlled angle has both frequencies.
      const norm = (v: number[]) => Math.sqrt(v.reduce((a, b) => a + b * b, 0));
      const error = norm(shot.map((g, i) => g - exact[i]));
      expect(norm(exact)).toBeGreaterThan(20 * noise);
      expect(error / noise).toBeGreaterThan(0.2);
      expect(error / noise).toBeLessThan(3);
    } finally {
      model.dispose();
    }
  });

  it('train: a step moves the angles with a finite loss and reports the noise floor', async () => {
    const model = new ResQuNN(
      ok(parseConfigText(`${circuit};shots=500`)),
      createFusedCpuSimulator(),
    );
    const optimizer = new Adam(0.01);
    try {
      const before = Array.from(model.quanv[0].angles.dataSync());
      const readout = await trainingStep(model, optimizer, images, oneHot);
      expect(Number.isFinite(readout.loss)).toBe(true);
      expect(readout.gradNorms.Q1).toBeGreaterThan(0);
      expect(readout.shotNoise?.Q1).toBeGreaterThan(0);
      const after = Array.from(model.quanv[0].angles.dataSync());
      after.forEach((a, i) => expect(a, `angle ${i}`).not.toBe(before[i]));
    } finally {
      optimizer.dispose();
      model.dispose();
    }
  });
});
