/*
 * The dense head and the softmax cross-entropy of docs/model.md §2 on typed arrays: the same
 * numbers tf.matMul, tf.losses.softmaxCrossEntropy and the accuracy of trainingStep.ts give. The
 * products run in WebAssembly SIMD (src/sim/denseSimd.ts).
 */
import { denseSimd, type DenseShape } from '../../sim/cpu/denseSimd';

export type HeadShape = DenseShape;

/** logits [rows, classes] = flat [rows, features] · weights [features, classes] + bias. */
export function headLogits(
  flat: Float32Array,
  weights: Float32Array,
  bias: Float32Array,
  shape: HeadShape,
): Float32Array {
  return denseSimd().logits(flat, weights, bias, shape);
}

export interface LossOutcome {
  /** Summed over the rows (divide by rows for the mean). */
  readonly lossSum: number;
  /** Rows whose first largest logit is the first largest target entry (tf.argMax's ties). */
  readonly correct: number;
  /** ∂(mean loss)/∂logits; null when not asked for. */
  readonly dLogits: Float32Array | null;
}

/** Softmax cross-entropy of logits against targets (one-hot rows), per row −Σ y·log softmax. */
export function softmaxCrossEntropy(
  logits: Float32Array,
  targets: Float32Array,
  rows: number,
  classes: number,
  withGradient: boolean,
): LossOutcome {
  let lossSum = 0;
  let correct = 0;
  const dLogits = withGradient ? new Float32Array(rows * classes) : null;
  const e = new Float64Array(classes);
  for (let r = 0; r < rows; r++) {
    const o = r * classes;
    let max = -Infinity;
    let best = 0;
    let label = 0;
    for (let k = 0; k < classes; k++) {
      if (logits[o + k] > max) {
        max = logits[o + k];
        best = k;
      }
      if (targets[o + k] > targets[o + label]) label = k;
    }
    if (best === label) correct++;
    let total = 0;
    for (let k = 0; k < classes; k++) total += e[k] = Math.exp(logits[o + k] - max);
    const logTotal = Math.log(total) + max;
    let mass = 0;
    for (let k = 0; k < classes; k++) {
      lossSum -= targets[o + k] * (logits[o + k] - logTotal);
      mass += targets[o + k];
    }
    if (dLogits) {
      for (let k = 0; k < classes; k++) {
        dLogits[o + k] = ((mass * e[k]) / total - targets[o + k]) / rows;
      }
    }
  }
  return { lossSum, correct, dLogits };
}

/** The head's backward pass: ∂/∂weights, ∂/∂bias and the cotangent of its input. */
export function headGradients(
  flat: Float32Array,
  weights: Float32Array,
  dLogits: Float32Array,
  shape: HeadShape,
): { weights: Float32Array; bias: Float32Array; input: Float32Array } {
  const { rows, classes } = shape;
  const bias = new Float32Array(classes);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < classes; k++) bias[k] += dLogits[r * classes + k];
  }
  return { ...denseSimd().gradients(flat, weights, dLogits, shape), bias };
}
