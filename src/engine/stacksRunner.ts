/*
 * Runs a deep-stack study in slices: initialisations until about `sliceMs` has passed, then a
 * progress message and a yield, so a cancel (or any message) is read between slices. The host
 * supplies the simulator and the data the base configuration names (the worker: MNIST from the
 * page's data folder, a user's dataset from this browser's store; Node: both from disk).
 */
import * as tf from '../sim/tf';
import type { QuanvSimulator } from '../sim/simulator';
import { DatasetError } from '../data/formats/datasetError';
import { MNIST_DATASET } from '../data/formats/datasetRef';
import { CLASSES } from '../model/network';
import {
  stackDataset,
  validateStackSettings,
  type StackSettings,
} from '../model/trainability/stackSettings';
import { StackStudy, type StackBatch } from '../model/trainability/stackStudy';
import { studyCommands } from './studyCommands';
import type { StacksEvent } from './stacksProtocol';
import type { TrainingData } from './trainingData';

export interface StacksRunnerHost {
  post(event: StacksEvent): void;
  /** Lets queued messages in (a macrotask in the worker). */
  yieldNow(): Promise<void>;
  now(): number;
  /**
   * The backend set up, its simulator, and `dataset` (`mnist` or a user's `name.hash`); a dataset
   * the host lacks is a DatasetError saying what to do. What loaded is reused by later calls.
   */
  prepare(dataset: string): Promise<{ simulator: QuanvSimulator; data: TrainingData }>;
}

/**
 * The fixed batch: the first `count` training images and their labels. A user's dataset may hold
 * fewer: say so, rather than measure on fewer than the settings (and the files) name.
 */
export function firstBatch(data: TrainingData, count: number): StackBatch {
  const { count: has, height, width } = data.train;
  if (count > has)
    throw new DatasetError(
      data.dataset ?? MNIST_DATASET,
      'mismatch',
      `the stack study's batch asks for ${count} training images, the dataset has ${has}`,
      `Set the batch to ${has} or less`,
    );
  return tf.tidy(() => ({
    images: tf.tensor4d(data.train.images.slice(0, count * height * width), [
      count,
      height,
      width,
      1,
    ]),
    oneHot: tf.oneHot(
      tf.tensor1d(Int32Array.from(data.train.labels.slice(0, count)), 'int32'),
      data.classes ?? CLASSES,
    ) as tf.Tensor2D,
  }));
}

/** Runs a study to its end (or its cancel), calling `slice` after each slice of work. */
export async function runStackStudy(
  settings: StackSettings,
  prepared: { simulator: QuanvSimulator; data: TrainingData },
  slice: (study: StackStudy) => Promise<boolean>,
  now: () => number,
  sliceMs: number,
): Promise<StackStudy> {
  const batch = firstBatch(prepared.data, settings.batch);
  try {
    const classes = prepared.data.classes ?? CLASSES;
    const study = new StackStudy(settings, prepared.simulator, batch, classes);
    while (!study.done) {
      const start = now();
      do await study.step();
      while (!study.done && now() - start < sliceMs);
      if (!(await slice(study))) break;
    }
    return study;
  } finally {
    tf.dispose([batch.images, batch.oneHot]);
  }
}

export function createStacksRunner(host: StacksRunnerHost, sliceMs = 100) {
  async function run(id: number, raw: unknown, stopped: () => boolean): Promise<void> {
    const checked = validateStackSettings(
      (raw ?? {}) as Parameters<typeof validateStackSettings>[0],
    );
    if (!checked.ok) {
      host.post({ type: 'error', id, message: checked.errors.join('; ') });
      return;
    }
    const started = host.now();
    const prepared = await host.prepare(stackDataset(checked.settings));
    await runStackStudy(
      checked.settings,
      prepared,
      async (study) => {
        host.post({
          type: 'progress',
          id,
          rows: study.rows(),
          norms: study.norms,
          progress: study.progress,
        });
        await host.yieldNow();
        return !stopped();
      },
      host.now,
      sliceMs,
    );
    host.post(
      stopped()
        ? { type: 'cancelled', id }
        : { type: 'done', id, seconds: (host.now() - started) / 1000 },
    );
  }

  return studyCommands<StackSettings>(run, host.post);
}
