import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { shotEstimates, shotStream } from './binomial';
import { compileCircuit, type ExtendedProgram } from '../circuit/circuitProgram';
import { withoutDeadRotations } from '../circuit/deadParameters';
import { createFusedCpuSimulator } from '../cpu/simdKernelOp';
import { mulberry32 } from '../../util/prng';
import { prepareShots } from './shotSimulator';
import type { QuanvSimulator } from '../simulator';
import { createTfjsOpSimulator } from '../tfjsOps/tfjsOpSimulator';

beforeAll(async () => {
  tf.enableProdMode();
  await tf.setBackend('cpu');
});

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: readonly number[]) => {
  const m = mean(xs);
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
};

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

/**
 * ∂/∂ the windows and the angles of Σ the shot estimates, every shifted circuit prepared (the
 * input shifts under `exact`), from `seed`'s stream.
 */
async function shiftedGradients(
  sim: QuanvSimulator,
  circuit: ExtendedProgram,
  xs: tf.Tensor2D,
  ps: tf.Tensor1D,
  shots: number,
  seed: number,
): Promise<number[][]> {
  const all = { params: true, inputs: true };
  const layer = await prepareShots(sim, circuit, xs, ps, shots, shotStream(seed), all);
  const result = tf.tidy(() => {
    const f = (a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(layer.expectZ(circuit, a as tf.Tensor2D, b, 'exact'));
    return tf
      .grads(f)([xs, ps])
      .map((t) => Array.from(t.dataSync()));
  });
  layer.dispose();
  return result;
}

describe('shot estimates', () => {
  it('are unbiased (mean over 400 seeds within 3 SE) with the binomial spread (1 − z²)/S', () => {
    const { x, p } = inputs(1);
    const z = exactValues(x, p);
    const shots = 200;
    const runs = Array.from({ length: 400 }, (_, seed) =>
      Array.from(shotEstimates(Float32Array.from(z), shots, shotStream(1000 + seed))),
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

describe('prepared shot estimates (prepareShots)', () => {
  /** ∂(Σ w·⟨Z⟩) from the prepared estimates (shots) and exactly by the fused CPU kernel. */
  async function gradients(shots: number, seed: number, mode: 'exact' | 'measured') {
    const { x, p, w } = inputs(2);
    const xs = tf.tensor2d(x);
    const ps = tf.tensor1d(p);
    const layer = await prepareShots(
      createTfjsOpSimulator(),
      program,
      xs,
      ps,
      shots,
      shotStream(seed),
      {
        params: true,
        inputs: mode === 'exact',
      },
    );
    const result = tf.tidy(() => {
      const weights = tf.tensor2d(w);
      const f = (sim: QuanvSimulator) => (a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(sim.expectZ(program, a as tf.Tensor2D, b, mode), weights));
      const [gx, gp] = tf.grads(f(layer))([xs, ps]);
      const [ex, ep] = tf.grads(f(exactSim))([xs, ps]);
      return {
        shot: { x: Array.from(gx.dataSync()), p: Array.from(gp.dataSync()) },
        exact: { x: Array.from(ex.dataSync()), p: Array.from(ep.dataSync()) },
        noise: layer.gradientNoise().dataSync()[0],
      };
    });
    layer.dispose();
    tf.dispose([xs, ps]);
    return result;
  }
  const rms = (a: number[], b: number[]) => Math.sqrt(mean(a.map((v, i) => (v - b[i]) ** 2)));

  it('forward: the shot estimates of the exact values, drawn first from the stream', async () => {
    const { x, p } = inputs(4);
    const xs = tf.tensor2d(x);
    const ps = tf.tensor1d(p);
    const before = tf.memory().numTensors;
    const layer = await prepareShots(exactSim, program, xs, ps, 300, shotStream(9), {
      params: true,
      inputs: true,
    });
    const value = tf.tidy(() => Array.from(layer.expectZ(program, xs, ps, 'exact').dataSync()));
    expect(value).toEqual(
      Array.from(shotEstimates(Float32Array.from(exactValues(x, p)), 300, shotStream(9))),
    );
    // Estimates for other windows are refused, not silently reused.
    const other = tf.tensor2d([x[0]]);
    expect(() => layer.expectZ(program, other, ps, 'exact')).toThrow(/prepared for 3 windows/);
    tf.dispose(other);
    layer.dispose();
    expect(tf.memory().numTensors).toBe(before); // the layer owned all it made
    tf.dispose([xs, ps]);
  });

  it('draws the same numbers however many read-backs a layer takes', async () => {
    const { x, p, w } = inputs(6);
    const xs = tf.tensor2d(x);
    const ps = tf.tensor1d(p);
    const weights = tf.tensor2d(w);
    const all = { params: true, inputs: true };
    // Without its typed-array kernel, so the circuits are read back as tensors, in groups.
    const tensorsOnly: QuanvSimulator = { ...exactSim, arrays: undefined };
    const run = async (maxReadBack?: number) => {
      const layer = await prepareShots(
        tensorsOnly,
        program,
        xs,
        ps,
        50,
        shotStream(4),
        all,
        maxReadBack,
      );
      const result = tf.tidy(() => {
        const f = (a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.mul(layer.expectZ(program, a as tf.Tensor2D, b, 'exact'), weights));
        const [gx, gp] = tf.grads(f)([xs, ps]);
        return [gx, gp, layer.expectZ(program, xs, ps, 'exact'), layer.gradientNoise()].map((t) =>
          Array.from(t.dataSync()),
        );
      });
      layer.dispose();
      return result;
    };
    const once = await run();
    // 3 windows × 4 qubits: 12 values a run, so 36 means 3 runs per read-back (13 read-backs).
    const grouped = await run(36);
    expect(grouped.slice(0, 3)).toEqual(once.slice(0, 3));
    expect(grouped[3][0]).toBeCloseTo(once[3][0], 5);
    expect(once[1].some((v) => v !== 0)).toBe(true);
    tf.dispose([xs, ps, weights]);
  });

  it('draws the same numbers whether the circuits run on typed arrays (the fused CPU kernel), as one set call or one by one', async () => {
    const { x, p } = inputs(7);
    const xs = tf.tensor2d(x);
    const ps = tf.tensor1d(p);
    expect(exactSim.expectZSets).toBeDefined();
    const oneByOne: QuanvSimulator = { name: 'one by one', expectZ: exactSim.expectZ };
    const values = (sim: QuanvSimulator) => shiftedGradients(sim, program, xs, ps, 80, 12);
    const setCall: QuanvSimulator = { ...exactSim, arrays: undefined };
    const [typed, sets, single] = [
      await values(exactSim),
      await values(setCall),
      await values(oneByOne),
    ];
    expect(typed).toEqual(single);
    expect(sets).toEqual(single);
    expect(sets[1].some((v) => v !== 0)).toBe(true);
    tf.dispose([xs, ps]);
  });

  it('samples the circuit itself for an angle no gate reads, as one by one runs it', async () => {
    // ryrz loses its last RZ angles (dead): the executed program reads them nowhere.
    const ryrz = compileCircuit({ family: 'ryrz', qubits: 4, depth: 1, structureSeed: 0 });
    const executed = withoutDeadRotations(ryrz);
    const unread = Array.from({ length: ryrz.paramCount }, (_, i) => i).filter(
      (i) => !executed.gates.some((g) => g.op === 'rot' && g.param === i),
    );
    expect(unread.length).toBeGreaterThan(0);
    const random = mulberry32(21);
    const xs = tf.tensor2d(Array.from({ length: 5 }, () => [0, 1, 2, 3].map(() => random())));
    const ps = tf.tensor1d(Array.from({ length: ryrz.paramCount }, () => 6 * random()));
    const gradients = (sim: QuanvSimulator) => shiftedGradients(sim, executed, xs, ps, 50, 4);
    const oneByOne: QuanvSimulator = { name: 'one by one', expectZ: exactSim.expectZ };
    const [typed, single] = [await gradients(exactSim), await gradients(oneByOne)];
    expect(typed).toEqual(single);
    // Shot noise alone: an unread angle's two samples of the same circuit differ.
    expect(unread.some((i) => typed[1][i] !== 0)).toBe(true);
    tf.dispose([xs, ps]);
  });

  it('are unbiased: the mean of 300 seeds is within 3 SE of the exact values', async () => {
    const { x, p } = inputs(5);
    const z = exactValues(x, p);
    const xs = tf.tensor2d(x);
    const ps = tf.tensor1d(p);
    const shots = 100;
    const runs: number[][] = [];
    for (let seed = 0; seed < 300; seed++) {
      const layer = await prepareShots(exactSim, program, xs, ps, shots, shotStream(seed), {
        params: false,
        inputs: false,
      });
      runs.push(tf.tidy(() => Array.from(layer.expectZ(program, xs, ps, 'measured').dataSync())));
      layer.dispose();
    }
    z.forEach((zk, k) => {
      const se = Math.sqrt((1 - zk * zk) / shots / runs.length);
      expect(Math.abs(mean(runs.map((r) => r[k])) - zk), `entry ${k}`).toBeLessThan(3 * se + 1e-9);
    });
    tf.dispose([xs, ps]);
  });

  it('is deterministic: the same seed gives the same numbers, another seed others', async () => {
    expect((await gradients(100, 5, 'exact')).shot).toEqual(
      (await gradients(100, 5, 'exact')).shot,
    );
    expect((await gradients(100, 5, 'exact')).shot.p).not.toEqual(
      (await gradients(100, 6, 'exact')).shot.p,
    );
  });

  it('parameter shift on shot estimates converges to the exact gradient as shots grow', async () => {
    const errors = [];
    for (const shots of [100, 10_000, 1_000_000]) {
      const g = await gradients(shots, 7, 'exact');
      errors.push({ p: rms(g.shot.p, g.exact.p), x: rms(g.shot.x, g.exact.x), noise: g.noise });
    }
    // ~1/√S: a factor ~10 per step; at 10⁶ shots within 1% of the gradient's scale
    expect(errors[1].p).toBeLessThan(errors[0].p / 3);
    expect(errors[2].p).toBeLessThan(errors[1].p / 3);
    expect(errors[1].x).toBeLessThan(errors[0].x / 3);
    expect(errors[2].x).toBeLessThan(errors[1].x / 3);
    const scale = Math.sqrt(mean((await gradients(1, 1, 'exact')).exact.p.map((v) => v * v)));
    expect(errors[2].p).toBeLessThan(0.01 * scale);
    // the reported noise floor is the expected spread: the error's norm is of its size
    for (const e of errors) {
      const norm = e.p * Math.sqrt(program.paramCount);
      expect(norm / e.noise).toBeGreaterThan(0.3);
      expect(norm / e.noise).toBeLessThan(3);
    }
  });

  it("under 'measured' gives the windows no gradient and a zero cotangent exactly zero", async () => {
    const g = await gradients(100, 3, 'measured');
    expect(g.shot.x.every((v) => v === 0)).toBe(true);
    expect(g.shot.p.some((v) => v !== 0)).toBe(true);
    const { x, p } = inputs(2);
    const xs = tf.tensor2d(x);
    const ps = tf.tensor1d(p);
    const layer = await prepareShots(createTfjsOpSimulator(), program, xs, ps, 100, shotStream(1), {
      params: true,
      inputs: false,
    });
    const zero = tf.tidy(() => {
      const f = (b: tf.Tensor) => tf.mul(tf.sum(layer.expectZ(program, xs, b, 'measured')), 0);
      return Array.from(tf.grad(f)(ps).dataSync());
    });
    expect(zero.every((v) => v === 0)).toBe(true);
    // Without shifted circuits the angles get a zero gradient (a frozen layer's), and `exact`
    // input gradients are refused.
    const forwardOnly = await prepareShots(exactSim, program, xs, ps, 100, shotStream(1), {
      params: false,
      inputs: false,
    });
    const frozen = tf.tidy(() =>
      Array.from(
        tf
          .grad((b: tf.Tensor) => tf.sum(forwardOnly.expectZ(program, xs, b, 'measured')))(ps)
          .dataSync(),
      ),
    );
    expect(frozen).toEqual(p.map(() => 0));
    expect(() =>
      tf.grad((a: tf.Tensor) =>
        tf.sum(forwardOnly.expectZ(program, a as tf.Tensor2D, ps, 'exact')),
      )(xs),
    ).toThrow(/without the input-shifted circuits/);
    tf.dispose([xs, ps]);
    layer.dispose();
    forwardOnly.dispose();
  });
});
