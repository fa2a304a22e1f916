import Qubits from 'jsqubits';
import type { CircuitProgram } from '../circuit/circuitProgram';

/**
 * Any compiled circuit program (circuitProgram.ts) on jsqubits, the independent simulator: the
 * oracle of the CPU kernel's tests for every circuit family. Never imported by the app.
 * jsqubits numbers bit 0 as the least significant, so our qubit q is its bit n−1−q; its
 * rotateX/Y/Z(θ) are exp(−iθσ/2), as ours.
 */
export function jsqubitsProgramExpectZ(
  program: CircuitProgram,
  x: readonly number[],
  params: readonly number[],
): number[] {
  const n = program.qubits;
  const bit = (q: number) => n - 1 - q;
  let state = Qubits(`|${'0'.repeat(n)}>`);
  for (const g of program.gates) {
    if (g.op === 'encode') state = state.rotateY(bit(g.qubit), Math.PI * x[g.qubit]);
    else if (g.op === 'cnot') state = state.cnot(bit(g.control), bit(g.target));
    else if (g.axis === 'x') state = state.rotateX(bit(g.qubit), params[g.param]);
    else if (g.axis === 'y') state = state.rotateY(bit(g.qubit), params[g.param]);
    else state = state.rotateZ(bit(g.qubit), params[g.param]);
  }
  return jsqubitsReadout(state, n);
}

/** ⟨Z_q⟩ of a jsqubits state for our qubits q = 0 … n−1 (jsqubits bit n−1−q). */
export function jsqubitsReadout(state: ReturnType<typeof Qubits>, n: number): number[] {
  const z = new Array<number>(n).fill(0);
  for (let b = 0; b < 1 << n; b++) {
    const a = state.amplitude(b);
    const p = a.real * a.real + a.imaginary * a.imaginary;
    for (let q = 0; q < n; q++) z[q] += (b >> (n - 1 - q)) & 1 ? -p : p;
  }
  return z;
}

/**
 * ∂(Σ_j w_j⟨Z_j⟩) of one window by the parameter-shift rule on jsqubits: for every angle a,
 * [f(a + π/2) − f(a − π/2)] / 2 (exact for exp(−iθσ/2) gates; a parameter on several gates
 * would need one shift per gate, which no family has). An input enters as RY(π·x): shift ±1/2,
 * factor π.
 */
export function jsqubitsProgramParameterShift(
  program: CircuitProgram,
  x: readonly number[],
  params: readonly number[],
  weights: readonly number[],
): { params: number[]; inputs: number[] } {
  const f = (xs: readonly number[], ps: readonly number[]) =>
    jsqubitsProgramExpectZ(program, xs, ps).reduce((s, z, j) => s + weights[j] * z, 0);
  const shift = (v: readonly number[], i: number, by: number) =>
    v.map((a, k) => (k === i ? a + by : a));
  return {
    params: params.map(
      (_, i) => (f(x, shift(params, i, Math.PI / 2)) - f(x, shift(params, i, -Math.PI / 2))) / 2,
    ),
    inputs: x.map(
      (_, q) => (Math.PI * (f(shift(x, q, 0.5), params) - f(shift(x, q, -0.5), params))) / 2,
    ),
  };
}
