/*
 * What a simulator should give for a program on a few windows, from an independent simulator:
 * ⟨Z⟩ row-major [P, n], and the vector-Jacobian product with readout weights w (the same for every
 * window) summed over windows for the angles, per window for the pixels. jsqubits with the
 * parameter-shift rule, or the float64 program (adjoint method) with central differences for the
 * pixels (exact to ~1e-9, and right for a pixel encoded more than once).
 */
import type { ExtendedProgram } from '../circuit/circuitProgram';
import { float64ExpectZ, float64ReadoutGradients } from '../circuit/float64Program';
import {
  jsqubitsProgramExpectZ,
  jsqubitsProgramParameterShift,
} from '../reference/jsqubitsProgram';

export interface ReferenceValues {
  readonly z: number[];
  readonly params: number[];
  readonly inputs: number[];
}

export function jsqubitsReference(
  program: ExtendedProgram,
  windows: readonly (readonly number[])[],
  params: readonly number[],
  weights: readonly number[],
): ReferenceValues {
  const shifts = windows.map((w) => jsqubitsProgramParameterShift(program, w, params, weights));
  return {
    z: windows.flatMap((w) => jsqubitsProgramExpectZ(program, w, params)),
    params: params.map((_, i) => shifts.reduce((s, r) => s + r.params[i], 0)),
    inputs: shifts.flatMap((r) => r.inputs),
  };
}

export function float64Reference(
  program: ExtendedProgram,
  windows: readonly (readonly number[])[],
  params: readonly number[],
  weights: readonly number[],
): ReferenceValues {
  const loss = (x: readonly number[]) =>
    float64ExpectZ(program, x, params).reduce((s, z, j) => s + weights[j] * z, 0);
  const h = 1e-4;
  const readouts = windows.map((w) => float64ReadoutGradients(program, w, params));
  return {
    z: windows.flatMap((w) => float64ExpectZ(program, w, params)),
    params: params.map((_, p) =>
      readouts.reduce((s, rows) => s + rows.reduce((t, row, j) => t + weights[j] * row[p], 0), 0),
    ),
    inputs: windows.flatMap((w) =>
      w.map((_, q) => {
        const at = (d: number) => loss(w.map((v, k) => (k === q ? v + d : v)));
        return (at(h) - at(-h)) / (2 * h);
      }),
    ),
  };
}
