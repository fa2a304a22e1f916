import * as tf from '../sim/tf';

const BETA1 = 0.9;
const BETA2 = 0.999;
/** tfjs's float32 epsilon, which tf.train.adam uses when given none. */
const EPSILON = 1e-7;

/** The run's Adam constants, for a model export that continues it elsewhere (torch.optim.Adam). */
export const ADAM_CONSTANTS = { betas: [BETA1, BETA2], eps: EPSILON } as const;

/**
 * Everything Adam carries from one step to the next, by variable name, so a run restored from it
 * takes exactly the steps the uninterrupted run would have taken (a checkpoint, engine/checkpoint.ts).
 * The same for both ways of applying a step: a state taken on one path restores on the other.
 */
export interface AdamState {
  /** β₁ᵗ and β₂ᵗ after the t updates applied so far (float32 values). */
  readonly powerBeta1: number;
  readonly powerBeta2: number;
  /** First and second moments of every variable updated so far. */
  readonly moments: readonly {
    readonly name: string;
    readonly m: Float32Array;
    readonly v: Float32Array;
  }[];
}

/** The parts of tf.train.adam a checkpoint reads and writes (fields tfjs does not type as public). */
interface TfAdamInternals {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
}

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

  /** A restored state the tfjs optimiser takes on at its first update (it needs the gradients' order). */
  private pending: AdamState | null = null;
  /** Which of the two ways has been used: a snapshot reads that one's state. */
  private used: 'none' | 'tensors' | 'arrays' = 'none';

  constructor(readonly learningRate: number) {}

  applyTensors(grads: tf.NamedTensorMap): void {
    if (!this.tensors) {
      this.tensors = tf.train.adam(this.learningRate);
      if (this.pending) loadTfAdam(this.tensors, this.pending, Object.keys(grads));
    }
    this.used = 'tensors';
    this.tensors.applyGradients(grads);
  }

  /**
   * The state after the updates so far. `names` are the variables in the order `applyArrays`
   * receives them (the model's trainable variables).
   */
  async snapshot(names: readonly string[]): Promise<AdamState> {
    if (this.used === 'tensors' && this.tensors) {
      const inner = this.tensors as unknown as TfAdamInternals;
      const moments = await Promise.all(
        inner.accumulatedFirstMoment.flatMap((first, i) => {
          const second = inner.accumulatedSecondMoment[i];
          if (!first || !second) return [];
          return [
            (async () => ({
              name: first.originalName.replace(/\/m$/, ''),
              m: ((await first.variable.data()) as Float32Array).slice(),
              v: ((await second.variable.data()) as Float32Array).slice(),
            }))(),
          ];
        }),
      );
      const [b1] = await inner.accBeta1.data();
      const [b2] = await inner.accBeta2.data();
      return { powerBeta1: b1, powerBeta2: b2, moments };
    }
    if (this.used === 'none' && this.pending) return this.pending;
    return {
      powerBeta1: this.powerBeta1,
      powerBeta2: this.powerBeta2,
      moments: this.moments.flatMap((mv, i) =>
        mv ? [{ name: names[i], m: mv.m.slice(), v: mv.v.slice() }] : [],
      ),
    };
  }

  /** Continues from `state` (call before the first update); `names` as for snapshot. */
  restore(state: AdamState, names: readonly string[]): void {
    if (this.used !== 'none')
      throw new Error('Adam.restore: the optimiser has already taken steps');
    this.pending = state;
    this.powerBeta1 = state.powerBeta1;
    this.powerBeta2 = state.powerBeta2;
    const byName = new Map(state.moments.map((mv) => [mv.name, mv]));
    names.forEach((name, i) => {
      const mv = byName.get(name);
      if (mv) this.moments[i] = { m: mv.m.slice(), v: mv.v.slice() };
    });
  }

  /** values[i] −= lr · m̂ / (√v̂ + ε), moments per position i as tf.train.adam keeps them. */
  applyArrays(values: readonly Float32Array[], grads: readonly Float32Array[]): void {
    this.used = 'arrays';
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

/** Puts a restored state into a fresh tf.train.adam, its moments in the order it will update them. */
function loadTfAdam(optimizer: tf.Optimizer, state: AdamState, order: readonly string[]): void {
  const inner = optimizer as unknown as TfAdamInternals;
  const byName = new Map(state.moments.map((mv) => [mv.name, mv]));
  order.forEach((name, i) => {
    const mv = byName.get(name);
    if (!mv) return; // tfjs starts this one's moments at zero, as an uninterrupted run did
    const shape = tf.engine().registeredVariables[name]?.shape ?? [mv.m.length];
    inner.accumulatedFirstMoment[i] = {
      originalName: `${name}/m`,
      variable: variableOf(mv.m, shape),
    };
    inner.accumulatedSecondMoment[i] = {
      originalName: `${name}/v`,
      variable: variableOf(mv.v, shape),
    };
  });
  tf.tidy(() => {
    inner.accBeta1.assign(tf.scalar(state.powerBeta1));
    inner.accBeta2.assign(tf.scalar(state.powerBeta2));
  });
}

/** A non-trainable variable holding `values`; tf.variable leaves its initial tensor alive, so it is disposed. */
function variableOf(values: Float32Array, shape: readonly number[]): tf.Variable {
  const initial = tf.tensor(values, [...shape], 'float32');
  const variable = tf.variable(initial, false);
  initial.dispose();
  return variable;
}
