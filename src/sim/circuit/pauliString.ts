/*
 * Pauli strings as two bit masks (x, z; bit j for qubit j: X where only x is set, Z where only z,
 * Y where both) and how a CNOT conjugates one: shared by the Pauli path's graph
 * (src/sim/cpu/pauliPropagation.ts) and the dead-parameter rule (deadParameters.ts), which
 * carries Z-strings (x = 0) through a circuit.
 */

/** Pauli index on qubit j of a string: −1 identity, 0 X, 1 Y, 2 Z. */
export function pauliAt(x: number, z: number, j: number): number {
  const xb = (x >> j) & 1,
    zb = (z >> j) & 1;
  return xb ? (zb ? 1 : 0) : zb ? 2 : -1;
}

/**
 * CNOT·P·CNOT for a string P = ⊗σ (x, z masks): X_c → X_c X_t, Z_t → Z_c Z_t, and a sign where
 * the reordering of X and Z picks one up (Y_c Y_t → −X_c Z_t). Its own inverse.
 */
export function conjugateByCnot(
  x: number,
  z: number,
  control: number,
  target: number,
): [number, number, number] {
  const xc = (x >> control) & 1,
    zc = (z >> control) & 1,
    xt = (x >> target) & 1,
    zt = (z >> target) & 1;
  const sign = xc & zt & (xt ^ zc ^ 1) ? -1 : 1;
  return [x ^ (xc << target), z ^ (zt << control), sign];
}
