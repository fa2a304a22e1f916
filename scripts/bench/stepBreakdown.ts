import * as tf from '@tensorflow/tfjs-core';
import { Adam } from '../../src/model/adam';
import { parseConfigText } from '../../src/model/config/configText';
import { IMAGE_SIDE } from '../../src/model/config/config';
import { CLASSES, ResQuNN } from '../../src/model/network';
import { trainingStep } from '../../src/model/trainingStep';
import type { StepPart } from '../../src/model/typed/typedStep';
import { createFusedCpuSimulator } from '../../src/sim/cpu/simdKernelOp';
import { mulberry32 } from '../../src/util/prng';
import { oneThread, type KernelRunner } from '../../src/sim/cpu/simdKernel';
import { median } from './throughput';

/**
 * Where one training step of the default experiment goes, in ms (each a median over the steps), in
 * Node on tfjs cpu with the CPU kernel on one thread (or the runner given): the typed-array step (src/model/typed/)
 * times each part itself. `read_back_ms` is reading the batch and the parameters out of tfjs;
 * `optimizer_ms` is Adam plus writing the parameters back.
 */
export interface StepBreakdown {
  readonly config: string;
  readonly batch: number;
  readonly step_ms: number;
  readonly kernel_forward_ms: number;
  readonly kernel_backward_ms: number;
  readonly window_extraction_ms: number;
  readonly residual_sums_and_channel_mean_ms: number;
  readonly head_ms: number;
  readonly optimizer_ms: number;
  readonly read_back_ms: number;
  /** The step's time outside the quantum kernel, and its share of the step (the issue's ≤ 25%). */
  readonly outside_kernel_ms: number;
  readonly outside_kernel_share: number;
}

const KEYS: Record<StepPart, keyof StepBreakdown> = {
  kernelForward: 'kernel_forward_ms',
  kernelBackward: 'kernel_backward_ms',
  windows: 'window_extraction_ms',
  residual: 'residual_sums_and_channel_mean_ms',
  head: 'head_ms',
  optimizer: 'optimizer_ms',
  read: 'read_back_ms',
};

export async function measureStepBreakdown(
  config = 'n=2;k=2,2;e=1-2',
  batch = 16,
  steps = 30,
  runner: () => KernelRunner = oneThread,
): Promise<StepBreakdown> {
  const parsed = parseConfigText(config);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  const model = new ResQuNN(parsed.config, createFusedCpuSimulator(runner));
  const optimizer = new Adam(0.01);
  const random = mulberry32(5);
  const images = tf.tensor4d(
    Float32Array.from({ length: batch * IMAGE_SIDE * IMAGE_SIDE }, random),
    [batch, IMAGE_SIDE, IMAGE_SIDE, 1],
  );
  const oneHot = tf.tidy(() =>
    tf.oneHot(
      tf.tensor1d(
        Array.from({ length: batch }, (_, i) => i % CLASSES),
        'int32',
      ),
      CLASSES,
    ),
  ) as tf.Tensor2D;
  const rows: { step: number; parts: Map<StepPart, number> }[] = [];
  try {
    if (!model.arrayKernel()) throw new Error('the typed-array step does not apply here');
    for (let s = 0; s <= steps; s++) {
      const parts = new Map<StepPart, number>();
      const t = performance.now();
      await trainingStep(model, optimizer, images, oneHot, (part, ms) =>
        parts.set(part, (parts.get(part) ?? 0) + ms),
      );
      if (s > 0) rows.push({ step: performance.now() - t, parts });
    }
  } finally {
    tf.dispose([images, oneHot]);
    model.dispose();
    optimizer.dispose();
  }
  const result: Record<string, number | string> = {
    config,
    batch,
    step_ms: median(rows.map((r) => r.step)),
  };
  for (const [part, key] of Object.entries(KEYS) as [StepPart, string][]) {
    result[key] = median(rows.map((r) => r.parts.get(part) ?? 0));
  }
  // Per step: the time outside the kernel and its share; the medians of those.
  const outside = rows.map((r) => {
    const kernel = (r.parts.get('kernelForward') ?? 0) + (r.parts.get('kernelBackward') ?? 0);
    return { ms: Math.max(0, r.step - kernel), share: Math.max(0, r.step - kernel) / r.step };
  });
  result.outside_kernel_ms = median(outside.map((o) => o.ms));
  result.outside_kernel_share = median(outside.map((o) => o.share));
  return result as unknown as StepBreakdown;
}
