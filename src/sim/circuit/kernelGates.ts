/*
 * The wider gate set (circuitProgram.ts ExtendedGate) lowered to the four gate kinds the fused
 * kernels execute (the WebAssembly SIMD kernel, src/sim/cpu/kernelProgram.ts, and the WGSL one,
 * src/sim/webgpu/webgpuKernel.ts): a per-window encoding rotation, a trainable rotation whose
 * angle is a multiple of its parameter, a fixed 2×2 unitary, and CNOT. Still data: the kernels
 * read the lowered list, so no circuit gets code of its own.
 *
 * - fixed gates and fixed-angle rotations are their matrices;
 * - the encodings: RY(πx), RX(πx), and H·RZ(πx) as the fixed H, then RZ(πx);
 * - SWAP(a, b) = CNOT(a, b)·CNOT(b, a)·CNOT(a, b), and CZ(a, b) = H_b·CNOT(a, b)·H_b;
 * - a controlled rotation CR_σ(θ) with σ = Y or Z is R_σ(θ/2) on the target, CNOT, R_σ(−θ/2),
 *   CNOT: with the control 0 the two halves cancel, with it 1 the X between them flips the second
 *   half's sign (XσX = −σ), so they add up to R_σ(θ). CRX(θ) = H·CRZ(θ)·H on the target.
 * A parameter read by two gates gets the sum of their gradients, each times its scale.
 */
import type { ExtendedGate, RotationAxis } from './circuitProgram';
import { FIXED_GATE_MATRICES, rotationMatrix, type Matrix } from './float64Program';

export type KernelGate =
  /** exp(−i·(π·x_qubit)·σ_axis/2), per window. */
  | { readonly op: 'encode'; readonly qubit: number; readonly axis: RotationAxis }
  /** exp(−i·scale·θ·σ_axis/2), θ = params[param]. */
  | {
      readonly op: 'rot';
      readonly axis: RotationAxis;
      readonly qubit: number;
      readonly param: number;
      readonly scale: number;
    }
  /** A fixed one-qubit unitary (float64Program.ts's Matrix layout). */
  | { readonly op: 'fixed'; readonly qubit: number; readonly matrix: Matrix }
  | { readonly op: 'cnot'; readonly control: number; readonly target: number };

const cnot = (control: number, target: number): KernelGate => ({ op: 'cnot', control, target });
const hadamard = (qubit: number): KernelGate => ({
  op: 'fixed',
  qubit,
  matrix: FIXED_GATE_MATRICES.h,
});

/** The gate list in the kernels' four kinds (core gates map one to one, in order). */
export function lowerForKernels(gates: readonly ExtendedGate[]): KernelGate[] {
  return gates.flatMap((g): KernelGate[] => {
    switch (g.op) {
      case 'encode': {
        const encoding = 'encoding' in g ? g.encoding : 'ry';
        if (encoding === 'hrz')
          return [hadamard(g.qubit), { op: 'encode', qubit: g.qubit, axis: 'z' }];
        return [{ op: 'encode', qubit: g.qubit, axis: encoding === 'rx' ? 'x' : 'y' }];
      }
      case 'rot':
        return [{ op: 'rot', axis: g.axis, qubit: g.qubit, param: g.param, scale: 1 }];
      case 'frot':
        return [{ op: 'fixed', qubit: g.qubit, matrix: rotationMatrix(g.axis, g.angle) }];
      case 'fixed':
        return [{ op: 'fixed', qubit: g.qubit, matrix: FIXED_GATE_MATRICES[g.gate] }];
      case 'cnot':
        return [cnot(g.control, g.target)];
      case 'swap':
        return [cnot(g.a, g.b), cnot(g.b, g.a), cnot(g.a, g.b)];
      case 'cz':
        return [hadamard(g.b), cnot(g.a, g.b), hadamard(g.b)];
      case 'crot': {
        const axis = g.axis === 'x' ? 'z' : g.axis;
        const half = (scale: number): KernelGate => ({
          op: 'rot',
          axis,
          qubit: g.target,
          param: g.param,
          scale,
        });
        const core = [half(0.5), cnot(g.control, g.target), half(-0.5), cnot(g.control, g.target)];
        return g.axis === 'x' ? [hadamard(g.target), ...core, hadamard(g.target)] : core;
      }
    }
  });
}
