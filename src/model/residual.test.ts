import * as tf from '../sim/tf';
// tfjs-core alone registers no gradients; the umbrella package did this for us.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../util/prng';
import { matchMap, poolingMatrix, residualSum } from './residual';

/** A [b, h, w, c] map of seeded values in [-1, 1]. */
function map(shape: [number, number, number, number], seed: number): tf.Tensor4D {
  const random = mulberry32(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor4d(
    Float32Array.from({ length: size }, () => random() * 2 - 1),
    shape,
  );
}

function close(a: tf.Tensor, b: tf.Tensor, digits = 5): void {
  expect(a.shape).toEqual(b.shape);
  const want = b.dataSync();
  a.dataSync().forEach((v, i) => expect(v).toBeCloseTo(want[i], digits));
}

beforeAll(async () => {
  tf.enableProdMode();
  await tf.setBackend('cpu');
});

describe('poolingMatrix', () => {
  it('is the identity when the sizes agree', () => {
    expect(poolingMatrix(3, 3)).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
  });

  it('averages disjoint pairs for an even halving (plain 2×2 pooling)', () => {
    expect(poolingMatrix(4, 2)).toEqual([
      [0.5, 0.5, 0, 0],
      [0, 0, 0.5, 0.5],
    ]);
  });

  it('covers every source cell, each row averaging a contiguous run, for odd sizes', () => {
    for (const [from, to] of [
      [7, 4],
      [14, 4],
      [14, 5],
      [12, 1],
      [10, 7],
    ]) {
      const m = poolingMatrix(from, to);
      expect(m).toHaveLength(to);
      const covered = new Set<number>();
      for (const row of m) {
        const cells = row.flatMap((v, j) => (v > 0 ? [j] : []));
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        expect(cells.every((j, k) => k === 0 || j === cells[k - 1] + 1)).toBe(true);
        expect(new Set(cells.map((j) => row[j])).size).toBe(1); // a plain mean
        cells.forEach((j) => covered.add(j));
      }
      expect(covered.size).toBe(from);
    }
    // 7 → 4: rows [0,1], [1,2,3], [3,4,5], [5,6].
    expect(poolingMatrix(7, 4).map((row) => row.flatMap((v, j) => (v > 0 ? [j] : [])))).toEqual([
      [0, 1],
      [1, 2, 3],
      [3, 4, 5],
      [5, 6],
    ]);
  });
});

describe('matchMap', () => {
  it('returns the source itself when it already fits, or is a 1-channel map to broadcast', () => {
    const x = map([2, 6, 6, 4], 1);
    expect(matchMap(x, [2, 6, 6, 4])).toBe(x);
    const one = map([2, 6, 6, 1], 2);
    expect(matchMap(one, [2, 6, 6, 9])).toBe(one);
    tf.dispose([x, one]);
  });

  it('halves an even map exactly as 2×2 average pooling does', () => {
    tf.tidy(() => {
      const x = map([2, 14, 14, 4], 3);
      close(matchMap(x, [2, 7, 7, 4]), tf.avgPool(x, 2, 2, 'valid'));
    });
  });

  it('pools an odd size adaptively: each target cell is the mean of the cells it covers', () => {
    tf.tidy(() => {
      const x = map([1, 7, 7, 1], 4);
      const got = matchMap(x, [1, 4, 4, 1]);
      const v = x.dataSync();
      const m = poolingMatrix(7, 4);
      for (let i = 0; i < 4; i++) {
        for (let j = 0; j < 4; j++) {
          let want = 0;
          for (let r = 0; r < 7; r++)
            for (let c = 0; c < 7; c++) want += m[i][r] * m[j][c] * v[r * 7 + c];
          expect(got.dataSync()[i * 4 + j]).toBeCloseTo(want, 5);
        }
      }
    });
  });

  it('averages a multi-channel map to one channel when the counts differ (4 → 9)', () => {
    tf.tidy(() => {
      const x = map([2, 5, 5, 4], 5);
      const got = matchMap(x, [2, 5, 5, 9]);
      close(got, tf.mean(x, 3, true));
      expect(got.shape).toEqual([2, 5, 5, 1]);
    });
  });

  it('pools and reduces channels together (a 3×3 layer fed by a stride-2 2×2 layer)', () => {
    tf.tidy(() => {
      const x = map([1, 14, 14, 4], 6);
      close(matchMap(x, [1, 7, 7, 9]), tf.mean(tf.avgPool(x, 2, 2, 'valid'), 3, true));
    });
  });
});

describe('residualSum', () => {
  it('is the output itself without sources', () => {
    const o = map([1, 4, 4, 4], 7);
    expect(residualSum(o, [])).toBe(o);
    o.dispose();
  });

  it('adds every source after matching it, broadcasting a 1-channel map over all channels', () => {
    tf.tidy(() => {
      const o = map([2, 7, 7, 4], 8);
      const x = map([2, 14, 14, 1], 9); // the image, larger (stride 2) and 1 channel
      const other = map([2, 7, 7, 9], 10); // a 3×3 layer's output
      const sum = residualSum(o, [x, other]);
      expect(sum.shape).toEqual([2, 7, 7, 4]);
      const want = tf.addN([
        o,
        tf.tile(tf.avgPool(x, 2, 2, 'valid'), [1, 1, 1, 4]),
        tf.tile(tf.mean(other, 3, true), [1, 1, 1, 4]),
      ]);
      close(sum, want);
    });
  });

  it('passes gradients back through pooling and broadcast (the residual path of docs/model.md §4)', () => {
    tf.tidy(() => {
      const o = map([1, 4, 4, 4], 11);
      const x = map([1, 7, 7, 1], 12);
      // d Σ(residualSum) / d x: each target cell spreads 1 per channel over the cells it averages.
      const dx = tf.grad((s: tf.Tensor) => tf.sum(residualSum(o, [s as tf.Tensor4D])))(x);
      const m = poolingMatrix(7, 4);
      const colSums = Array.from({ length: 7 }, (_, r) => m.reduce((a, row) => a + row[r], 0));
      const want = tf.tensor4d(
        Array.from({ length: 49 }, (_, k) => 4 * colSums[Math.floor(k / 7)] * colSums[k % 7]),
        [1, 7, 7, 1],
      );
      close(dx, want);
      // And the output's own gradient is 1 everywhere.
      const dOut = tf.grad((t: tf.Tensor) => tf.sum(residualSum(t as tf.Tensor4D, [x])))(o);
      close(dOut, tf.onesLike(o));
    });
  });

  it('leaves no intermediate tensor behind when run in a tidy', () => {
    const o = map([1, 7, 7, 4], 13);
    const x = map([1, 14, 14, 1], 14);
    const before = tf.memory().numTensors;
    const sum = tf.tidy(() => residualSum(o, [x, x]));
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([o, x, sum]);
  });
});
