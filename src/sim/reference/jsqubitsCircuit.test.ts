import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../util/prng';
import { jsqubitsExpectZ, jsqubitsParameterShift } from './jsqubitsCircuit';

/*
 * The oracle against states computed by hand. For one ansatz layer the circuit has a closed
 * form: RY(πx_j)·RY(θ_j) = RY(πx_j + θ_j) makes a product state with ⟨Z_j⟩ = c_j = cos(πx_j + θ_j),
 * RZ only adds phases, and the CNOT ring (0→1, 1→2, …, n−1→0, in that order) maps, in the
 * Heisenberg picture (conjugation by CNOT c→t sends Z_t to Z_c·Z_t), Z_0 to Z_1⋯Z_{n−1} and Z_j
 * (j ≥ 1) to Z_0⋯Z_j. So ⟨Z_0⟩ = c_1⋯c_{n−1} and ⟨Z_j⟩ = c_0⋯c_j.
 */
function ringOfProductState(c: readonly number[]): number[] {
  const prefix = (j: number) => c.slice(0, j + 1).reduce((p, v) => p * v, 1);
  return c.map((_, j) => (j === 0 ? c.slice(1).reduce((p, v) => p * v, 1) : prefix(j)));
}

const zeros = (n: number, depth: number) =>
  Array.from({ length: depth }, () => Array.from({ length: n }, () => [0, 0]));

function expectClose(actual: readonly number[], expected: readonly number[], tolerance: number) {
  expect(actual).toHaveLength(expected.length);
  const worst = Math.max(...actual.map((v, i) => Math.abs(v - expected[i])));
  expect(worst).toBeLessThan(tolerance);
}

describe('jsqubitsExpectZ against hand-computed states', () => {
  it('RY(π)|0⟩ = |1⟩ gives ⟨Z⟩ = −1; x = 0.5 gives 0; x = 0 gives 1 (no ansatz)', () => {
    expectClose(jsqubitsExpectZ([1], []), [-1], 1e-12);
    expectClose(jsqubitsExpectZ([0.5], []), [0], 1e-12);
    expectClose(jsqubitsExpectZ([0], []), [1], 1e-12);
  });

  it('encodes x by RY(π·x): ⟨Z⟩ = cos(πx), also outside [0, 1]', () => {
    for (const x of [0.1, 0.25, 0.7, 1.3, 2, 2.6, 3, -0.4]) {
      expectClose(jsqubitsExpectZ([x], []), [Math.cos(Math.PI * x)], 1e-12);
    }
    // several qubits, no ansatz: independent qubits, qubit q reads x[q]
    const x = [0.1, 0.9, 0.5, 1];
    expectClose(
      jsqubitsExpectZ(x, []),
      x.map((v) => Math.cos(Math.PI * v)),
      1e-12,
    );
  });

  it('the CNOT ring on a basis state: |1000⟩ → |1100⟩ → |1110⟩ → |1111⟩ → |0111⟩', () => {
    expectClose(jsqubitsExpectZ([1, 0, 0, 0], zeros(4, 1)), [1, -1, -1, -1], 1e-12);
    // a second layer of zero angles applies the ring again: |0111⟩ → |0101⟩ → |1101⟩
    expectClose(jsqubitsExpectZ([1, 0, 0, 0], zeros(4, 2)), [-1, -1, 1, -1], 1e-12);
    // |0001⟩: only the last CNOT (3 → 0) fires, giving |1001⟩ (0 → 1 ran first, while q0 was 0)
    expectClose(jsqubitsExpectZ([0, 0, 0, 1], zeros(4, 1)), [-1, 1, 1, -1], 1e-12);
  });

  it('x = 0.5 on every qubit gives |+…+⟩, which the ring leaves alone: ⟨Z⟩ = 0', () => {
    expectClose(jsqubitsExpectZ([0.5, 0.5, 0.5, 0.5], zeros(4, 2)), [0, 0, 0, 0], 1e-12);
    // only qubit 0 in |+⟩: the ring makes a GHZ-like state (|0000⟩ + |0111⟩)/√2
    expectClose(jsqubitsExpectZ([0.5, 0, 0, 0], zeros(4, 1)), [1, 0, 0, 0], 1e-12);
  });

  it('matches the one-layer closed form on every basis state and on random states (4, 9 qubits)', () => {
    for (let b = 0; b < 16; b++) {
      const x = [3, 2, 1, 0].map((shift) => (b >> shift) & 1);
      const c = x.map((v) => (v ? -1 : 1));
      expectClose(jsqubitsExpectZ(x, zeros(4, 1)), ringOfProductState(c), 1e-12);
    }
    const random = mulberry32(7);
    for (const n of [4, 9]) {
      for (let trial = 0; trial < 3; trial++) {
        const x = Array.from({ length: n }, () => 3 * random());
        const layer = Array.from({ length: n }, () => [
          2 * Math.PI * random(),
          2 * Math.PI * random(),
        ]);
        const c = x.map((v, j) => Math.cos(Math.PI * v + layer[j][0]));
        // jsqubits drops amplitudes below 1e-7 (QState.roundToZero): ~1e-11 on 9 qubits
        expectClose(jsqubitsExpectZ(x, [layer]), ringOfProductState(c), 1e-9);
      }
    }
  });

  it('RZ alone does not change ⟨Z⟩ (θ = 0, any φ, any depth)', () => {
    const random = mulberry32(11);
    const x = [0.2, 0.7, 1.4, 0.05];
    for (const depth of [1, 2, 3]) {
      const onlyRz = Array.from({ length: depth }, () =>
        Array.from({ length: 4 }, () => [0, 2 * Math.PI * random()]),
      );
      expectClose(jsqubitsExpectZ(x, onlyRz), jsqubitsExpectZ(x, zeros(4, depth)), 1e-12);
    }
    // and for one layer that equals the closed form with θ = 0
    expectClose(
      jsqubitsExpectZ(x, [x.map(() => [0, 1.234])]),
      ringOfProductState(x.map((v) => Math.cos(Math.PI * v))),
      1e-12,
    );
  });

  it('composes layers: a basis state through a zero first layer, then RY(θ)·RZ(φ) and the ring', () => {
    // layer 1 (zero angles) maps |1000⟩ to |0111⟩; layer 2's RY(θ_j) then gives the product
    // state with ⟨Z_j⟩ = ±cos θ_j (minus where the bit is 1), and its ring the closed form.
    const theta = [0.3, 1.1, 2.5, 4];
    const phi = [0.9, -0.4, 2, 5];
    const params = [zeros(4, 1)[0], theta.map((t, j) => [t, phi[j]])];
    const c = theta.map((t, j) => (j === 0 ? 1 : -1) * Math.cos(t));
    expectClose(jsqubitsExpectZ([1, 0, 0, 0], params), ringOfProductState(c), 1e-12);
  });
});

describe('jsqubitsParameterShift', () => {
  it('agrees with float64 central differences for parameters and inputs (4 qubits, L = 1..3)', () => {
    const random = mulberry32(3);
    const h = 1e-5;
    for (const depth of [1, 2, 3]) {
      const x = [random(), random(), 3 * random(), random()];
      const params = Array.from({ length: depth }, () =>
        Array.from({ length: 4 }, () => [2 * Math.PI * random(), 2 * Math.PI * random()]),
      );
      const weights = x.map(() => 2 * random() - 1);
      const f = (xs: readonly number[], ps: readonly (readonly number[][])[]) =>
        jsqubitsExpectZ(xs, ps).reduce((s, z, j) => s + weights[j] * z, 0);
      const shift = jsqubitsParameterShift(x, params, weights);
      expect(shift.value).toBeCloseTo(f(x, params), 12);
      params.forEach((layer, l) =>
        layer.forEach((gate, q) =>
          gate.forEach((_, k) => {
            const at = (by: number) =>
              params.map((ly, li) =>
                ly.map((g, qi) =>
                  g.map((a, ki) => (li === l && qi === q && ki === k ? a + by : a)),
                ),
              );
            const fd = (f(x, at(h)) - f(x, at(-h))) / (2 * h);
            expect(Math.abs(shift.params[l][q][k] - fd)).toBeLessThan(1e-7);
          }),
        ),
      );
      x.forEach((_, q) => {
        const at = (by: number) => x.map((v, i) => (i === q ? v + by : v));
        const fd = (f(at(h), params) - f(at(-h), params)) / (2 * h);
        expect(Math.abs(shift.inputs[q] - fd)).toBeLessThan(1e-7);
      });
    }
  });

  it('gives the hand-derived one-layer gradient', () => {
    // n = 4, L = 1, weights e_1: f = ⟨Z_1⟩ = cos(α_0)·cos(α_1) with α_j = πx_j + θ_j
    const x = [0.3, 0.8, 0.1, 0.6];
    const params = [x.map((_, j) => [0.5 * j + 0.2, 0.7])];
    const alpha = x.map((v, j) => Math.PI * v + params[0][j][0]);
    const shift = jsqubitsParameterShift(x, params, [0, 1, 0, 0]);
    const dTheta = [
      -Math.sin(alpha[0]) * Math.cos(alpha[1]),
      -Math.cos(alpha[0]) * Math.sin(alpha[1]),
      0,
      0,
    ];
    expectClose(
      shift.params[0].map((g) => g[0]),
      dTheta,
      1e-12,
    );
    expectClose(
      shift.params[0].map((g) => g[1]),
      [0, 0, 0, 0],
      1e-12,
    );
    expectClose(
      shift.inputs,
      dTheta.map((d) => Math.PI * d),
      1e-12,
    );
  });
});
