import type { ExtendedGate, ExtendedProgram, FixedGateName, RotationAxis } from './circuitProgram';

/*
 * A compiled program (circuitProgram.ts, the wider gate set included) on one window in float64,
 * with the derivative of every readout ⟨Z_j⟩ with respect to every angle by the adjoint method.
 * Not a training simulator (one window, plain arrays, no tfjs): it exists so that exact decisions
 * about a program, such as which angles are dead (deadParameters.ts), rest on float64 rounding
 * (~1e-15) rather than on the float32 kernels' (~1e-7). Conventions as circuitProgram.ts: qubit 0
 * is the most significant bit, rotations exp(−iθσ/2), the encoding RY(π·x_q) unless it says RX or
 * H·RZ.
 */

/** A statevector as interleaved (re, im) pairs: amplitude i at [2i], [2i + 1]. */
type State = Float64Array;
/** A 2×2 complex matrix, row-major: [re00, im00, re01, im01, re10, im10, re11, im11]. */
export type Matrix = readonly number[];

const R = Math.SQRT1_2;
/** The fixed gates' matrices (also lowered into the kernels' programs, kernelGates.ts). */
export const FIXED_GATE_MATRICES: Record<FixedGateName, Matrix> = {
  h: [R, 0, R, 0, R, 0, -R, 0],
  x: [0, 0, 1, 0, 1, 0, 0, 0],
  y: [0, 0, 0, -1, 0, 1, 0, 0],
  z: [1, 0, 0, 0, 0, 0, -1, 0],
  s: [1, 0, 0, 0, 0, 0, 0, 1],
  sdg: [1, 0, 0, 0, 0, 0, 0, -1],
  t: [1, 0, 0, 0, 0, 0, R, R],
  tdg: [1, 0, 0, 0, 0, 0, R, -R],
};

/** exp(−iθσ_axis/2). */
export function rotationMatrix(axis: RotationAxis, theta: number): Matrix {
  const c = Math.cos(theta / 2);
  const s = Math.sin(theta / 2);
  if (axis === 'x') return [c, 0, 0, -s, 0, -s, c, 0];
  if (axis === 'y') return [c, 0, -s, 0, s, 0, c, 0];
  return [c, -s, 0, 0, 0, 0, c, s];
}

/** a·b for 2×2 complex matrices. */
export function matrixProduct(a: Matrix, b: Matrix): Matrix {
  const out: number[] = [];
  for (let i = 0; i < 2; i++)
    for (let j = 0; j < 2; j++) {
      let re = 0,
        im = 0;
      for (let k = 0; k < 2; k++) {
        const [ar, ai] = [a[4 * i + 2 * k], a[4 * i + 2 * k + 1]];
        const [br, bi] = [b[4 * k + 2 * j], b[4 * k + 2 * j + 1]];
        re += ar * br - ai * bi;
        im += ar * bi + ai * br;
      }
      out.push(re, im);
    }
  return out;
}

export const dagger = (m: Matrix): Matrix => [m[0], -m[1], m[4], -m[5], m[2], -m[3], m[6], -m[7]];

/** m on `qubit`, in place, on the basis states whose `controlMask` bits are all 1. */
function apply1(s: State, n: number, qubit: number, m: Matrix, controlMask = 0): void {
  const bit = 1 << (n - 1 - qubit);
  for (let i = 0; i < 1 << n; i++) {
    if (i & bit || (i & controlMask) !== controlMask) continue;
    const a = 2 * i;
    const b = 2 * (i | bit);
    const [ar, ai, br, bi] = [s[a], s[a + 1], s[b], s[b + 1]];
    s[a] = m[0] * ar - m[1] * ai + m[2] * br - m[3] * bi;
    s[a + 1] = m[0] * ai + m[1] * ar + m[2] * bi + m[3] * br;
    s[b] = m[4] * ar - m[5] * ai + m[6] * br - m[7] * bi;
    s[b + 1] = m[4] * ai + m[5] * ar + m[6] * bi + m[7] * br;
  }
}

const maskOf = (n: number, q: number) => 1 << (n - 1 - q);

/** The gate's one-qubit factors in order of application: (qubit, matrix, control mask). */
function factors(
  g: ExtendedGate,
  n: number,
  x: ArrayLike<number>,
  params: ArrayLike<number>,
): { qubit: number; m: Matrix; control: number }[] | null {
  switch (g.op) {
    case 'encode': {
      const angle = Math.PI * x[g.qubit];
      const kind = 'encoding' in g ? g.encoding : 'ry';
      if (kind === 'hrz') {
        return [
          { qubit: g.qubit, m: FIXED_GATE_MATRICES.h, control: 0 },
          { qubit: g.qubit, m: rotationMatrix('z', angle), control: 0 },
        ];
      }
      return [{ qubit: g.qubit, m: rotationMatrix(kind === 'rx' ? 'x' : 'y', angle), control: 0 }];
    }
    case 'rot':
      return [{ qubit: g.qubit, m: rotationMatrix(g.axis, params[g.param]), control: 0 }];
    case 'frot':
      return [{ qubit: g.qubit, m: rotationMatrix(g.axis, g.angle), control: 0 }];
    case 'fixed':
      return [{ qubit: g.qubit, m: FIXED_GATE_MATRICES[g.gate], control: 0 }];
    case 'cnot':
      return [{ qubit: g.target, m: FIXED_GATE_MATRICES.x, control: maskOf(n, g.control) }];
    case 'cz':
      return [{ qubit: g.b, m: FIXED_GATE_MATRICES.z, control: maskOf(n, g.a) }];
    case 'crot':
      return [
        {
          qubit: g.target,
          m: rotationMatrix(g.axis, params[g.param]),
          control: maskOf(n, g.control),
        },
      ];
    case 'swap':
      return null;
  }
}

function swap(s: State, n: number, a: number, b: number): void {
  const ma = maskOf(n, a);
  const mb = maskOf(n, b);
  for (let i = 0; i < 1 << n; i++) {
    if (!(i & ma) || i & mb) continue;
    const j = (i & ~ma) | mb;
    for (const k of [0, 1]) [s[2 * i + k], s[2 * j + k]] = [s[2 * j + k], s[2 * i + k]];
  }
}

/** Applies gate g, or its inverse, in place. */
function apply(
  s: State,
  n: number,
  g: ExtendedGate,
  x: ArrayLike<number>,
  params: ArrayLike<number>,
  inverse: boolean,
): void {
  if (g.op === 'swap') return swap(s, n, g.a, g.b);
  const parts = factors(g, n, x, params) ?? [];
  if (!inverse) for (const f of parts) apply1(s, n, f.qubit, f.m, f.control);
  else for (const f of [...parts].reverse()) apply1(s, n, f.qubit, dagger(f.m), f.control);
}

/** Im⟨λ|P·σ_axis on qubit|ψ⟩, P the projector on the basis states with `controlMask` bits 1. */
function imSandwich(
  lam: State,
  psi: State,
  n: number,
  qubit: number,
  axis: RotationAxis,
  controlMask: number,
) {
  const bit = maskOf(n, qubit);
  let sum = 0;
  for (let i = 0; i < 1 << n; i++) {
    if (i & bit || (i & controlMask) !== controlMask) continue;
    const a = 2 * i;
    const b = 2 * (i | bit);
    // (σψ)_a, (σψ)_b, then Im(conj(λ_a)·(σψ)_a + conj(λ_b)·(σψ)_b)
    let ar: number, ai: number, br: number, bi: number;
    if (axis === 'x') {
      [ar, ai, br, bi] = [psi[b], psi[b + 1], psi[a], psi[a + 1]];
    } else if (axis === 'y') {
      // Y = [[0, −i], [i, 0]]
      [ar, ai, br, bi] = [psi[b + 1], -psi[b], -psi[a + 1], psi[a]];
    } else {
      [ar, ai, br, bi] = [psi[a], psi[a + 1], -psi[b], -psi[b + 1]];
    }
    sum += lam[a] * ai - lam[a + 1] * ar + lam[b] * bi - lam[b + 1] * br;
  }
  return sum;
}

function readout(s: State, n: number): number[] {
  const z = new Array<number>(n).fill(0);
  for (let i = 0; i < 1 << n; i++) {
    const p = s[2 * i] * s[2 * i] + s[2 * i + 1] * s[2 * i + 1];
    for (let q = 0; q < n; q++) z[q] += (i >> (n - 1 - q)) & 1 ? -p : p;
  }
  return z;
}

function run(program: ExtendedProgram, x: ArrayLike<number>, params: ArrayLike<number>): State {
  const n = program.qubits;
  const s = new Float64Array(2 << n);
  s[0] = 1;
  for (const g of program.gates) apply(s, n, g, x, params, false);
  return s;
}

/** ⟨Z_j⟩ for j = 0 … n−1 of one window x (n pixels) at angles params. */
export function float64ExpectZ(
  program: ExtendedProgram,
  x: ArrayLike<number>,
  params: ArrayLike<number>,
): number[] {
  return readout(run(program, x, params), program.qubits);
}

/**
 * ∂⟨Z_j⟩/∂params[p] for every readout j and angle p: row j of the result, paramCount entries.
 * One forward pass, then one backward pass that carries the state and one adjoint vector per
 * readout: at the point right after a rotation exp(−iθσ/2) (controlled: P·exp(−iθσ/2) + (1 − P)),
 * ∂⟨O⟩/∂θ = Im⟨λ|P·σ|ψ⟩ with λ = (the rest of the circuit)†·O·(the rest)·ψ.
 */
export function float64ReadoutGradients(
  program: ExtendedProgram,
  x: ArrayLike<number>,
  params: ArrayLike<number>,
): Float64Array[] {
  const n = program.qubits;
  const psi = run(program, x, params);
  const lambdas = Array.from({ length: n }, (_, j) => {
    const lam = psi.slice();
    const bit = maskOf(n, j);
    for (let i = 0; i < 1 << n; i++) {
      if (i & bit) {
        lam[2 * i] = -lam[2 * i];
        lam[2 * i + 1] = -lam[2 * i + 1];
      }
    }
    return lam;
  });
  const grads = Array.from({ length: n }, () => new Float64Array(program.paramCount));
  for (let k = program.gates.length - 1; k >= 0; k--) {
    const g = program.gates[k];
    if (g.op === 'rot' || g.op === 'crot') {
      const [qubit, control] = g.op === 'rot' ? [g.qubit, 0] : [g.target, maskOf(n, g.control)];
      for (let j = 0; j < n; j++) {
        grads[j][g.param] += imSandwich(lambdas[j], psi, n, qubit, g.axis, control);
      }
    }
    apply(psi, n, g, x, params, true);
    for (const lam of lambdas) apply(lam, n, g, x, params, true);
  }
  return grads;
}
