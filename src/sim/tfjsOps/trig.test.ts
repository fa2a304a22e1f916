import * as tf from '../tf';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { nativeCosSin, preciseCosSin, type CosSin } from './trig';

beforeAll(async () => {
  tf.enableProdMode();
  await tf.setBackend('cpu');
});

/** A dense float32 grid over [lo, hi] plus the quadrant boundaries k·π/4 and their neighbours. */
function grid(lo: number, hi: number, count: number): Float32Array {
  const values: number[] = [];
  for (let i = 0; i < count; i++) values.push(lo + ((hi - lo) * i) / (count - 1));
  for (let k = Math.ceil((4 * lo) / Math.PI); k <= Math.floor((4 * hi) / Math.PI); k++) {
    if (k === 0) continue;
    const x = Math.fround((k * Math.PI) / 4);
    // the float32 neighbours of k·π/4, where round(x·2/π) may pick either quadrant
    const ulp = 2 ** (Math.floor(Math.log2(Math.abs(x))) - 23);
    for (const step of [-2, -1, 0, 1, 2]) values.push(x + step * ulp);
  }
  values.push(0, -0, Math.PI, -Math.PI, Math.PI / 2, -Math.PI / 2);
  return new Float32Array(values);
}

/** Largest |cos − Math.cos| and |sin − Math.sin| of `cosSin` on float32 inputs `xs`. */
function maxErrors(cosSin: CosSin, xs: Float32Array): { cos: number; sin: number } {
  const out = tf.tidy(() => cosSin(tf.tensor1d(xs)).dataSync());
  let cos = 0;
  let sin = 0;
  for (let i = 0; i < xs.length; i++) {
    cos = Math.max(cos, Math.abs(out[i] - Math.cos(xs[i])));
    sin = Math.max(sin, Math.abs(out[xs.length + i] - Math.sin(xs[i])));
  }
  return { cos, sin };
}

describe.each([
  ['preciseCosSin', preciseCosSin],
  ['nativeCosSin', nativeCosSin],
] as const)('%s', (_name, cosSin) => {
  it('is within 2e-7 of Math.cos / Math.sin over [-20, 20]', () => {
    const errors = maxErrors(cosSin, grid(-20, 20, 200_001));
    expect(errors.cos).toBeLessThan(2e-7);
    expect(errors.sin).toBeLessThan(2e-7);
  });

  it('stays within 2e-7 for large angles (|x| up to 1000)', () => {
    const errors = maxErrors(cosSin, grid(-1000, 1000, 100_001));
    expect(errors.cos).toBeLessThan(2e-7);
    expect(errors.sin).toBeLessThan(2e-7);
  });

  it('stacks cos and sin on a new leading axis', () => {
    const x = tf.tensor2d([
      [0, Math.PI / 2, Math.PI],
      [-Math.PI / 2, 1, -3],
    ]);
    const out = cosSin(x);
    expect(out.shape).toEqual([2, 2, 3]);
    const [cos, sin] = out.arraySync() as number[][][];
    const xs = x.arraySync();
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) {
        expect(cos[i][j]).toBeCloseTo(Math.cos(xs[i][j]), 6);
        expect(sin[i][j]).toBeCloseTo(Math.sin(xs[i][j]), 6);
      }
    }
    tf.dispose([x, out]);
  });

  it('has the gradient d cos = −sin, d sin = cos (chain rule included)', () => {
    const n = 2001;
    const xs = new Float32Array(n);
    const a = new Float32Array(n);
    const b = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      xs[i] = -20 + (40 * i) / (n - 1);
      a[i] = Math.sin(7 * i); // deterministic weights in [-1, 1]
      b[i] = Math.cos(3 * i);
    }
    const [direct, chained] = tf.tidy(() => {
      const x = tf.tensor1d(xs);
      const w = tf.stack([tf.tensor1d(a), tf.tensor1d(b)]);
      // f(x) = Σ a·cos x + b·sin x, and g(x) = f(x²/8) to exercise the chain rule
      const f = (t: tf.Tensor) => tf.sum(tf.mul(cosSin(t), w));
      const g = (t: tf.Tensor) => f(tf.div(tf.square(t), 8));
      return [tf.grad(f)(x).dataSync(), tf.grad(g)(x).dataSync()];
    });
    let errDirect = 0;
    let errChained = 0;
    for (let i = 0; i < n; i++) {
      const x = xs[i];
      const u = Math.fround(Math.fround(x * x) / 8);
      errDirect = Math.max(
        errDirect,
        Math.abs(direct[i] - (-a[i] * Math.sin(x) + b[i] * Math.cos(x))),
      );
      const expected = (-a[i] * Math.sin(u) + b[i] * Math.cos(u)) * (x / 4);
      // relative to the chain factor x/4 (up to 5)
      errChained = Math.max(errChained, Math.abs(chained[i] - expected) / Math.max(1, x / 4));
    }
    expect(errDirect).toBeLessThan(1e-6);
    expect(errChained).toBeLessThan(2e-6);
  });

  it('gives a gradient for cos alone (the sin half of the upstream gradient is zero)', () => {
    const xs = [-4, -1, 0, 0.5, 2, 7];
    const g = tf.tidy(() =>
      tf
        .grad((t: tf.Tensor) => tf.sum(tf.slice(cosSin(t), [0, 0], [1, -1])))(tf.tensor1d(xs))
        .arraySync(),
    ) as number[];
    g.forEach((v, i) => expect(v).toBeCloseTo(-Math.sin(xs[i]), 6));
  });

  it('leaks no tensors', () => {
    const x = tf.tensor1d([0.1, 2, -7, 19]);
    const run = () =>
      tf.tidy(() => {
        cosSin(x);
        tf.grad((t: tf.Tensor) => tf.sum(cosSin(t)))(x);
      });
    run();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) run();
    expect(tf.memory().numTensors).toBe(before);
    const out = cosSin(x);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([x, out]);
  });
});
