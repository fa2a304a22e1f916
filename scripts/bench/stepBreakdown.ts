import * as tf from '@tensorflow/tfjs';
import { parseConfigText } from '../../src/model/configText';
import { IMAGE_SIDE } from '../../src/model/config';
import { CLASSES, ResQuNN } from '../../src/model/network';
import { trainingStep } from '../../src/model/trainingStep';
import { createFusedCpuSimulator } from '../../src/sim/simdKernelOp';
import { mulberry32 } from '../../src/sim/prng';
import { oneThread, setDefaultRunner, type KernelRunner } from '../../src/sim/simdKernel';
import { median } from './throughput';

/**
 * Where one training step of the default experiment goes, in ms, in Node on tfjs cpu with the
 * CPU kernel on one thread: the kernel's forward and backward (timed inside its runner), and
 * the rest of the step (window extraction, residual sums and channel mean, head, Adam, the
 * metrics' read-back) as one remainder: tfjs runs those as ordinary ops inside one
 * tf.variableGrads, so they are not timed one by one here.
 */
export interface StepBreakdown {
  readonly config: string;
  readonly step_ms: number;
  readonly kernel_forward_ms: number;
  readonly kernel_backward_ms: number;
  /** Everything outside the quantum kernel, and its share of the step (the issue's ≤ 25%). */
  readonly outside_kernel_ms: number;
  readonly outside_kernel_share: number;
}

export async function measureStepBreakdown(
  config = 'n=2;k=2,2;e=1-2',
  batch = 16,
  steps = 15,
): Promise<StepBreakdown> {
  const parsed = parseConfigText(config);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  let forward = 0;
  let backward = 0;
  const inner = oneThread();
  const timed: KernelRunner = {
    threads: 1,
    forward: (...a) => {
      const t = performance.now();
      inner.forward(...a);
      forward += performance.now() - t;
    },
    backward: (...a) => {
      const t = performance.now();
      inner.backward(...a);
      backward += performance.now() - t;
    },
  };
  setDefaultRunner(() => timed);
  const model = new ResQuNN(parsed.config, createFusedCpuSimulator());
  const optimizer = tf.train.adam(0.01);
  const random = mulberry32(5);
  const images = tf.tensor4d(
    Float32Array.from({ length: batch * IMAGE_SIDE * IMAGE_SIDE }, random),
    [batch, IMAGE_SIDE, IMAGE_SIDE, 1],
  );
  const labels = tf.tensor1d(
    Array.from({ length: batch }, (_, i) => i % CLASSES),
    'int32',
  );
  const oneHot = tf.oneHot(labels, CLASSES) as tf.Tensor2D;
  const rows: { step: number; f: number; b: number }[] = [];
  try {
    for (let s = 0; s <= steps; s++) {
      forward = backward = 0;
      const t = performance.now();
      await trainingStep(model, optimizer, images, oneHot);
      if (s > 0) rows.push({ step: performance.now() - t, f: forward, b: backward });
    }
  } finally {
    setDefaultRunner(null);
    tf.dispose([images, labels, oneHot]);
    model.dispose();
    optimizer.dispose();
  }
  const step = median(rows.map((r) => r.step));
  const f = median(rows.map((r) => r.f));
  const b = median(rows.map((r) => r.b));
  const outside = Math.max(0, step - f - b);
  return {
    config,
    step_ms: step,
    kernel_forward_ms: f,
    kernel_backward_ms: b,
    outside_kernel_ms: outside,
    outside_kernel_share: outside / step,
  };
}
