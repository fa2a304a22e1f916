import * as tf from '@tensorflow/tfjs-core';

const BETA1 = 0.9;
const BETA2 = 0.999;
/** tfjs's float32 epsilon, which tf.train.adam uses when given none. */
const EPSILON = 1e-7;

/**
 * The run's Adam (docs/model.md §2: learning rate from the configuration, tfjs's default betas and
 * epsilon). Two ways to apply a step, one state each: `applyTensors` hands tfjs gradients to
 * tf.train.adam (the GPU backends and shots, where the values stay on the device);
 * `applyArrays` updates typed arrays in place with the same rule (the typed-array step on
 * cpu/wasm, where a tfjs optimiser's ~10 ops per variable cost more than the arithmetic). A run
 * uses one of the two throughout.
 */
export class Adam {
  private tensors: tf.Optimizer | null = null;
  private readonly moments: { m: Float32Array; v: Float32Array }[] = [];
  /** β₁ᵗ and β₂ᵗ, kept in float32 as tfjs keeps them. */
  private powerBeta1 = Math.fround(BETA1);
  private powerBeta2 = Math.fround(BETA2);

  constructor(readonly learningRate: number) {}

  applyTensors(grads: tf.NamedTensorMap): void {
    this.tensors ??= tf.train.adam(this.learningRate);
    this.tensors.applyGradients(grads);
  }

  /** values[i] −= lr · m̂ / (√v̂ + ε), moments per position i as tf.train.adam keeps them. */
  applyArrays(values: readonly Float32Array[], grads: readonly Float32Array[]): void {
    const correction1 = 1 - this.powerBeta1;
    const correction2 = 1 - this.powerBeta2;
    values.forEach((value, i) => {
      const g = grads[i];
      this.moments[i] ??= { m: new Float32Array(value.length), v: new Float32Array(value.length) };
      const { m, v } = this.moments[i];
      for (let k = 0; k < value.length; k++) {
        m[k] = BETA1 * m[k] + (1 - BETA1) * g[k];
        v[k] = BETA2 * v[k] + (1 - BETA2) * g[k] * g[k];
        value[k] -=
          (this.learningRate * (m[k] / correction1)) / (Math.sqrt(v[k] / correction2) + EPSILON);
      }
    });
    this.powerBeta1 = Math.fround(this.powerBeta1 * BETA1);
    this.powerBeta2 = Math.fround(this.powerBeta2 * BETA2);
  }

  dispose(): void {
    this.tensors?.dispose();
  }
}
