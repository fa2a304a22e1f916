import type { CircuitProgram } from '../../src/sim/circuit/circuitProgram';

/**
 * Floating-point operations (adds and multiplies; the trig not counted) of one window's forward
 * and backward pass in the SIMD kernel (src/sim/cpu/assembly/), an estimate from its structure: the
 * numerator of the benchmark's share of the SIMD peak. The kernel fuses each qubit's run of
 * one-qubit gates (between CNOTs touching that qubit) into one op, folds the CNOTs into the ops'
 * amplitude-pair tables (no flops), and handles the product state before the first CNOT with 2×2
 * matrices per qubit (negligible beyond expanding it to 2ⁿ amplitudes). Runs are counted as
 * long as the kernel could make them, so the estimate errs low and the share with it.
 */
export function programFlops(program: CircuitProgram): number {
  const n = program.qubits;
  const dim = 1 << n;
  const first = program.gates.findIndex((g) => g.op === 'cnot');
  const runs: number[] = []; // gates per fused op
  const open = new Map<number, number>(); // qubit → index into runs
  for (const g of first < 0 ? [] : program.gates.slice(first)) {
    if (g.op === 'cnot') {
      open.delete(g.control);
      open.delete(g.target);
    } else if (g.op === 'rot' || g.op === 'encode') {
      const at = open.get(g.qubit);
      if (at === undefined) open.set(g.qubit, runs.push(1) - 1);
      else runs[at] += 1;
    }
  }
  // A lone rotation: 6 per amplitude (a real 2×2 or a diagonal phase on complex amplitudes); a
  // fused run: a general complex 2×2, 14 per amplitude.
  const ops = runs.reduce((sum, length) => sum + (length === 1 ? 6 : 14) * dim, 0);
  const gates = runs.reduce((sum, length) => sum + length, 0);
  const expansion = 12 * dim;
  const readout = (3 + n) * dim;
  const forward = expansion + ops + readout;
  // backward: λ = O·ψ ((n + 2) per amplitude); λ back through every op (the stored ψ is read, not
  // un-computed); per gate its gradient, Im⟨λ|σ|ψ⟩ (8 per amplitude); the prefix's contractions.
  const backward = (n + 2) * dim + ops + 8 * gates * dim + 14 * 3 * dim;
  return forward + backward;
}
