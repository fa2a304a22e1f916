import type { CircuitProgram } from '../../src/sim/circuitProgram';

/**
 * Floating-point operations (adds and multiplies; the encoding's trig not counted) of one
 * window's forward and backward pass in the SIMD kernel (src/sim/assembly/circuitSimd.ts),
 * counted from its loops: the numerator of the benchmark's share of the SIMD peak. Gates before
 * the first CNOT act on two-amplitude states (negligible), the rest on all 2ⁿ.
 */
export function programFlops(program: CircuitProgram): number {
  const n = program.qubits;
  const dim = 1 << n;
  const first = program.gates.findIndex((g) => g.op === 'cnot');
  const entangled = program.gates
    .slice(first < 0 ? program.gates.length : first)
    .filter((g) => g.op !== 'cnot').length;
  const prefix = program.gates.length - entangled;
  // expansion: 12 per amplitude pair written; each rotation 6 per amplitude; readout 4·n per one.
  const forward = 12 * dim + entangled * 6 * dim + 4 * n * dim + 12 * prefix;
  // backward: the forward again; λ = O·ψ (n + 2 per amplitude); per rotation its gradient (4)
  // and ψ, λ through G† (12) per amplitude; the contractions (14 per output, ~3·dim outputs).
  const backward = forward + (n + 2) * dim + entangled * 16 * dim + 14 * 3 * dim + 40 * prefix;
  return forward + backward;
}
