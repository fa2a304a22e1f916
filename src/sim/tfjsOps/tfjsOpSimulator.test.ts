import * as tf from '../tf';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../util/prng';
import { jsqubitsExpectZ, jsqubitsParameterShift } from '../reference/jsqubitsCircuit';
import type { InputGradient, QuanvSimulator, QubitCount } from '../simulator';
import { cnotRunImage, zSign } from './basisTables';
import { createTfjsOpSimulator } from './tfjsOpSimulator';
import { createFusedCpuSimulator } from '../cpu/simdKernelOp';
import { cnotRing, compileCircuit } from '../circuit/circuitProgram';
import { flat, maxAbsDiff } from '../testing/maxAbsDiff';

/** The basis image of the range-1 CNOT ring, the one the families apply. */
const cnotRingImage = (basis: number, n: number) => cnotRunImage(basis, n, cnotRing(n, 1));

beforeAll(async () => {
  tf.enableProdMode();
  await tf.setBackend('cpu');
});

type Params = number[][][]; // [L][n][θ, φ]

/** A seeded test case: `count` windows, random angles, random readout weights. */
interface Case {
  readonly n: number;
  readonly depth: number;
  readonly windows: number[][];
  readonly params: Params;
  readonly weights: number[];
}

/**
 * Windows in [0, 1], except the last, whose pixels lie in [-1, 3]: residual sums feed the encoding
 * values outside [0, 1]. Angles in [-π, 3π): trained angles leave the initial [0, 2π).
 */
function makeCase(n: number, depth: number, count: number, seed: number): Case {
  const random = mulberry32(seed);
  const windows = Array.from({ length: count }, (_, w) =>
    Array.from({ length: n }, () => (w === count - 1 ? 4 * random() - 1 : random())),
  );
  const params = Array.from({ length: depth }, () =>
    Array.from({ length: n }, () => [(4 * random() - 1) * Math.PI, (4 * random() - 1) * Math.PI]),
  );
  const weights = Array.from({ length: n }, () => 2 * random() - 1);
  return { n, depth, windows, params, weights };
}

const zeroParams = (n: number, depth: number): Params =>
  Array.from({ length: depth }, () => Array.from({ length: n }, () => [0, 0]));

/** The ryrz program these [L][n][θ, φ] angles belong to (its flat layout is theirs, row-major). */
const ryrz = (params: Params) =>
  compileCircuit({
    family: 'ryrz',
    qubits: params[0].length,
    depth: params.length,
    structureSeed: 0,
  });

function ours(simulator: QuanvSimulator, windows: number[][], params: Params): number[][] {
  return tf.tidy(
    () =>
      simulator
        .expectZ(ryrz(params), tf.tensor2d(windows), tf.tensor3d(params), 'exact')
        .arraySync() as number[][],
  );
}

/** tf.grads of Σ_windows Σ_j w_j⟨Z_j⟩ with respect to the windows and the angles. */
function oursGrads(simulator: QuanvSimulator, c: Case, mode: InputGradient) {
  return tf.tidy(() => {
    const w = tf.tensor1d(c.weights);
    const f = (x: tf.Tensor, p: tf.Tensor) =>
      tf.sum(tf.mul(simulator.expectZ(ryrz(c.params), x as tf.Tensor2D, p, mode), w));
    const [gx, gp] = tf.grads(f)([tf.tensor2d(c.windows), tf.tensor3d(c.params)]);
    return { inputs: gx.arraySync() as number[][], params: gp.arraySync() as Params };
  });
}

/** The one-layer closed form (derived in reference/jsqubitsCircuit.test.ts). */
function ringOfProductState(c: readonly number[]): number[] {
  const product = (vs: readonly number[]) => vs.reduce((p, v) => p * v, 1);
  return c.map((_, j) => (j === 0 ? product(c.slice(1)) : product(c.slice(0, j + 1))));
}

/*
 * The oracle's answers, computed once and shared by both trig modes (jsqubits is the slow part:
 * a 9-qubit, 3-layer parameter-shift gradient takes ~2 s per window).
 */
const oracleCache = new Map<Case, ReturnType<typeof oracle>>();

function oracle(c: Case) {
  const shifts = c.windows.map((x) => jsqubitsParameterShift(x, c.params, c.weights));
  const f = (x: readonly number[]) =>
    jsqubitsExpectZ(x, c.params).reduce((s, z, j) => s + c.weights[j] * z, 0);
  const h = 1e-4;
  const finiteDifferences = c.windows.map((x) =>
    x.map((_, q) => {
      const at = (by: number) => x.map((v, i) => (i === q ? v + by : v));
      return (f(at(h)) - f(at(-h))) / (2 * h);
    }),
  );
  const params = c.params.map((layer, l) =>
    layer.map((gate, q) => gate.map((_, k) => shifts.reduce((s, g) => s + g.params[l][q][k], 0))),
  );
  return { params, inputs: shifts.map((g) => g.inputs), finiteDifferences };
}

function cachedOracle(c: Case) {
  let result = oracleCache.get(c);
  if (!result) {
    result = oracle(c);
    oracleCache.set(c, result);
  }
  return result;
}

/*
 * 4 qubits: 6 windows per batch; 9 qubits: 3 windows for values, 2 for gradients. Observed
 * errors are ~5e-7 (values) and ~2e-6 (gradients); the tolerances are docs/model.md §1's. An input enters
 * as RY(π·x), so its gradient carries a factor π, and so does its tolerance. `oracles` bounds
 * parameter shift vs float64 central differences (h = 1e-4): jsqubits rounds amplitudes below
 * 1e-7 to zero (QState.roundToZero), which on 9 qubits puts ~1e-8 of noise into f and so ~1e-4
 * into the difference quotient.
 */
const tolerances = {
  4: { value: 1e-5, params: 1e-4, inputs: Math.PI * 1e-4, oracles: 1e-6 },
  9: { value: 1e-4, params: 5e-4, inputs: Math.PI * 5e-4, oracles: 3e-4 },
} as const;
const valueCases = [1, 2, 3].flatMap((depth) => [
  makeCase(4, depth, 6, 100 + depth),
  makeCase(9, depth, 3, 200 + depth),
]);
// 9-qubit gradients stay at 2 windows: besides jsqubits (~2 s per window at L = 3), tfjs's CPU
// gradient of the ring's tf.gather (unsortedSegmentSum over 512 segments) takes ~1 s per 25
// windows and layer.
const gradientCases = [1, 2, 3].flatMap((depth) => [
  makeCase(4, depth, 6, 300 + depth),
  makeCase(9, depth, 2, 400 + depth),
]);
const caseName = (c: Case) => `${c.n} qubits, L = ${c.depth}`;

describe('the CNOT ring (cnotRing as a basis permutation) and zSign', () => {
  it('cnotRingImage is a permutation of the basis (4 and 9 qubits)', () => {
    for (const n of [4, 9]) {
      const images = new Set<number>();
      for (let b = 0; b < 1 << n; b++) {
        const image = cnotRingImage(b, n);
        expect(image).toBeGreaterThanOrEqual(0);
        expect(image).toBeLessThan(1 << n);
        images.add(image);
      }
      expect(images.size).toBe(1 << n);
    }
  });

  it('follows the hand-derived ring: |1000⟩ → |0111⟩ → |1101⟩, |0001⟩ → |1001⟩', () => {
    expect(cnotRingImage(0b1000, 4)).toBe(0b0111);
    expect(cnotRingImage(0b0111, 4)).toBe(0b1101);
    expect(cnotRingImage(0b0001, 4)).toBe(0b1001);
    expect(cnotRingImage(0, 4)).toBe(0);
    expect(cnotRingImage(0b100000000, 9)).toBe(0b011111111);
  });

  it('zSign reads qubit 0 as the most significant bit', () => {
    expect([0, 1, 2, 3].map((q) => zSign(0b1000, q, 4))).toEqual([-1, 1, 1, 1]);
    expect([0, 1, 2, 3].map((q) => zSign(0b0011, q, 4))).toEqual([1, 1, -1, -1]);
    expect(zSign(1, 8, 9)).toBe(-1);
  });

  it('agrees with jsqubits on every 4-qubit basis state (zero angles, one layer)', () => {
    for (let b = 0; b < 16; b++) {
      const x = [3, 2, 1, 0].map((shift) => (b >> shift) & 1);
      const image = cnotRingImage(b, 4);
      const z = [0, 1, 2, 3].map((q) => zSign(image, q, 4));
      expect(maxAbsDiff(jsqubitsExpectZ(x, zeroParams(4, 1)), z)).toBeLessThan(1e-12);
    }
  });
});

// The same oracle checks for every simulator behind the QuanvSimulator interface.
describe.each([
  ['tfjs ops, native trig', () => createTfjsOpSimulator({ preciseTrig: false })],
  ['tfjs ops, precise trig', () => createTfjsOpSimulator({ preciseTrig: true })],
  ['fused CPU kernel', () => createFusedCpuSimulator()],
] as const)('simulator: %s', (_name, create) => {
  const simulator = create();

  describe('hand-computed states', () => {
    it('the CNOT ring on |1000⟩ gives ⟨Z⟩ = [1, −1, −1, −1]; two layers give [−1, −1, 1, −1]', () => {
      const [one] = ours(simulator, [[1, 0, 0, 0]], zeroParams(4, 1));
      expect(maxAbsDiff(one, [1, -1, -1, -1])).toBeLessThan(1e-6);
      const [two] = ours(simulator, [[1, 0, 0, 0]], zeroParams(4, 2));
      expect(maxAbsDiff(two, [-1, -1, 1, -1])).toBeLessThan(1e-6);
    });

    it('x = 0.5 everywhere gives ⟨Z⟩ = 0; x = [0.5, 0, 0, 0] gives [1, 0, 0, 0]', () => {
      const z = ours(
        simulator,
        [[0.5, 0.5, 0.5, 0.5], [0.5, 0, 0, 0], Array(4).fill(0)],
        zeroParams(4, 2),
      );
      expect(maxAbsDiff(z[0], [0, 0, 0, 0])).toBeLessThan(1e-6);
      const [one] = ours(simulator, [[0.5, 0, 0, 0]], zeroParams(4, 1));
      expect(maxAbsDiff(one, [1, 0, 0, 0])).toBeLessThan(1e-6);
      expect(maxAbsDiff(z[2], [1, 1, 1, 1])).toBeLessThan(1e-6);
    });

    it('RZ alone does not change ⟨Z⟩ (θ = 0, any φ, L = 1..3)', () => {
      const random = mulberry32(5);
      const windows = [
        [0.2, 0.7, 1.4, 0.05],
        [0.9, 0.1, 0.3, 2.5],
      ];
      for (const depth of [1, 2, 3]) {
        const onlyRz = zeroParams(4, depth).map((layer) =>
          layer.map(() => [0, 2 * Math.PI * random()]),
        );
        const z = ours(simulator, windows, onlyRz);
        expect(maxAbsDiff(z, ours(simulator, windows, zeroParams(4, depth)))).toBeLessThan(1e-6);
      }
    });

    it('matches the one-layer closed form ⟨Z_0⟩ = c_1⋯c_{n−1}, ⟨Z_j⟩ = c_0⋯c_j', () => {
      for (const n of [4, 9]) {
        const c = makeCase(n, 1, 4, 50 + n);
        const z = ours(simulator, c.windows, c.params);
        const expected = c.windows.map((x) =>
          ringOfProductState(x.map((v, j) => Math.cos(Math.PI * v + c.params[0][j][0]))),
        );
        expect(maxAbsDiff(z, expected)).toBeLessThan(tolerances[n as QubitCount].value);
      }
    });
  });

  describe('⟨Z⟩ against jsqubits, several windows per batch', () => {
    it.each(valueCases.map((c) => [caseName(c), c] as const))('%s', (_label, c) => {
      const expected = c.windows.map((x) => jsqubitsExpectZ(x, c.params));
      const z = ours(simulator, c.windows, c.params);
      expect(z).toHaveLength(c.windows.length);
      expect(maxAbsDiff(z, expected)).toBeLessThan(tolerances[c.n as QubitCount].value);
    });
  });

  describe("gradients under 'exact' against the parameter-shift rule and finite differences", () => {
    it.each(gradientCases.map((c) => [caseName(c), c] as const))('%s', (_label, c) => {
      const reference = cachedOracle(c);
      const tolerance = tolerances[c.n as QubitCount];
      const grads = oursGrads(simulator, c, 'exact');
      expect(maxAbsDiff(grads.params, reference.params)).toBeLessThan(tolerance.params);
      expect(maxAbsDiff(grads.inputs, reference.inputs)).toBeLessThan(tolerance.inputs);
      expect(maxAbsDiff(grads.inputs, reference.finiteDifferences)).toBeLessThan(tolerance.inputs);
      // and the two float64 references agree with each other
      expect(maxAbsDiff(reference.inputs, reference.finiteDifferences)).toBeLessThan(
        tolerance.oracles,
      );
    });
  });

  describe("'measured' cuts the input gradient and leaves the rest alone", () => {
    it.each(
      gradientCases.filter((c) => c.n === 4 || c.depth === 2).map((c) => [caseName(c), c] as const),
    )('%s', (_label, c) => {
      const exact = oursGrads(simulator, c, 'exact');
      const measured = oursGrads(simulator, c, 'measured');
      expect(flat(measured.inputs).every((g) => g === 0)).toBe(true);
      expect(flat(exact.inputs).some((g) => Math.abs(g) > 1e-3)).toBe(true);
      expect(maxAbsDiff(measured.params, exact.params)).toBe(0);
      const value = (mode: InputGradient) =>
        tf.tidy(() =>
          simulator
            .expectZ(ryrz(c.params), tf.tensor2d(c.windows), tf.tensor3d(c.params), mode)
            .arraySync(),
        );
      expect(value('measured')).toEqual(value('exact'));
    });
  });

  it('leaks no tensors across repeated expectZ and gradient calls', () => {
    const c = makeCase(4, 2, 5, 9);
    const x = tf.tensor2d(c.windows);
    const p = tf.tensor3d(c.params);
    const program = ryrz(c.params);
    const step = () =>
      tf.tidy(() => {
        for (const mode of ['exact', 'measured'] as const) {
          simulator.expectZ(program, x, p, mode);
          tf.grads((a: tf.Tensor, b: tf.Tensor) =>
            tf.sum(simulator.expectZ(program, a as tf.Tensor2D, b, mode)),
          )([x, p]);
        }
      });
    step(); // the first call caches the ring and readout constants
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    // outside a tidy, expectZ leaves exactly its result behind
    const z = simulator.expectZ(program, x, p, 'exact');
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([z, x, p]);
  });
});
