import * as tf from '../sim/tf';
import type { Digits } from '../data/digits';
import { batchIndices, batchesPerEpoch, epochOrder } from '../data/batches';
import { formatConfigText } from '../model/config/configText';
import type { EpochMetrics, StepMetrics } from '../model/metrics';
import { IMAGE_SIDE, type ExperimentConfig } from '../model/config/config';
import { Adam } from '../model/adam';
import { CLASSES, ResQuNN } from '../model/network';
import { DatasetError } from '../data/formats/datasetError';
import { EVALUATION_CHUNK, evaluate, trainingStep, type StepReadout } from '../model/trainingStep';
import { deriveSeed } from '../util/prng';
import type { QuanvSimulator } from '../sim/simulator';
import type { InspectResult } from './protocol';
import type { RunSnapshot } from './checkpoint';
import { readParameters, writeParameters } from '../model/parameters';
import { exportModel, type ModelExport } from '../model/export/exportModel';
import type { TrainingData } from './trainingData';

export type StepOutcome =
  | { readonly kind: 'ok'; readonly step: StepMetrics; readonly epoch: EpochMetrics | null }
  | { readonly kind: 'diverged'; readonly step: StepMetrics; readonly layer: string };

/** Tags that keep the shot streams of steps, evaluations and inspections apart (docs/model.md §6). */
const SHOT_STEP = 1;
const SHOT_EVALUATION = 2;
const SHOT_INSPECTION = 3;

/**
 * One run of one configuration from its seed: the data on the device, the network, Adam, and
 * the step counter. Batches follow data/batches.ts (fixed shapes, the last batch wrapping).
 */
export class TrainingRun {
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  private completed = 0;
  private order: Uint32Array = new Uint32Array(0);
  private readonly model: ResQuNN;
  private readonly optimizer: Adam;
  private readonly trainImages: tf.Tensor4D;
  private readonly trainLabels: tf.Tensor2D;
  private readonly testImages: tf.Tensor4D;
  private readonly testLabels: tf.Tensor2D;
  /** The test labels as numbers, for the model export. */
  private readonly testClasses: Uint8Array;
  /** The training images and labels as numbers, which each step's batch is copied from. */
  private readonly trainDigits: Digits;
  private readonly classes: number;

  constructor(
    readonly config: ExperimentConfig,
    simulator: QuanvSimulator,
    data: TrainingData,
    /** Awaited between evaluation chunks (the host's yield, so the worker answers pings). */
    private readonly yieldToEvents?: () => Promise<void>,
  ) {
    checkSizes(config, data);
    this.stepsPerEpoch = batchesPerEpoch(config.trainSize, config.batchSize);
    this.totalSteps = this.stepsPerEpoch * config.epochs;
    const classes = data.classes ?? CLASSES;
    this.classes = classes;
    this.trainDigits = data.train;
    [this.trainImages, this.trainLabels] = toTensors(data.train, config.trainSize, classes);
    [this.testImages, this.testLabels] = toTensors(data.test, config.testSize, classes);
    this.model = new ResQuNN(config, simulator, classes);
    this.testClasses = data.test.labels.slice(0, this.testImages.shape[0]);
    this.optimizer = new Adam(config.learningRate);
  }

  get stepsDone(): number {
    return this.completed;
  }

  get finished(): boolean {
    return this.completed >= this.totalSteps;
  }

  /** Runs the next step; at the end of an epoch also measures train and test accuracy. */
  async step(): Promise<StepOutcome> {
    const started = performance.now();
    const epoch = Math.floor(this.completed / this.stepsPerEpoch) + 1;
    const inEpoch = this.completed % this.stepsPerEpoch;
    if (inEpoch === 0) this.order = epochOrder(this.config.trainSize, this.config.seed, epoch);
    const batch = batchIndices(this.order, inEpoch, this.config.batchSize);
    const [images, labels] = batchTensors(this.trainDigits, batch, this.classes);
    let readout: StepReadout;
    // docs/model.md §6: the shots of a step are drawn from the run's seed and the step.
    this.model.setShotSeed(deriveSeed(this.config.seed, SHOT_STEP, this.completed));
    try {
      readout = await trainingStep(this.model, this.optimizer, images, labels);
    } finally {
      tf.dispose([images, labels]); // also when the step throws (a lost GPU device)
    }
    this.completed += 1;
    const step: StepMetrics = {
      step: this.completed,
      epoch,
      loss: readout.loss,
      batchAccuracy: readout.batchAccuracy,
      gradNorms: readout.gradNorms,
      flowNorms: readout.flowNorms,
      ...(readout.shotNoise ? { shotNoise: readout.shotNoise } : {}),
      millis: performance.now() - started,
    };
    const nonFinite = Object.entries(readout.gradNorms).find(([, v]) => !Number.isFinite(v));
    if (!Number.isFinite(readout.loss) || nonFinite) {
      return { kind: 'diverged', step, layer: nonFinite ? nonFinite[0] : 'loss' };
    }
    const epochDone = this.completed % this.stepsPerEpoch === 0;
    return { kind: 'ok', step, epoch: epochDone ? await this.measureEpoch(epoch) : null };
  }

  private async measureEpoch(epoch: number): Promise<EpochMetrics> {
    this.model.setShotSeed(deriveSeed(this.config.seed, SHOT_EVALUATION, epoch));
    const chunk = EVALUATION_CHUNK;
    const between = this.yieldToEvents;
    const train = await evaluate(this.model, this.trainImages, this.trainLabels, chunk, between);
    const test = await evaluate(this.model, this.testImages, this.testLabels, chunk, between);
    return {
      epoch,
      step: this.completed,
      trainAccuracy: train.accuracy,
      testAccuracy: test.accuracy,
      trainLoss: train.loss,
      testLoss: test.loss,
    };
  }

  /** Every quanv layer's output channels and the class probabilities for one 14×14 image. */
  async inspect(image: Float32Array, requestId: number): Promise<InspectResult> {
    this.model.setShotSeed(deriveSeed(this.config.seed, SHOT_INSPECTION, requestId));
    const x = tf.tensor4d(image, [1, IMAGE_SIDE, IMAGE_SIDE, 1]);
    let pass: { maps: tf.Tensor3D[]; probabilities: tf.Tensor; side: number };
    try {
      await this.model.prepareShots(x);
      pass = tf.tidy(() => {
        const { outputs, logits } = this.model.forward(x);
        return {
          maps: outputs.map((o) => tf.transpose(o.squeeze([0]), [2, 0, 1]) as tf.Tensor3D),
          probabilities: tf.squeeze(tf.softmax(logits)),
          side: outputs.length > 0 ? outputs[0].shape[1] : IMAGE_SIDE,
        };
      });
    } finally {
      x.dispose();
    }
    const { maps, probabilities, side } = pass;
    const mapValues = await Promise.all(maps.map((m) => m.data() as Promise<Float32Array>));
    const probs = Array.from(await probabilities.data());
    const angles = await Promise.all(
      this.model.quanv.map((q) => q.angles.data() as Promise<Float32Array>),
    );
    tf.dispose([...maps, probabilities]);
    return {
      requestId,
      config: formatConfigText(this.config),
      maps: mapValues.map((values, i) => {
        const [channels, h, w] = maps[i].shape;
        return Array.from({ length: channels }, (_, c) => values.slice(c * h * w, (c + 1) * h * w));
      }),
      height: side,
      width: side,
      probabilities: probs,
      angles,
    };
  }

  /** Everything the next step depends on beyond the configuration (engine/checkpoint.ts). */
  async snapshot(): Promise<RunSnapshot> {
    const names = this.model.trainableVariables().map((v) => v.name);
    return {
      config: formatConfigText(this.config),
      step: this.completed,
      parameters: await readParameters(this.model),
      optimizer: await this.optimizer.snapshot(names),
    };
  }

  /**
   * Continues from `snapshot` (of this configuration; call before the first step): the next step
   * is `snapshot.step + 1` and equals the uninterrupted run's bit for bit. Throws, naming what
   * does not fit, and changes nothing then.
   */
  restore(snapshot: RunSnapshot): void {
    if (this.completed > 0) throw new Error('a run restores only before its first step');
    if (snapshot.config !== formatConfigText(this.config)) {
      throw new Error(
        `the checkpoint is of ${snapshot.config}, not of ${formatConfigText(this.config)}`,
      );
    }
    if (snapshot.step > this.totalSteps) {
      throw new Error(
        `the checkpoint is at step ${snapshot.step}, past this run's ${this.totalSteps} steps`,
      );
    }
    writeParameters(this.model, snapshot.parameters);
    const names = this.model.trainableVariables().map((v) => v.name);
    this.optimizer.restore(snapshot.optimizer, names);
    this.completed = snapshot.step;
    // A step within an epoch reads the epoch's order, which step() draws only at the epoch's start.
    const epoch = Math.floor(this.completed / this.stepsPerEpoch) + 1;
    this.order = epochOrder(this.config.trainSize, this.config.seed, epoch);
  }

  /** The model as it is now, with its test set and logits, for PyTorch (model/export/). */
  async exportModel(): Promise<ModelExport> {
    const { optimizer } = await this.snapshot();
    return exportModel(this.model, this.completed, this.testImages, this.testClasses, optimizer);
  }

  /** Makes every parameter NaN, for tests of the divergence stop (TrainingEngine.injectDivergence). */
  poison(): void {
    tf.tidy(() => this.model.trainableVariables().forEach((v) => v.assign(tf.mul(v, NaN))));
  }

  dispose(): void {
    this.model.dispose();
    this.optimizer.dispose();
    tf.dispose([this.trainImages, this.trainLabels, this.testImages, this.testLabels]);
  }
}

/**
 * A user's dataset may hold fewer images than the configuration asks for (the limits of a
 * configuration are the built-in split's): say so, rather than train on fewer or fail in tfjs.
 */
function checkSizes(config: ExperimentConfig, data: TrainingData): void {
  const name = data.dataset ?? config.dataset;
  for (const [set, key, asked, has] of [
    ['training', 'train', config.trainSize, data.train.count],
    ['test', 'test', config.testSize, data.test.count],
  ] as const) {
    if (asked > has) {
      throw new DatasetError(
        name,
        'mismatch',
        `the configuration asks for ${asked} ${set} images, the dataset has ${has}`,
        `Set the ${set} set size (${key}=) to ${has} or less`,
      );
    }
  }
}

/** The first `count` images as [count, 14, 14, 1] and one-hot labels over `classes`. */
function toTensors(digits: Digits, count: number, classes: number): [tf.Tensor4D, tf.Tensor2D] {
  const n = Math.min(count, digits.count);
  const pixels = digits.height * digits.width;
  const images = tf.tensor4d(digits.images.subarray(0, n * pixels), [
    n,
    digits.height,
    digits.width,
    1,
  ]);
  const labels = tf.tidy(() =>
    tf.oneHot(tf.tensor1d(digits.labels.subarray(0, n), 'int32'), classes),
  );
  return [images, labels as tf.Tensor2D];
}

/**
 * A batch as tensors, copied from the typed arrays: the same values as gathering the rows of
 * toTensors' tensors, without tfjs cpu's gather, which computes every element's index through a
 * TensorBuffer (~70 µs a batch, 8% of the default experiment's epoch in Node).
 */
function batchTensors(
  digits: Digits,
  batch: ArrayLike<number>,
  classes: number,
): [tf.Tensor4D, tf.Tensor2D] {
  const pixels = digits.height * digits.width;
  const images = new Float32Array(batch.length * pixels);
  const labels = new Float32Array(batch.length * classes);
  for (let i = 0; i < batch.length; i++) {
    const row = batch[i];
    images.set(digits.images.subarray(row * pixels, (row + 1) * pixels), i * pixels);
    // As tf.oneHot: a label outside [0, classes) is a row of zeros, not the next row's 1.
    if (digits.labels[row] < classes) labels[i * classes + digits.labels[row]] = 1;
  }
  return [
    tf.tensor4d(images, [batch.length, digits.height, digits.width, 1]),
    tf.tensor2d(labels, [batch.length, classes]),
  ];
}
