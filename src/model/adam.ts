import * as tf from '../sim/tf';

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
      this.moments[i] ??= { m: new Float32Array(value.length), v: new Float32Array(value.length) };
      const { m, v } = this.moments[i];
      adamUpdate(value, grads[i], m, v, this.learningRate, correction1, correction2);
    });
    this.powerBeta1 = Math.fround(this.powerBeta1 * BETA1);
    this.powerBeta2 = Math.fround(this.powerBeta2 * BETA2);
  }

  dispose(): void {
    this.tensors?.dispose();
  }
}

/** One Adam update of `value` in place; a plain function with its constants local, so V8 keeps the loop tight. */
function adamUpdate(
  value: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  learningRate: number,
  correction1: number,
  correction2: number,
): void {
  for (let k = 0; k < value.length; k++) {
    const gk = g[k];
    // Rounded to float32 as the moments are stored (and as tfjs computes them).
    const mk = Math.fround(BETA1 * m[k] + (1 - BETA1) * gk);
    const vk = Math.fround(BETA2 * v[k] + (1 - BETA2) * gk * gk);
    m[k] = mk;
    v[k] = vk;
    value[k] -= (learningRate * (mk / correction1)) / (Math.sqrt(vk / correction2) + EPSILON);
  }
}
