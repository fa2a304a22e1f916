/*
 * The costs, all diagonal in the computational basis, as a table d: C = Σ_idx d[idx]·|ψ_idx|²,
 * so H·ψ (the adjoint method's starting co-state) is d ⊙ ψ.
 */

export const COSTS = ['global', 'local', 'readout', 'projector'] as const;
export type Cost = (typeof COSTS)[number];

export const COST_TEXT: Record<Cost, string> = {
  global: '⟨Z⊗Z⊗…⊗Z⟩',
  local: '⟨Z₀⟩',
  readout: 'mean of ⟨Z_j⟩ (the quanv readout)',
  projector: '|0…0⟩⟨0…0| (McClean et al., PennyLane demo)',
};

function popcount(x: number): number {
  let c = 0;
  for (let v = x; v; v &= v - 1) c++;
  return c;
}

export function costTable(cost: Cost, n: number): Float64Array {
  const dim = 1 << n;
  const d = new Float64Array(dim);
  const msb = 1 << (n - 1);
  for (let idx = 0; idx < dim; idx++) {
    if (cost === 'global') d[idx] = popcount(idx) & 1 ? -1 : 1;
    else if (cost === 'local') d[idx] = idx & msb ? -1 : 1;
    else if (cost === 'readout') d[idx] = 1 - (2 * popcount(idx)) / n;
    else d[idx] = idx === 0 ? 1 : 0;
  }
  return d;
}
