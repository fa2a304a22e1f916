import Qubits from 'jsqubits';
import type { ExtendedProgram, FixedGateName } from '../circuit/circuitProgram';

/**
 * Any compiled circuit program (circuitProgram.ts) on jsqubits, the independent simulator: the
 * oracle of the CPU kernel's tests for every circuit family. Never imported by the app.
 * jsqubits numbers bit 0 as the least significant, so our qubit q is its bit n−1−q; its
 * rotateX/Y/Z(θ) are exp(−iθσ/2), as ours.
 */
export function jsqubitsProgramExpectZ(
  program: ExtendedProgram,
  x: readonly number[],
  params: readonly number[],
): number[] {
  const n = program.qubits;
  const bit = (q: number) => n - 1 - q;
  let state = Qubits(`|${'0'.repeat(n)}>`);
  const rotate = (axis: 'x' | 'y' | 'z', q: number, angle: number) =>
    axis === 'x'
      ? state.rotateX(bit(q), angle)
      : axis === 'y'
        ? state.rotateY(bit(q), angle)
        : state.rotateZ(bit(q), angle);
  for (const g of program.gates) {
    switch (g.op) {
      case 'encode': {
        const kind = 'encoding' in g ? g.encoding : 'ry';
        if (kind === 'hrz') state = state.hadamard(bit(g.qubit));
        state = rotate(
          kind === 'rx' ? 'x' : kind === 'hrz' ? 'z' : 'y',
          g.qubit,
          Math.PI * x[g.qubit],
        );
        break;
      }
      case 'cnot':
        state = state.cnot(bit(g.control), bit(g.target));
        break;
      case 'rot':
        state = rotate(g.axis, g.qubit, params[g.param]);
        break;
      case 'frot':
        state = rotate(g.axis, g.qubit, g.angle);
        break;
      case 'fixed':
        state = jsqubitsFixedGate(state, g.gate, bit(g.qubit));
        break;
      case 'cz':
        state = state.controlledZ(bit(g.a), bit(g.b));
        break;
      case 'swap':
        state = state.swap(bit(g.a), bit(g.b));
        break;
      case 'crot': {
        const [c, t, a] = [bit(g.control), bit(g.target), params[g.param]];
        state =
          g.axis === 'x'
            ? state.controlledXRotation(c, t, a)
            : g.axis === 'y'
              ? state.controlledYRotation(c, t, a)
              : state.controlledZRotation(c, t, a);
        break;
      }
    }
  }
  return jsqubitsReadout(state, n);
}

type JsqubitsState = ReturnType<typeof Qubits>;

/** A fixed one-qubit gate on jsqubits bit b (S† and T† as phase gates of −π/2 and −π/4). */
export function jsqubitsFixedGate(
  state: JsqubitsState,
  gate: FixedGateName,
  b: number,
): JsqubitsState {
  switch (gate) {
    case 'h':
      return state.hadamard(b);
    case 'x':
      return state.x(b);
    case 'y':
      return state.y(b);
    case 'z':
      return state.z(b);
    case 's':
      return state.s(b);
    case 'sdg':
      return state.r(b, -Math.PI / 2);
    case 't':
      return state.t(b);
    case 'tdg':
      return state.r(b, -Math.PI / 4);
  }
}

/** ⟨Z_q⟩ of a jsqubits state for our qubits q = 0 … n−1 (jsqubits bit n−1−q). */
export function jsqubitsReadout(state: JsqubitsState, n: number): number[] {
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
  program: ExtendedProgram,
  x: readonly number[],
  params: readonly number[],
  weights: readonly number[],
): { params: number[]; inputs: number[] } {
  const f = (xs: readonly number[], ps: readonly number[]) =>
    jsqubitsProgramExpectZ(program, xs, ps).reduce((s, z, j) => s + weights[j] * z, 0);
  const shift = (v: readonly number[], i: number, by: number) =>
    v.map((a, k) => (k === i ? a + by : a));
  // A controlled rotation's generator has eigenvalues 0 and ±1/2: the four-term shift rule.
  const controlled = new Set(program.gates.flatMap((g) => (g.op === 'crot' ? [g.param] : [])));
  const [cPlus, cMinus] = [
    (Math.SQRT2 + 1) / (4 * Math.SQRT2),
    (Math.SQRT2 - 1) / (4 * Math.SQRT2),
  ];
  const difference = (i: number, by: number) =>
    f(x, shift(params, i, by)) - f(x, shift(params, i, -by));
  return {
    params: params.map((_, i) =>
      controlled.has(i)
        ? cPlus * difference(i, Math.PI / 2) - cMinus * difference(i, (3 * Math.PI) / 2)
        : difference(i, Math.PI / 2) / 2,
    ),
    inputs: x.map(
      (_, q) => (Math.PI * (f(shift(x, q, 0.5), params) - f(shift(x, q, -0.5), params))) / 2,
    ),
  };
}
