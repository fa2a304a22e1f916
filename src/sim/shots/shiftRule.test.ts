import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { shotEstimates, shotStream } from './binomial';
import { compileCustomCircuit, readCustomCircuit } from '../circuit/customCircuit';
import { float64ExpectZ, float64ReadoutGradients } from '../circuit/float64Program';
import { createFusedCpuSimulator } from '../cpu/simdKernelOp';
import { mulberry32 } from '../../util/prng';
import { prepareShots } from './shotSimulator';
import { FOUR_TERM_RULE, shiftDerivative, shiftRules, TWO_TERM_RULE } from './shiftRule';

/*
 * The four-term rule of controlled rotations under finite shots: exact on exact values, where
 * the two-term rule is not, and the shot gradient of a circuit with CRX, CRY and CRZ approaches
 * the exact one within the binomial spread.
 */

beforeAll(async () => {
  tf.enableProdMode();
  await tf.setBackend('cpu');
});

const read = readCustomCircuit('rx0_crx01_ry1_cry12_cx23_crz30_ry2_h3_crz21_rz3_ry0_rx1_rx2', 4);
if (!read.ok) throw new Error(read.errors.join('; '));
const program = compileCustomCircuit(read.circuit, {
  family: 'basic',
  qubits: 4,
  structureSeed: 0,
});
// Angles in gate order: rx0 crx01 ry1 cry12 crz30 ry2 crz21 rz3 ry0 rx1 rx2; each control is
// turned by a later gate, so every controlled angle has both frequencies.
const CONTROLLED = [1, 3, 4, 6];
const random = mulberry32(23);
const windows = Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => random()));
const angles = Array.from({ length: program.paramCount }, () => 2 * Math.PI * random());
const weights = windows.map(() => Array.from({ length: 4 }, () => 2 * random() - 1));

/** Σ w·⟨Z⟩ over the windows in float64, at `params`. */
const loss = (params: readonly number[]) =>
  windows.reduce(
    (s, x, k) =>
      s + float64ExpectZ(program, x, params).reduce((t, z, j) => t + weights[k][j] * z, 0),
    0,
  );
const at = (i: number) => (theta: number) => loss(angles.map((a, p) => (p === i ? theta : a)));
/** The exact gradient (float64 adjoint). */
const exact = angles.map((_, p) =>
  windows.reduce(
    (s, x, k) =>
      s +
      float64ReadoutGradients(program, x, angles).reduce(
        (t, row, j) => t + weights[k][j] * row[p],
        0,
      ),
    0,
  ),
);

describe('the four-term shift rule', () => {
  it('is chosen for exactly the angles controlled rotations read', () => {
    const rules = shiftRules(program);
    expect(rules.map((r, i) => [i, r === FOUR_TERM_RULE])).toEqual(
      angles.map((_, i) => [i, CONTROLLED.includes(i)]),
    );
  });

  it('gives the exact derivative on exact values; the two-term rule does not for CRX/CRY/CRZ', () => {
    const rules = shiftRules(program);
    const twoTermErrors: number[] = [];
    angles.forEach((theta, i) => {
      expect(shiftDerivative(at(i), theta, rules[i]), `angle ${i}`).toBeCloseTo(exact[i], 12);
      twoTermErrors.push(Math.abs(shiftDerivative(at(i), theta, TWO_TERM_RULE) - exact[i]));
    });
    // The two-term rule misses by (1 − √2)/2 times the frequency-1/2 part: here 3.5e-3 … 3.8e-2.
    for (const i of CONTROLLED) expect(twoTermErrors[i], `angle ${i}`).toBeGreaterThan(3e-3);
    // A plain rotation's angle obeys the two-term rule exactly.
    for (const i of [0, 2, 5, 8, 9, 10]) expect(twoTermErrors[i], `angle ${i}`).toBeLessThan(1e-12);
  });
});

/** The shot gradient of Σ w·⟨Z⟩ at `shots` (the fused CPU kernel's values), and its noise floor. */
async function shotGradient(shots: number, seed: number) {
  const sim = createFusedCpuSimulator();
  const xs = tf.tensor2d(windows);
  const ps = tf.tensor1d(angles);
  const w = tf.tensor2d(weights);
  const needs = { params: true, inputs: false };
  const layer = await prepareShots(sim, program, xs, ps, shots, shotStream(seed), needs);
  const gradient = tf.tidy(() =>
    Array.from(
      tf
        .grad((b: tf.Tensor) => tf.sum(tf.mul(layer.expectZ(program, xs, b, 'measured'), w)))(ps)
        .dataSync(),
    ),
  );
  const noise = tf.tidy(() => layer.gradientNoise().dataSync()[0]);
  layer.dispose();
  tf.dispose([xs, ps, w]);
  return { gradient, noise };
}

describe('finite shots with controlled rotations', () => {
  it('approach the exact gradient within the binomial spread, where the two-term rule would not', async () => {
    const shots = 1_000_000;
    const rules = shiftRules(program);
    // Var ĝ_i = Σ_t c_t²·Σ_k w_k²·[(1 − z_k(θ+s)²) + (1 − z_k(θ−s)²)]/S, from float64 values.
    const variances = angles.map((_, i) =>
      rules[i].reduce((v, term) => {
        let sum = 0;
        for (const sign of [1, -1]) {
          const shifted = angles.map((a, p) => (p === i ? a + sign * term.shift : a));
          windows.forEach((x, k) =>
            float64ExpectZ(program, x, shifted).forEach((z, j) => {
              sum += weights[k][j] ** 2 * (1 - z * z);
            }),
          );
        }
        return v + (term.coefficient ** 2 * sum) / shots;
      }, 0),
    );
    const sd = variances.map(Math.sqrt);
    const { gradient, noise } = await shotGradient(shots, 5);
    const errors = gradient.map((g, i) => Math.abs(g - exact[i]));
    // 4.5 standard deviations (a 1-in-150,000 miss per angle for a fixed seed), plus float32.
    errors.forEach((e, i) => expect(e, `angle ${i}`).toBeLessThan(4.5 * sd[i] + 2e-5));
    // The floor the layer reports is √(Σ Var ĝ_i) (float32 values inside).
    expect(noise).toBeCloseTo(Math.sqrt(variances.reduce((a, b) => a + b, 0)), 5);
    // The two-term rule's expectation misses the controlled angles by far more than that spread
    // (its bias norm ~19 times their joint standard deviation here).
    const bias = CONTROLLED.map((i) => shiftDerivative(at(i), angles[i], TWO_TERM_RULE) - exact[i]);
    const norm = (v: number[]) => Math.sqrt(v.reduce((a, b) => a + b * b, 0));
    expect(norm(bias)).toBeGreaterThan(10 * norm(CONTROLLED.map((i) => sd[i])));
    console.log(
      `${shots} shots: max |shot − exact| ${Math.max(...errors).toExponential(2)}, ` +
        `max σ ${Math.max(...sd).toExponential(2)}, noise floor ${noise.toExponential(2)}`,
    );
  });

  it('draw in the stated order: the circuit, then per angle ±π/2 and, if controlled, ±3π/2', async () => {
    const shots = 100;
    const seed = 8;
    const sim = createFusedCpuSimulator();
    const size = windows.length * 4;
    // The exact float32 values the preparation samples, in the order the docs state.
    const sets: number[][] = [angles];
    shiftRules(program).forEach((rule, i) =>
      rule.forEach((term) =>
        [1, -1].forEach((sign) =>
          sets.push(
            Array.from(Float32Array.from(angles)).map((a, p) =>
              p === i ? Math.fround(a + sign * term.shift) : a,
            ),
          ),
        ),
      ),
    );
    expect(sets).toHaveLength(1 + 2 * program.paramCount + 2 * CONTROLLED.length);
    const values = tf.tidy(
      () =>
        sim.expectZSets!(
          program,
          tf.tensor2d(windows),
          tf.tensor2d(sets),
        ).dataSync() as Float32Array,
    );
    const estimates = shotEstimates(values, shots, shotStream(seed));
    const w = weights.flat();
    const expected = angles.map(() => 0);
    let run = 1;
    shiftRules(program).forEach((rule, i) =>
      rule.forEach((term) =>
        [1, -1].forEach((sign) => {
          for (let k = 0; k < size; k++)
            expected[i] += sign * term.coefficient * w[k] * estimates[run * size + k];
          run++;
        }),
      ),
    );
    const { gradient } = await shotGradient(shots, seed);
    gradient.forEach((g, i) => expect(g, `angle ${i}`).toBeCloseTo(expected[i], 5));
    expect(new Set(gradient).size).toBe(gradient.length);
  });
});
