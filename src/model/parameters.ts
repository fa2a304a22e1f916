import * as tf from '@tensorflow/tfjs-core';
import type { ExperimentConfig } from './config/config';
import { layerProgram } from './layerProgram';
import { CLASSES, headInputSize, type ResQuNN } from './network';

/**
 * A model's parameters by name (`Q1/angles`, `H/weights`, `H/bias`): what a checkpoint keeps and
 * what the PyTorch export loads. Quanv angles are in their circuit program's flat parameter order
 * and shape (network.ts); the head's weights are [features, classes], features in the row-major
 * order of h_n's [height, width, channels].
 */
export interface NamedArray {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** Every parameter, frozen quanv layers' angles included, as copies. */
export async function readParameters(model: ResQuNN): Promise<NamedArray[]> {
  const tensors: { name: string; tensor: tf.Tensor }[] = [
    ...model.quanv.map((q, i) => ({ name: `Q${i + 1}/angles`, tensor: q.angles })),
    { name: 'H/weights', tensor: model.headWeights },
    { name: 'H/bias', tensor: model.headBias },
  ];
  return Promise.all(
    tensors.map(async ({ name, tensor }) => ({
      name,
      shape: [...tensor.shape],
      values: ((await tensor.data()) as Float32Array).slice(),
    })),
  );
}

/**
 * Sets every trainable variable from `parameters`; frozen angles come from the seed and are not
 * written. Throws, naming the parameter, where one is missing or has another shape: a checkpoint
 * of another configuration must not half-load.
 */
export function writeParameters(model: ResQuNN, parameters: readonly NamedArray[]): void {
  const byName = new Map(parameters.map((p) => [p.name, p]));
  const variables = model.trainableVariables();
  const checked = variables.map((v) => {
    const p = byName.get(v.name);
    if (!p) throw new Error(`the checkpoint has no parameter ${v.name}`);
    const same = p.shape.length === v.shape.length && p.shape.every((d, i) => d === v.shape[i]);
    if (!same || p.values.length !== v.size) {
      throw new Error(
        `the checkpoint's ${v.name} has shape [${p.shape.join(', ')}], the model's is [${v.shape.join(', ')}]`,
      );
    }
    return p.values;
  });
  tf.tidy(() => variables.forEach((v, i) => v.assign(tf.tensor(checked[i], v.shape, 'float32'))));
}

/** The name and shape of every parameter a configuration's network has, in readParameters' order. */
export function parameterShapes(
  config: ExperimentConfig,
  classes: number = CLASSES,
): { name: string; shape: number[] }[] {
  const quantum = config.model !== 'classical';
  return [
    ...(quantum
      ? config.layers.map((spec, i) => ({
          name: `Q${i + 1}/angles`,
          shape: [...layerProgram(spec, i, config.seed).paramShape],
        }))
      : []),
    { name: 'H/weights', shape: [headInputSize(config), classes] },
    { name: 'H/bias', shape: [classes] },
  ];
}

/** Why `parameters` cannot be this configuration's (a missing name, another shape), or null. */
export function parameterMismatch(
  config: ExperimentConfig,
  parameters: readonly NamedArray[],
): string | null {
  const byName = new Map(parameters.map((p) => [p.name, p]));
  // MNIST has 10 classes; a user's dataset has its own count, which its head's bias records (the
  // run built on that dataset then checks it against the data).
  const bias = byName.get('H/bias');
  const classes = config.dataset === 'mnist' || !bias ? CLASSES : bias.shape[0];
  for (const { name, shape } of parameterShapes(config, classes)) {
    const p = byName.get(name);
    if (!p) return `there is no parameter ${name}`;
    const same = p.shape.length === shape.length && p.shape.every((d, i) => d === shape[i]);
    if (!same || p.values.length !== shape.reduce((a, b) => a * b, 1)) {
      return `${name} has shape [${p.shape.join(', ')}], the model's is [${shape.join(', ')}]`;
    }
  }
  return null;
}
