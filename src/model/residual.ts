import * as tf from '../sim/tf';

/*
 * Residual sums of docs/model.md §3: `h_b = O_b + Σ_{edges a→b} tap(a)`. The maps may differ in channels
 * (X has 1, a 2×2 layer 4, a 3×3 layer 9) and, with stride > 1 or `valid` padding, in size.
 */

/**
 * Bring `source` [B, H, W, C] to `target`'s height, width and channel count.
 * Size: adaptive average pooling (each target cell averages the source cells it covers), which
 * is plain 2×2 pooling in the common stride-2 case. Channels: a 1-channel map broadcasts over
 * all channels (docs/model.md §3); between two multi-channel maps of different counts (a 2×2 layer
 * feeding a 3×3 one, ours) the source is first averaged to one channel, then broadcast.
 */
export function matchMap(source: tf.Tensor4D, target: readonly number[]): tf.Tensor4D {
  const [, th, tw, tc] = target;
  const [, sh, sw, sc] = source.shape;
  let matched = source;
  if (sh !== th || sw !== tw) matched = adaptiveAvgPool(matched, th, tw);
  if (sc !== tc && sc !== 1) matched = tf.mean(matched, 3, true);
  return matched;
}

/**
 * The source cells each of `to` target cells averages when a side of `from` cells is pooled:
 * target i covers [⌊i·from/to⌋, ⌈(i+1)·from/to⌉), at least one cell.
 */
export function poolingRanges(from: number, to: number): { start: number; end: number }[] {
  return Array.from({ length: to }, (_, i) => {
    const start = Math.floor((i * from) / to);
    return { start, end: Math.max(start + 1, Math.ceil(((i + 1) * from) / to)) };
  });
}

/** The [to, from] matrix whose row i averages the source cells of poolingRanges(from, to)[i]. */
export function poolingMatrix(from: number, to: number): number[][] {
  return poolingRanges(from, to).map(({ start, end }) =>
    Array.from({ length: from }, (_, j) => (j >= start && j < end ? 1 / (end - start) : 0)),
  );
}

function adaptiveAvgPool(x: tf.Tensor4D, toH: number, toW: number): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const rows = tf.tensor2d(poolingMatrix(h, toH)); // [toH, h]
  const cols = tf.tensor2d(poolingMatrix(w, toW)); // [toW, w]
  // Pool rows: [toH, h] · [h, b·w·c]; then columns the same way on the transposed map.
  const byRow = tf.matMul(rows, tf.reshape(tf.transpose(x, [1, 0, 2, 3]), [h, b * w * c]));
  const rowsDone = tf.transpose(tf.reshape(byRow, [toH, b, w, c]), [2, 1, 0, 3]); // [w, b, toH, c]
  const byCol = tf.matMul(cols, tf.reshape(rowsDone, [w, b * toH * c]));
  return tf.transpose(tf.reshape(byCol, [toW, b, toH, c]), [1, 2, 0, 3]) as tf.Tensor4D;
}

/** `output + Σ sources`, each source matched to the output's shape first. */
export function residualSum(output: tf.Tensor4D, sources: readonly tf.Tensor4D[]): tf.Tensor4D {
  return sources.reduce<tf.Tensor4D>((sum, s) => tf.add(sum, matchMap(s, output.shape)), output);
}
