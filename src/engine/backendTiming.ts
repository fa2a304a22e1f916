import * as tf from '../sim/tf';
import { Adam } from '../model/adam';
import { IMAGE_SIDE, type ExperimentConfig } from '../model/config/config';
import { CLASSES, ResQuNN } from '../model/network';
import { trainingStep } from '../model/trainingStep';
import { mulberry32 } from '../util/prng';
import type { QuanvSimulator } from '../sim/simulator';

/** How long the timing of one backend may take: a few steps, fewer when a step is slow. */
export interface TimingBudget {
  /** Steps timed after the warm-up (which compiles kernels and shaders and is not counted). */
  readonly steps: number;
  /** No further step starts once this many ms went by, warm-up included. */
  readonly budgetMs: number;
}

export const DEFAULT_TIMING: TimingBudget = { steps: 3, budgetMs: 400 };

/**
 * The median time of a training step of `config` on the active tfjs backend with `simulator`, in
 * ms: a network of its own (the configuration's seed, a batch of its batch size of fixed random
 * images), so the run itself, its parameters and its random streams are not touched. When the
 * warm-up alone used the budget, that step is the answer: such a backend is far behind anyway.
 */
export async function timeTrainingSteps(
  config: ExperimentConfig,
  simulator: QuanvSimulator,
  now: () => number,
  budget: TimingBudget = DEFAULT_TIMING,
): Promise<number> {
  const model = new ResQuNN(config, simulator);
  const optimizer = new Adam(config.learningRate);
  const random = mulberry32(1);
  const batch = config.batchSize;
  const images = tf.tensor4d(
    Float32Array.from({ length: batch * IMAGE_SIDE * IMAGE_SIDE }, random),
    [batch, IMAGE_SIDE, IMAGE_SIDE, 1],
  );
  const labels = tf.tidy(
    () =>
      tf.oneHot(
        tf.tensor1d(
          Array.from({ length: batch }, (_, i) => i % CLASSES),
          'int32',
        ),
        CLASSES,
      ) as tf.Tensor2D,
  );
  try {
    const started = now();
    await trainingStep(model, optimizer, images, labels);
    const warmUp = now() - started;
    const times: number[] = [];
    while (times.length < budget.steps && now() - started < budget.budgetMs) {
      const t = now();
      await trainingStep(model, optimizer, images, labels);
      times.push(now() - t);
    }
    if (times.length === 0) return warmUp;
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  } finally {
    model.dispose();
    optimizer.dispose();
    tf.dispose([images, labels]);
  }
}
