import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { binomial, shotEstimates } from './binomial';
import { compileCircuit } from './circuitProgram';
import { createFusedCpuSimulator } from './simdKernelOp';
import { mulberry32 } from './prng';
import { withShots } from './shotSimulator';
import { createTfjsOpSimulator } from './tfjsOpSimulator';

beforeAll(async () => {
  tf.enableProdMode();
  await tf.setBackend('cpu');
});

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: readonly number[]) => {
  const m = mean(xs);
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
};

describe('binomial', () => {
  it.each([
    [1, 0.3],
    [10, 0.5],
    [1000, 0.02],
    [1000, 0.97],
    [1_000_000, 0.4],
  ])('n = %i, p = %f: mean n·p within 4 SE, variance n·p·(1−p) within 10%%', (n, p) => {
    const random = mulberry32(n + Math.round(p * 1000));
    const draws = Array.from({ length: 4000 }, () => binomial(n, p, random));
    expect(draws.every((k) => Number.isInteger(k) && k >= 0 && k <= n)).toBe(true);
    const sd = Math.sqrt(n * p * (1 - p));
    expect(Math.abs(mean(draws) - n * p)).toBeLessThan((4 * sd) / Math.sqrt(draws.length));
    expect(variance(draws) / (sd * sd)).toBeGreaterThan(0.9);
    expect(variance(draws) / (sd * sd)).toBeLessThan(1.1);
  });

  it('draws each k of Binomial(6, 0.35) with its probability (4 SE)', () => {
    const random = mulberry32(3);
    const count = 20000;
    const seen = new Array<number>(7).fill(0);
    for (let i = 0; i < count; i++) seen[binomial(6, 0.35, random)]++;
    let choose = 1;
    for (let k = 0; k <= 6; k++) {
      const pk = choose * 0.35 ** k * 0.65 ** (6 - k);
      const se = Math.sqrt((pk * (1 - pk)) / count);
      expect(Math.abs(seen[k] / count - pk), `k = ${k}`).toBeLessThan(4 * se + 1e-4);
      choose = (choose * (6 - k)) / (k + 1);
    }
  });

  it('is exact at the edges: p = 0 gives 0, p = 1 gives n', () => {
    const random = mulberry32(1);
    expect(binomial(100, 0, random)).toBe(0);
    expect(binomial(100, 1, random)).toBe(100);
  });
});

const program = compileCircuit({ family: 'strong', qubits: 4, depth: 2, structureSeed: 0 });
const inputs = (seed: number) => {
  const random = mulberry32(seed);
  return {
    x: Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => random())),
    p: Array.from({ length: program.paramCount }, () => 2 * Math.PI * random()),
    w: Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => 2 * random() - 1)),
  };
};
const exactSim = createFusedCpuSimulator();

function exactValues(x: number[][], p: number[]): number[] {
  return tf.tidy(() =>
    Array.from(exactSim.expectZ(program, tf.tensor2d(x), tf.tensor1d(p), 'exact').dataSync()),
  );
}

describe('shot estimates', () => {
  it('are unbiased (mean over 400 seeds within 3 SE) with the binomial spread (1 − z²)/S', () => {
    const { x, p } = inputs(1);
    const z = exactValues(x, p);
    const shots = 200;
    const runs = Array.from({ length: 400 }, (_, seed) =>
      Array.from(shotEstimates(z, shots, mulberry32(1000 + seed))),
    );
    z.forEach((zk, k) => {
      const samples = runs.map((r) => r[k]);
      const expectedVar = (1 - zk * zk) / shots;
      const se = Math.sqrt(expectedVar / samples.length);
      expect(Math.abs(mean(samples) - zk), `entry ${k}`).toBeLessThan(3 * se + 1e-9);
      // the sample variance of 400 draws is within ~±20% (4 SE of a variance estimate: √(2/399) ≈ 7%)
      if (expectedVar > 1e-4) {
        expect(variance(samples) / expectedVar, `entry ${k}`).toBeGreaterThan(0.72);
        expect(variance(samples) / expectedVar, `entry ${k}`).toBeLessThan(1.28);
      }
      // every estimate is a multiple of 2/S in [−1, 1]
      for (const s of samples)
        expect(Math.abs(((1 - s) * shots) / 2 - Math.round(((1 - s) * shots) / 2))).toBeLessThan(
          1e-3,
        );
    });
  });
});

describe('withShots', () => {
  /** ∂(Σ w·⟨Z⟩) by the wrapper (shots) and exactly by the fused CPU kernel. */
  function gradients(shots: number, seed: number, mode: 'exact' | 'measured') {
    const { x, p, w } = inputs(2);
    return tf.tidy(() => {
      const weights = tf.tensor2d(w);
      const f = (sim: typeof exactSim) => (a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(sim.expectZ(program, a as tf.Tensor2D, b, mode), weights));
      const args = [tf.tensor2d(x), tf.tensor1d(p)];
      const sim = withShots(createTfjsOpSimulator(), shots, mulberry32(seed));
      const [gx, gp] = tf.grads(f(sim))(args);
      const [ex, ep] = tf.grads(f(exactSim))(args);
      return {
        shot: { x: Array.from(gx.dataSync()), p: Array.from(gp.dataSync()) },
        exact: { x: Array.from(ex.dataSync()), p: Array.from(ep.dataSync()) },
        noise: sim.lastNoise().gradientNoise,
      };
    });
  }
  const rms = (a: number[], b: number[]) => Math.sqrt(mean(a.map((v, i) => (v - b[i]) ** 2)));

  it('is deterministic: the same seed gives the same numbers, another seed others', () => {
    expect(gradients(100, 5, 'exact').shot).toEqual(gradients(100, 5, 'exact').shot);
    expect(gradients(100, 5, 'exact').shot.p).not.toEqual(gradients(100, 6, 'exact').shot.p);
  });

  it('parameter shift on shot estimates converges to the exact gradient as shots grow', () => {
    const errors = [100, 10_000, 1_000_000].map((shots) => {
      const g = gradients(shots, 7, 'exact');
      return { p: rms(g.shot.p, g.exact.p), x: rms(g.shot.x, g.exact.x), noise: g.noise };
    });
    // ~1/√S: a factor ~10 per step; at 10⁶ shots within 1% of the gradient's scale
    expect(errors[1].p).toBeLessThan(errors[0].p / 3);
    expect(errors[2].p).toBeLessThan(errors[1].p / 3);
    expect(errors[1].x).toBeLessThan(errors[0].x / 3);
    expect(errors[2].x).toBeLessThan(errors[1].x / 3);
    const scale = Math.sqrt(mean(gradients(1, 1, 'exact').exact.p.map((v) => v * v)));
    expect(errors[2].p).toBeLessThan(0.01 * scale);
    // the reported noise floor is the expected spread: the error's norm is of its size
    for (const e of errors) {
      const norm = e.p * Math.sqrt(program.paramCount);
      expect(norm / e.noise).toBeGreaterThan(0.3);
      expect(norm / e.noise).toBeLessThan(3);
    }
  });

  it("under 'measured' gives the windows no gradient and a zero cotangent exactly zero", () => {
    const g = gradients(100, 3, 'measured');
    expect(g.shot.x.every((v) => v === 0)).toBe(true);
    const { x, p } = inputs(2);
    const zero = tf.tidy(() => {
      const sim = withShots(createTfjsOpSimulator(), 100, mulberry32(1));
      const f = (b: tf.Tensor) =>
        tf.mul(tf.sum(sim.expectZ(program, tf.tensor2d(x), b, 'measured')), 0);
      return Array.from(tf.grad(f)(tf.tensor1d(p)).dataSync());
    });
    expect(zero.every((v) => v === 0)).toBe(true);
  });
});
