import * as tf from './tf';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../util/prng';
import { extractWindows, windowGeometry, type Padding } from './windows/extractWindows';
import { quanvolve, type QuanvOptions } from './quanvolve';
import { jsqubitsExpectZ } from './reference/jsqubitsCircuit';
import { createTfjsOpSimulator } from './tfjsOps/tfjsOpSimulator';
import { compileCircuit } from './circuit/circuitProgram';
import type { QuanvSimulator } from './simulator';
import { flat, maxAbsDiff } from './testing/maxAbsDiff';

beforeAll(async () => {
  tf.enableProdMode();
  await tf.setBackend('cpu');
});

const simulator = createTfjsOpSimulator();

/** quanvolve with the ryrz program that angles [L, n, 2] belong to. */
function quanv(
  sim: QuanvSimulator,
  images: tf.Tensor4D,
  params: tf.Tensor3D,
  opts: QuanvOptions,
): tf.Tensor4D {
  const [depth, qubits] = params.shape;
  const program = compileCircuit({ family: 'ryrz', qubits, depth, structureSeed: 0 });
  return quanvolve(sim, program, images, params, opts);
}

/** Seeded images [b, h, w, c] with pixels in [lo, hi). */
function randomImages(shape: [number, number, number, number], seed: number, lo = 0, hi = 1) {
  const random = mulberry32(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor4d(
    Array.from({ length: size }, () => lo + (hi - lo) * random()),
    shape,
  );
}

/** Seeded angles [depth][n][θ, φ] in [0, 2π). */
function randomParams(n: number, depth: number, seed: number): number[][][] {
  const random = mulberry32(seed);
  return Array.from({ length: depth }, () =>
    Array.from({ length: n }, () => [2 * Math.PI * random(), 2 * Math.PI * random()]),
  );
}

const options = (
  kernel: 2 | 3,
  stride = 1,
  padding: Padding = 'same',
  inputGradient: QuanvOptions['inputGradient'] = 'exact',
): QuanvOptions => ({ kernel, stride, padding, inputGradient });

function run(images: tf.Tensor4D, params: number[][][], opts: QuanvOptions) {
  return tf.tidy(() =>
    quanv(simulator, images, tf.tensor3d(params), opts).arraySync(),
  ) as number[][][][];
}

describe('quanvolve', () => {
  it('returns [B, Ho, Wo, k²]', () => {
    const cases: [[number, number, number, number], QuanvOptions, number[]][] = [
      [[2, 6, 6, 1], options(2), [2, 6, 6, 4]],
      [[1, 5, 7, 3], options(3), [1, 5, 7, 9]],
      [[3, 7, 7, 1], options(3, 2, 'valid'), [3, 3, 3, 9]],
      [[1, 5, 4, 4], options(2, 2, 'same'), [1, 3, 2, 4]],
      [[2, 14, 14, 4], options(2, 1, 'valid'), [2, 13, 13, 4]],
    ];
    for (const [shape, opts, expected] of cases) {
      const images = tf.zeros(shape) as tf.Tensor4D;
      const params = randomParams(opts.kernel ** 2, 1, 1);
      const out = tf.tidy(() => quanv(simulator, images, tf.tensor3d(params), opts));
      expect(out.shape).toEqual(expected);
      expect(out.shape[1]).toBe(
        windowGeometry(shape[1], opts.kernel, opts.stride, opts.padding).out,
      );
      tf.dispose([images, out]);
    }
  });

  it('is the filter applied to every window: expectZ on extractWindows, reshaped', () => {
    const images = randomImages([2, 5, 6, 1], 11);
    const params = randomParams(4, 2, 12);
    const expected = tf.tidy(() => {
      const { windows, outHeight, outWidth } = extractWindows(images, 2, 1, 'same');
      return simulator
        .expectZ(
          compileCircuit({ family: 'ryrz', qubits: 4, depth: params.length, structureSeed: 0 }),
          windows,
          tf.tensor3d(params),
          'exact',
        )
        .reshape([2, outHeight, outWidth, 4])
        .arraySync();
    });
    expect(run(images, params, options(2))).toEqual(expected);
    images.dispose();
  });

  it('averages over channels: equals the mean of per-channel runs', () => {
    for (const [kernel, stride, padding, depth] of [
      [2, 1, 'same', 1],
      [3, 2, 'same', 2],
      [2, 1, 'valid', 3],
    ] as const) {
      const channels = 3;
      const images = randomImages([2, 6, 5, channels], 20 + depth, 0, 2);
      const params = randomParams(kernel * kernel, depth, 30 + depth);
      const opts = options(kernel, stride, padding);
      const mixed = run(images, params, opts);
      const perChannel = Array.from({ length: channels }, (_, ch) => {
        const one = tf.slice(images, [0, 0, 0, ch], [-1, -1, -1, 1]);
        const z = run(one, params, opts);
        one.dispose();
        return flat(z);
      });
      const mean = perChannel[0].map((_, i) => perChannel.reduce((s, z) => s + z[i], 0) / channels);
      expect(maxAbsDiff(mixed, mean)).toBeLessThan(1e-6);
      images.dispose();
    }
  });

  it.each([
    ['native trig', false],
    ['precise trig', true],
  ] as const)('matches jsqubits end to end, windows row-major (%s)', (_name, preciseTrig) => {
    const sim = createTfjsOpSimulator({ preciseTrig });
    const runSim = (images: tf.Tensor4D, params: number[][][], opts: QuanvOptions) =>
      tf.tidy(() => quanv(sim, images, tf.tensor3d(params), opts).arraySync());
    // 2×2 image, two channels, 'same': windows [a b c d], [b 0 d 0], [c d 0 0], [d 0 0 0]
    const pixels = [
      [0.1, 0.9],
      [0.7, 2.4],
      [0.3, 0.0],
      [1.0, 0.5],
    ]; // [pixel][channel], row-major a b c d
    const images = tf.tensor4d(flat(pixels), [1, 2, 2, 2]);
    const params = randomParams(4, 2, 40);
    const windowsOf = (ch: number) => {
      const [a, b, c, d] = pixels.map((p) => p[ch]);
      return [
        [a, b, c, d],
        [b, 0, d, 0],
        [c, d, 0, 0],
        [d, 0, 0, 0],
      ];
    };
    const expected = windowsOf(0).map((w0, i) => {
      const z0 = jsqubitsExpectZ(w0, params);
      const z1 = jsqubitsExpectZ(windowsOf(1)[i], params);
      return z0.map((z, j) => (z + z1[j]) / 2);
    });
    expect(maxAbsDiff(runSim(images, params, options(2)), expected)).toBeLessThan(1e-5);
    // a 3×3 image through a 3×3 kernel, 'valid': one window on 9 qubits
    const nine = [0.2, 0.4, 0.6, 0.8, 1, 0.1, 0.3, 0.5, 2.7];
    const params9 = randomParams(9, 2, 41);
    const z9 = runSim(tf.tensor4d(nine, [1, 3, 3, 1]), params9, options(3, 1, 'valid'));
    expect(maxAbsDiff(z9, jsqubitsExpectZ(nine, params9))).toBeLessThan(1e-4);
    images.dispose();
  });

  it('stays within [−1, 1], also for inputs above 1 (residual sums)', () => {
    for (const depth of [1, 2, 3]) {
      for (const kernel of [2, 3] as const) {
        const images = randomImages(kernel === 2 ? [2, 6, 6, 2] : [1, 4, 4, 2], 50 + depth, 0, 3);
        const z = flat(
          run(images, randomParams(kernel * kernel, depth, 60 + depth), options(kernel)),
        );
        expect(Math.max(...z.map(Math.abs))).toBeLessThanOrEqual(1 + 1e-6);
        // and not trivially (a product of many cosines is often small on 9 qubits)
        expect(Math.max(...z) - Math.min(...z)).toBeGreaterThan(0.1);
        images.dispose();
      }
    }
  });

  it("passes gradient to the images under 'exact', none under 'measured'; angles alike in both", () => {
    const images = randomImages([2, 4, 4, 2], 70);
    const params = tf.tensor3d(randomParams(4, 2, 71));
    const grads = (inputGradient: QuanvOptions['inputGradient']) =>
      tf.tidy(() => {
        const weights = tf.randomUniform([2, 4, 4, 4], -1, 1, 'float32', 72);
        const [gx, gp] = tf.grads((x: tf.Tensor, p: tf.Tensor) =>
          tf.sum(
            tf.mul(
              quanv(simulator, x as tf.Tensor4D, p as tf.Tensor3D, {
                ...options(2),
                inputGradient,
              }),
              weights,
            ),
          ),
        )([images, params]);
        return { images: flat(gx.arraySync()), params: flat(gp.arraySync()) };
      });
    const exact = grads('exact');
    const measured = grads('measured');
    expect(exact.images.filter((g) => Math.abs(g) > 1e-3).length).toBeGreaterThan(16);
    expect(measured.images.every((g) => g === 0)).toBe(true);
    expect(measured.params).toEqual(exact.params);
    expect(exact.params.some((g) => Math.abs(g) > 1e-3)).toBe(true);
    tf.dispose([images, params]);
  });

  it('leaks no tensors: only its result is left behind', () => {
    // 4 qubits: tfjs's CPU gradient of the ring's gather is slow on 9 (see tfjsOpSimulator.test.ts)
    const images = randomImages([2, 5, 5, 3], 80);
    const params = tf.tensor3d(randomParams(4, 2, 81));
    const opts = options(2, 1, 'same');
    const step = () =>
      tf.tidy(() => {
        quanv(simulator, images, params, opts);
        tf.grads((x: tf.Tensor, p: tf.Tensor) =>
          tf.sum(quanv(simulator, x as tf.Tensor4D, p as tf.Tensor3D, opts)),
        )([images, params]);
      });
    step(); // caches the simulator's constants
    const before = tf.memory().numTensors;
    for (let i = 0; i < 2; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    const out = quanv(simulator, images, params, opts);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([out, images, params]);
  });
});
