/*
 * The dense head and the softmax cross-entropy of docs/model.md §2 on typed arrays: the same
 * numbers tf.matMul, tf.losses.softmaxCrossEntropy and the accuracy of trainingStep.ts give.
 */

export interface HeadShape {
  readonly rows: number;
  readonly features: number;
  readonly classes: number;
}

/** logits [rows, classes] = flat [rows, features] · weights [features, classes] + bias. */
export function headLogits(
  flat: Float32Array,
  weights: Float32Array,
  bias: Float32Array,
  { rows, features, classes }: HeadShape,
): Float32Array {
  const logits = new Float32Array(rows * classes);
  for (let r = 0; r < rows; r++) {
    const out = r * classes;
    for (let k = 0; k < classes; k++) logits[out + k] = bias[k];
    for (let f = 0; f < features; f++) {
      const x = flat[r * features + f];
      const row = f * classes;
      for (let k = 0; k < classes; k++) logits[out + k] += x * weights[row + k];
    }
  }
  return logits;
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
  { rows, features, classes }: HeadShape,
): { weights: Float32Array; bias: Float32Array; input: Float32Array } {
  const dW = new Float32Array(features * classes);
  const dB = new Float32Array(classes);
  const dX = new Float32Array(rows * features);
  for (let r = 0; r < rows; r++) {
    const g = r * classes;
    for (let k = 0; k < classes; k++) dB[k] += dLogits[g + k];
    for (let f = 0; f < features; f++) {
      const x = flat[r * features + f];
      const row = f * classes;
      let s = 0;
      for (let k = 0; k < classes; k++) {
        dW[row + k] += x * dLogits[g + k];
        s += weights[row + k] * dLogits[g + k];
      }
      dX[r * features + f] = s;
    }
  }
  return { weights: dW, bias: dB, input: dX };
}
