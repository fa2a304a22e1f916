import { describe, expect, it } from 'vitest';
import { compileCircuit, CIRCUIT_FAMILIES, type ExtendedProgram } from '../circuit/circuitProgram';
import { float64ExpectZ, float64ReadoutGradients } from '../circuit/float64Program';
import { EXTENDED_CASES, extendedCaseLabel, extendedInputs } from '../testing/extendedCircuits';
import { pauliGraph, type PauliGraph } from './pauliPropagation';
import { conjugateByCnot } from '../circuit/pauliString';
import { pauliCoefficients, pauliGradients, pauliSums } from './pauliProgram';

/**
 * What the kernel computes per window (assembly/pauliTerms.ts), in float64: the readouts, and the
 * sums it leaves for the gradients, for one window with cotangent dz.
 */
function pauliWindow(graph: PauliGraph, coef: Float32Array, x: readonly number[], dz: number[]) {
  const n = graph.qubits;
  const T = graph.terms.length;
  const trig = x.map((v) => [1, Math.sin(Math.PI * v), Math.cos(Math.PI * v)]);
  const b = Array.from({ length: 3 * n }, (_, f) => {
    const [j, a] = [Math.floor(f / 3), f % 3];
    return trig[j].reduce((s, t, c) => s + coef[4 * (9 * j + 3 * a + c)] * t, 0);
  });
  const z = new Array<number>(n).fill(0);
  const sums = new Float64Array(pauliSums(graph));
  const g = new Array<number>(3 * n).fill(0);
  graph.terms.forEach((t, i) => {
    const value = t.factors.reduce((p, f) => p * b[f], 1);
    z[t.output] += coef[4 * (9 * n + i)] * value;
    sums[i] = dz[t.output] * value;
    t.factors.forEach((f, k) => {
      const others = t.factors.reduce((p, h, m) => (m === k ? p : p * b[h]), 1);
      g[f] += dz[t.output] * coef[4 * (9 * n + i)] * others;
    });
  });
  for (let j = 0; j < n; j++)
    for (let a = 0; a < 3; a++)
      for (let c = 0; c < 3; c++) sums[T + 9 * j + 3 * a + c] = g[3 * j + a] * trig[j][c];
  return { z, sums };
}

const cases: { label: string; program: ExtendedProgram }[] = [
  ...CIRCUIT_FAMILIES.flatMap((family) =>
    [2, 3].map((depth) => ({
      label: `${family} L=${depth}`,
      program: compileCircuit({ family, qubits: 4, depth, structureSeed: 3 }) as ExtendedProgram,
    })),
  ),
  ...EXTENDED_CASES.map((c) => ({ label: extendedCaseLabel(c), program: c.program })),
];

describe('Pauli propagation against the float64 state vector', () => {
  it('conjugates by a CNOT as the matrices do (every two-qubit string)', () => {
    // Y⊗Y → −X⊗Z, X_c → X_c X_t, Z_t → Z_c Z_t, and strings away from the pair unchanged.
    expect(conjugateByCnot(0b11, 0b11, 0, 1)).toEqual([0b01, 0b10, -1]);
    expect(conjugateByCnot(0b01, 0, 0, 1)).toEqual([0b11, 0, 1]);
    expect(conjugateByCnot(0, 0b10, 0, 1)).toEqual([0, 0b11, 1]);
    expect(conjugateByCnot(0b100, 0b100, 0, 1)).toEqual([0b100, 0b100, 1]);
  });

  let covered = 0;
  for (const { label, program } of cases) {
    it(`gives the readouts and every angle's gradient: ${label}`, () => {
      const graph = pauliGraph(program);
      if (!graph) return expect(graph).toBeNull(); // checked to happen only where it must, below
      covered++;
      const { windows, params, weights } = extendedInputs(program, 5);
      const coef = pauliCoefficients(graph, params);
      const total = new Float64Array(pauliSums(graph));
      const want = new Float64Array(program.paramCount);
      for (const x of windows) {
        const { z, sums } = pauliWindow(graph, coef, x, weights);
        const ref = float64ExpectZ(program, x, params);
        z.forEach((v, q) => expect(v).toBeCloseTo(ref[q], 5));
        sums.forEach((v, i) => (total[i] += v));
        float64ReadoutGradients(program, x, params).forEach((row, q) =>
          row.forEach((v, p) => (want[p] += weights[q] * v)),
        );
      }
      const got = pauliGradients(graph, params, program.paramCount, total);
      got.forEach((v, p) => expect(v).toBeCloseTo(want[p], 4));
    });
  }

  it('covers the families at L ≥ 2 (an encoding only in the prefix)', () => {
    expect(covered).toBeGreaterThanOrEqual(2 * CIRCUIT_FAMILIES.length - 4);
    for (const family of ['ryrz', 'basic', 'strong'] as const) {
      expect(
        pauliGraph(compileCircuit({ family, qubits: 9, depth: 2, structureSeed: 1 })),
      ).not.toBeNull();
    }
    // L = 1 (nothing after the first CNOT but CNOTs) is the product path's.
    expect(
      pauliGraph(compileCircuit({ family: 'ryrz', qubits: 4, depth: 1, structureSeed: 1 })),
    ).toBeNull();
  });
});
