/* Basis permutations of a run of CNOTs and Z readout signs: the tables of the tfjs-op simulator. */

/** Z eigenvalue (+1 for |0⟩, −1 for |1⟩) of qubit q in basis state b. */
export function zSign(basis: number, qubit: number, n: number): number {
  return (basis >> (n - 1 - qubit)) & 1 ? -1 : 1;
}

/** Basis index b ↦ its image under a run of CNOTs applied in order (any pairs, not only a ring). */
export function cnotRunImage(
  basis: number,
  n: number,
  run: readonly { readonly control: number; readonly target: number }[],
): number {
  let b = basis;
  for (const { control, target } of run) {
    if ((b >> (n - 1 - control)) & 1) b ^= 1 << (n - 1 - target);
  }
  return b;
}
