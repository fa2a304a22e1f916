import type { CircuitProgram } from '../../src/sim/circuit/circuitProgram';
import { kernelProgram, type KernelProgram } from '../../src/sim/cpu/kernelProgram';

/**
 * Floating-point operations (adds and multiplies; the trig not counted) of one window's forward
 * and backward pass in the SIMD kernel (src/sim/cpu/assembly/), an estimate from its structure: the
 * numerator of the benchmark's share of the SIMD peak. The kernel fuses each qubit's run of
 * one-qubit gates (between CNOTs touching that qubit) into one op, folds the CNOTs into the ops'
 * amplitude-pair tables (no flops), and handles the product state before the first CNOT with 2×2
 * matrices per qubit (negligible beyond expanding it to 2ⁿ amplitudes). Runs are counted as
 * long as the kernel could make them, so the estimate errs low and the share with it.
 */
export function programFlops(
  program: CircuitProgram,
  kp: KernelProgram = kernelProgram(program),
): number {
  if (kp.pauli) return pauliFlops(kp);
  const n = program.qubits;
  const dim = 1 << n;
  const first = program.gates.findIndex((g) => g.op === 'cnot');
  const runs: number[] = []; // gates per fused op
  const open = new Map<number, number>(); // qubit → index into runs
  // Runs after the last CNOT that some one-qubit gate follows are the kernel's terminal ops:
  // their gradient sums come from the final state, 11 flops a pair (pairs.ts, terminalSums).
  let lastCnot = -1;
  for (let i = 0, seen = -1; i < program.gates.length; i++) {
    if (program.gates[i].op === 'cnot') seen = i;
    else lastCnot = seen;
  }
  let terminalFrom = Infinity; // the first terminal run
  for (const [i, g] of (first < 0 ? [] : program.gates.slice(first)).entries()) {
    if (g.op === 'cnot') {
      open.delete(g.control);
      open.delete(g.target);
    } else if (g.op === 'rot' || g.op === 'encode') {
      const at = open.get(g.qubit);
      if (at === undefined) {
        open.set(g.qubit, runs.push(1) - 1);
        if (first + i > lastCnot) terminalFrom = Math.min(terminalFrom, runs.length - 1);
      } else runs[at] += 1;
    }
  }
  if (runs.length === 0) return productFlops(program);
  // A lone rotation: 6 per amplitude (a real 2×2 or a diagonal phase on complex amplitudes); a
  // fused run: a general complex 2×2, 14 per amplitude.
  const ops = runs.reduce((sum, length) => sum + (length === 1 ? 6 : 14) * dim, 0);
  const sums = runs.reduce(
    (sum, length, r) => sum + (r >= terminalFrom ? 5.5 : 8 * length) * dim,
    0,
  );
  const expansion = 12 * dim;
  const readout = (3 + n) * dim;
  const forward = expansion + ops + readout;
  // backward: λ = O·ψ ((n + 2) per amplitude); λ back through every op (the stored ψ is read, not
  // un-computed); per gate its gradient, Im⟨λ|σ|ψ⟩ (8 per amplitude; a terminal run's 5.5 in
  // all); the prefix's contractions.
  const backward = (n + 2) * dim + ops + sums + 14 * 3 * dim;
  return forward + backward;
}

/**
 * A program with no one-qubit gate after its first CNOT: the kernel never makes the 2ⁿ
 * amplitudes (src/sim/cpu/assembly/productReadout.ts), so this counts what it does, the
 * backward's own pass over the prefix included: per qubit its prefix state U·(c, s) (12) and
 * ⟨Z⟩ (7); ⟨Z_q⟩ a product over the parity set S_q the CNOTs make (|S_q|); in the backward,
 * per member of each S_q its share of ∂E/∂⟨Z_k⟩ (|S_q| + 1), per qubit μ (4) and the three cross
 * sums (24), per gate before the CNOTs its gradient (6).
 */
function productFlops(program: CircuitProgram): number {
  const n = program.qubits;
  // masks[q]: the prefix qubits whose parity basis bit q is at the end (bit k for qubit k).
  const masks = Array.from({ length: n }, (_, q) => 1 << q);
  let gates = 0;
  for (const g of program.gates) {
    if (g.op === 'cnot') masks[g.target] ^= masks[g.control];
    else gates++;
  }
  const sizes = masks.map((m) => m.toString(2).replace(/0/g, '').length);
  const prefix = 19 * n;
  const forward = prefix + sizes.reduce((sum, s) => sum + s, 0);
  const backward = prefix + sizes.reduce((sum, s) => sum + s * (s + 1), 0) + 28 * n + 6 * gates;
  return forward + backward;
}

/**
 * The Pauli path (src/sim/cpu/assembly/pauliTerms.ts), from its codes (n qubits, N trie nodes,
 * T terms): per qubit its Bloch vector (17); per node one product, per term its coefficient's
 * multiply-add. The backward does the forward's products again, per term its sum and seed (4),
 * per node its share of its parent's adjoint and of its factor's gradient (2 + 2), per qubit the
 * nine A sums and ∂/∂φ (30).
 */
function pauliFlops(kp: KernelProgram): number {
  const [, terms, n, nodes] = kp.codes;
  const forward = 17 * n + nodes + 2 * terms;
  const backward = 47 * n + 5 * nodes + 4 * terms;
  return forward + backward;
}
