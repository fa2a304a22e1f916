/*
 * Which angles of a program act on ⟨Z⟩, by shifting them: the oracle of the dead-parameter tests
 * and of scripts/measure/deadScan.ts. Its own float64 statevector (separate real and imaginary
 * arrays, each gate as a general 2×2 matrix), sharing no code with float64Program.ts, the
 * simulator deadParameters.ts decides with.
 *
 * Why two shifts are exhaustive: with the other angles and the inputs fixed, a readout is
 * f(θ) = a·cos θ + b·sin θ + c (θ sits on one gate exp(−iθσ/2)). If (a, b) ≠ (0, 0), then
 * f(θ + s) = f(θ) for at most one s in (0, 2π); so of two different shifts at least one changes
 * f. θ is dead exactly when (a, b) = (0, 0) for every readout at every point.
 */
import type { ExtendedProgram } from '../circuit/circuitProgram';
import { mulberry32 } from '../../util/prng';

/** 2×2 complex matrix [[m00, m01], [m10, m11]] as [re00, im00, re01, im01, re10, im10, re11, im11]. */
type Matrix = readonly number[];

function rotation(axis: 'x' | 'y' | 'z', theta: number): Matrix {
  const c = Math.cos(theta / 2);
  const s = Math.sin(theta / 2);
  if (axis === 'x') return [c, 0, 0, -s, 0, -s, c, 0];
  if (axis === 'y') return [c, 0, -s, 0, s, 0, c, 0];
  return [c, -s, 0, 0, 0, 0, c, s];
}

/** The 2×2 matrix of a one-qubit gate by name, built here from its definition. */
function named(gate: string): Matrix {
  const h = Math.SQRT1_2;
  const phase = (a: number): Matrix => [1, 0, 0, 0, 0, 0, Math.cos(a), Math.sin(a)];
  const table: Record<string, Matrix> = {
    h: [h, 0, h, 0, h, 0, -h, 0],
    x: [0, 0, 1, 0, 1, 0, 0, 0],
    y: [0, 0, 0, -1, 0, 1, 0, 0],
    z: phase(Math.PI),
    s: phase(Math.PI / 2),
    sdg: phase(-Math.PI / 2),
    t: phase(Math.PI / 4),
    tdg: phase(-Math.PI / 4),
  };
  return table[gate];
}

/** ⟨Z_q⟩ for every qubit q: the program on one window, in float64. */
export function shiftTestExpectZ(
  program: ExtendedProgram,
  x: readonly number[],
  params: readonly number[],
): number[] {
  const n = program.qubits;
  const size = 1 << n;
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  re[0] = 1;
  const mask = (q: number) => size >> (q + 1); // qubit 0: the most significant bit
  /** m on qubit q where every bit of `when` is set. */
  const one = (q: number, m: Matrix, when = 0) => {
    const b = mask(q);
    for (let i = 0; i < size; i++) {
      if (i & b || (i & when) !== when) continue;
      const j = i | b;
      const [r0, i0, r1, i1] = [re[i], im[i], re[j], im[j]];
      re[i] = m[0] * r0 - m[1] * i0 + m[2] * r1 - m[3] * i1;
      im[i] = m[0] * i0 + m[1] * r0 + m[2] * i1 + m[3] * r1;
      re[j] = m[4] * r0 - m[5] * i0 + m[6] * r1 - m[7] * i1;
      im[j] = m[4] * i0 + m[5] * r0 + m[6] * i1 + m[7] * r1;
    }
  };
  for (const g of program.gates) {
    switch (g.op) {
      case 'cnot':
        one(g.target, named('x'), mask(g.control));
        break;
      case 'cz':
        one(g.b, named('z'), mask(g.a));
        break;
      case 'swap': // three CNOTs
        one(g.b, named('x'), mask(g.a));
        one(g.a, named('x'), mask(g.b));
        one(g.b, named('x'), mask(g.a));
        break;
      case 'encode': {
        const kind = 'encoding' in g ? g.encoding : 'ry';
        if (kind === 'hrz') one(g.qubit, named('h'));
        one(
          g.qubit,
          rotation(kind === 'rx' ? 'x' : kind === 'hrz' ? 'z' : 'y', Math.PI * x[g.qubit]),
        );
        break;
      }
      case 'rot':
        one(g.qubit, rotation(g.axis, params[g.param]));
        break;
      case 'frot':
        one(g.qubit, rotation(g.axis, g.angle));
        break;
      case 'fixed':
        one(g.qubit, named(g.gate));
        break;
      case 'crot':
        one(g.target, rotation(g.axis, params[g.param]), mask(g.control));
        break;
    }
  }
  return Array.from({ length: n }, (_, q) => {
    let z = 0;
    for (let i = 0; i < size; i++) {
      const p = re[i] * re[i] + im[i] * im[i];
      z += i & mask(q) ? -p : p;
    }
    return z;
  });
}

/** The shifts every angle gets: two different ones suffice (above). */
export const SHIFTS = [1.234, Math.PI] as const;
/**
 * A controlled rotation's angle enters with frequencies 1/2 and 1, so f(θ + s) − f(θ) has at most
 * three roots s in (0, 4π) unless it vanishes: four different shifts there suffice.
 */
export const CONTROLLED_SHIFTS = [1.234, Math.PI, 4.321, 7.5] as const;

/**
 * For each parameter, the largest change of any readout when that angle alone is shifted by one
 * of SHIFTS, over `points` random points (inputs over a whole period, angles over [0, 2π)).
 * 0 up to float64 rounding for a dead angle; clearly positive for a live one.
 */
export function largestShiftChanges(
  program: ExtendedProgram,
  points: number,
  seed: number,
): number[] {
  const random = mulberry32(seed);
  const controlled = new Set(program.gates.flatMap((g) => (g.op === 'crot' ? [g.param] : [])));
  const largest = new Array<number>(program.paramCount).fill(0);
  for (let k = 0; k < points; k++) {
    const x = Array.from({ length: program.qubits }, () => 2 * random());
    const params = Array.from({ length: program.paramCount }, () => 2 * Math.PI * random());
    const base = shiftTestExpectZ(program, x, params);
    for (let p = 0; p < program.paramCount; p++) {
      for (const s of controlled.has(p) ? CONTROLLED_SHIFTS : SHIFTS) {
        const shifted = params.map((a, i) => (i === p ? a + s : a));
        shiftTestExpectZ(program, x, shifted).forEach((z, j) => {
          largest[p] = Math.max(largest[p], Math.abs(z - base[j]));
        });
      }
    }
  }
  return largest;
}
