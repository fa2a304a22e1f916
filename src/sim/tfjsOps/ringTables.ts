/* Basis permutations of CNOTs (the ring of docs/model.md §1, or any run of a program) and Z readout signs. */

/** Basis index b ↦ its image under the CNOT ring j → j+1 mod n, applied for j = 0 … n-1. */
export function cnotRingImage(basis: number, n: number): number {
  let b = basis;
  for (let c = 0; c < n; c++) {
    const t = (c + 1) % n;
    // qubit q is bit n-1-q of the index: qubit 0 is the most significant (docs/model.md §1).
    if ((b >> (n - 1 - c)) & 1) b ^= 1 << (n - 1 - t);
  }
  return b;
}

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
