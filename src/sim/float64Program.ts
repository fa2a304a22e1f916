import type { CircuitProgram, Gate } from './circuitProgram';

/*
 * A compiled program (circuitProgram.ts) on one window in float64, with the derivative of every
 * readout ⟨Z_j⟩ with respect to every angle by the adjoint method. Not a training simulator
 * (one window, plain arrays, no tfjs): it exists so that exact decisions about a program, such as
 * which angles are dead (deadParameters.ts), rest on float64 rounding (~1e-15) rather than on
 * the float32 kernels' (~1e-7). Conventions as circuitProgram.ts: qubit 0 is the most
 * significant bit, rotations exp(−iθσ/2), the encoding RY(π·x_q).
 */

/** A statevector as interleaved (re, im) pairs: amplitude i at [2i], [2i + 1]. */
type State = Float64Array;

/** The angle a gate turns by, or null for a CNOT. */
function gateAngle(g: Gate, x: ArrayLike<number>, params: ArrayLike<number>): number | null {
  if (g.op === 'cnot') return null;
  return g.op === 'encode' ? Math.PI * x[g.qubit] : params[g.param];
}

function gateAxis(g: Gate): 'x' | 'y' | 'z' {
  return g.op === 'rot' ? g.axis : 'y';
}

/** exp(−iθσ/2) on `qubit`, in place (−θ is its inverse). */
function rotate(s: State, n: number, qubit: number, axis: 'x' | 'y' | 'z', theta: number): void {
  const c = Math.cos(theta / 2);
  const sn = Math.sin(theta / 2);
  const bit = 1 << (n - 1 - qubit);
  for (let i = 0; i < 1 << n; i++) {
    if (i & bit) continue;
    const a = 2 * i;
    const b = 2 * (i | bit);
    const ar = s[a];
    const ai = s[a + 1];
    const br = s[b];
    const bi = s[b + 1];
    if (axis === 'x') {
      // [[c, −is], [−is, c]]
      s[a] = c * ar + sn * bi;
      s[a + 1] = c * ai - sn * br;
      s[b] = c * br + sn * ai;
      s[b + 1] = c * bi - sn * ar;
    } else if (axis === 'y') {
      // [[c, −s], [s, c]]
      s[a] = c * ar - sn * br;
      s[a + 1] = c * ai - sn * bi;
      s[b] = sn * ar + c * br;
      s[b + 1] = sn * ai + c * bi;
    } else {
      // diag(e^{−iθ/2}, e^{iθ/2})
      s[a] = c * ar + sn * ai;
      s[a + 1] = c * ai - sn * ar;
      s[b] = c * br - sn * bi;
      s[b + 1] = c * bi + sn * br;
    }
  }
}

function cnot(s: State, n: number, control: number, target: number): void {
  const cb = 1 << (n - 1 - control);
  const tb = 1 << (n - 1 - target);
  for (let i = 0; i < 1 << n; i++) {
    if (!(i & cb) || i & tb) continue;
    const a = 2 * i;
    const b = 2 * (i | tb);
    const r = s[a];
    const m = s[a + 1];
    s[a] = s[b];
    s[a + 1] = s[b + 1];
    s[b] = r;
    s[b + 1] = m;
  }
}

/** Applies gate g (or its inverse) in place. */
function apply(s: State, n: number, g: Gate, angle: number | null, inverse: boolean): void {
  if (g.op === 'cnot') cnot(s, n, g.control, g.target);
  else rotate(s, n, g.qubit, gateAxis(g), inverse ? -(angle as number) : (angle as number));
}

/** Im⟨λ|σ_axis on qubit|ψ⟩. */
function imSandwich(lam: State, psi: State, n: number, qubit: number, axis: 'x' | 'y' | 'z') {
  const bit = 1 << (n - 1 - qubit);
  let sum = 0;
  for (let i = 0; i < 1 << n; i++) {
    if (i & bit) continue;
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

function run(program: CircuitProgram, x: ArrayLike<number>, params: ArrayLike<number>): State {
  const n = program.qubits;
  const s = new Float64Array(2 << n);
  s[0] = 1;
  for (const g of program.gates) apply(s, n, g, gateAngle(g, x, params), false);
  return s;
}

/** ⟨Z_j⟩ for j = 0 … n−1 of one window x (n pixels) at angles params. */
export function float64ExpectZ(
  program: CircuitProgram,
  x: ArrayLike<number>,
  params: ArrayLike<number>,
): number[] {
  return readout(run(program, x, params), program.qubits);
}

/**
 * ∂⟨Z_j⟩/∂params[p] for every readout j and angle p: row j of the result, paramCount entries.
 * One forward pass, then one backward pass that carries the state and one adjoint vector per
 * readout: at the point right after a rotation exp(−iθσ/2), ∂⟨O⟩/∂θ = Im⟨λ|σ|ψ⟩ with
 * λ = (the rest of the circuit)†·O·(the rest)·ψ.
 */
export function float64ReadoutGradients(
  program: CircuitProgram,
  x: ArrayLike<number>,
  params: ArrayLike<number>,
): Float64Array[] {
  const n = program.qubits;
  const psi = run(program, x, params);
  const lambdas = Array.from({ length: n }, (_, j) => {
    const lam = psi.slice();
    const bit = 1 << (n - 1 - j);
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
    const angle = gateAngle(g, x, params);
    if (g.op === 'rot') {
      for (let j = 0; j < n; j++)
        grads[j][g.param] += imSandwich(lambdas[j], psi, n, g.qubit, g.axis);
    }
    apply(psi, n, g, angle, true);
    for (const lam of lambdas) apply(lam, n, g, angle, true);
  }
  return grads;
}
