/*
 * One-qubit unitaries as rotations of the Bloch sphere (pure float64 math): a state's Bloch
 * vector b (b_k = ⟨σ_k⟩, k = x, y, z) goes to B·b under U, and an observable σ_k seen through U
 * (U†·σ_k·U) is Σ_l B[k][l]·σ_l. Both directions read the same 3×3 matrix, row-major.
 */
import type { RotationAxis } from './circuitProgram';
import { dagger, matrixProduct as mul, type Matrix } from './float64Program';

/** A 3×3 real matrix, row-major. */
export type Bloch = readonly number[];

export const BLOCH_AXES: readonly RotationAxis[] = ['x', 'y', 'z'];

const PAULIS: readonly Matrix[] = [
  [0, 0, 1, 0, 1, 0, 0, 0],
  [0, 0, 0, -1, 0, 1, 0, 0],
  [1, 0, 0, 0, 0, 0, -1, 0],
];

/** B[k][l] = ½·tr(σ_k·U·σ_l·U†): column l holds the Pauli components of U·σ_l·U†. */
export function blochOf(u: Matrix): Bloch {
  const b = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (let l = 0; l < 3; l++) {
    // h = U σ_l U†, Hermitian: ½tr(σ_x h) = Re h01, ½tr(σ_y h) = −Im h01, ½tr(σ_z h) = (h00 − h11)/2.
    const h = mul(mul(u, PAULIS[l]), dagger(u));
    b[l] = h[2];
    b[3 + l] = -h[3];
    b[6 + l] = (h[0] - h[6]) / 2;
  }
  return b;
}

/** The rotation exp(−iθσ_a/2) as B (θ about axis a, right-handed) and dB/dθ. */
export function rotationBloch(axis: RotationAxis, theta: number): { b: Bloch; d: Bloch } {
  const a = BLOCH_AXES.indexOf(axis);
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const b = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const d = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const [i, j] = [(a + 1) % 3, (a + 2) % 3];
  b[4 * a] = 1;
  // e_i → cos·e_i + sin·e_j, e_j → cos·e_j − sin·e_i (a × e_i = e_j for the cyclic order).
  b[3 * i + i] = c;
  b[3 * j + i] = s;
  b[3 * i + j] = -s;
  b[3 * j + j] = c;
  d[3 * i + i] = -s;
  d[3 * j + i] = c;
  d[3 * i + j] = -c;
  d[3 * j + j] = -s;
  return { b, d };
}

/** a·b for 3×3 row-major matrices (a after b, as maps). */
export function blochProduct(a: Bloch, b: Bloch): number[] {
  const out = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 3; c++)
      out[3 * r + c] = a[3 * r] * b[c] + a[3 * r + 1] * b[3 + c] + a[3 * r + 2] * b[6 + c];
  return out;
}
