import type { CircuitProgram } from './circuitProgram';

/*
 * Dead parameters (docs/model.md §6): which of a program's angles provably cannot change any readout ⟨Z_j⟩,
 * from the gate list alone.
 *
 * An RZ(θ) = exp(−iθZ_q/2) can be moved to the end of the circuit: past a later gate U it becomes
 * exp(−iθ·U Z_q U†/2). While the operator stays a product of Z's (a Z-string) it commutes with
 * every Z_j of the readout, so at the end it cancels in ⟨ψ|…Z_j…|ψ⟩ and θ is dead. Walking forward:
 * - a CNOT conjugates a Z-string into a Z-string: Z on its target spreads to its control
 *   (Z_t → Z_c·Z_t), Z on its control stays (Z_c → Z_c);
 * - an RZ on any qubit, or any rotation on a qubit where the string is the identity, commutes;
 * - an RX or RY (or the RY encoding) on a qubit where the string has a Z does not commute: θ may
 *   act, and the parameter counts as live.
 * RX and RY gates are never dead this way (they do not commute with Z_q at all). This is exact for
 * the sufficient condition, and the tests check it against measured gradients: zero for every dead
 * angle, non-zero for every live one, in every family at L = 1–3.
 */

/** dead[i]: parameter i cannot affect ⟨Z⟩ (program.paramCount entries). */
export function deadParameters(program: CircuitProgram): boolean[] {
  const dead = new Array<boolean>(program.paramCount).fill(false);
  const gates = program.gates;
  gates.forEach((gate, at) => {
    if (gate.op !== 'rot' || gate.axis !== 'z') return;
    let mask = 1 << gate.qubit; // bit q: the string has Z on qubit q
    for (let k = at + 1; k < gates.length; k++) {
      const g = gates[k];
      if (g.op === 'cnot') {
        if (mask & (1 << g.target)) mask ^= 1 << g.control;
      } else if ((g.op === 'encode' || g.axis !== 'z') && mask & (1 << g.qubit)) {
        return; // an RX or RY meets a Z of the string: θ may act
      }
    }
    dead[gate.param] = true;
  });
  return dead;
}

/**
 * The program without its dead rotations: the same readout ⟨Z⟩ (each dead RZ cancels at the end,
 * as above), the same parameter layout, and nothing that reads a dead angle, so its gradient
 * is exactly 0 on every simulator rather than float32 rounding (which Adam would scale up into
 * steps of a dead angle). The drawing and the export keep the full program.
 */
export function withoutDeadRotations(program: CircuitProgram): CircuitProgram {
  const dead = deadParameters(program);
  if (!dead.some(Boolean)) return program;
  return { ...program, gates: program.gates.filter((g) => g.op !== 'rot' || !dead[g.param]) };
}
