import * as tf from './tf';
import type { ExtendedProgram } from './circuit/circuitProgram';
import type { WindowSource } from './windows/windowSource';

/** Qubits of a quanv filter: a 2×2 kernel on 4 qubits or a 3×3 kernel on 9 (docs/model.md §1). */
export type QubitCount = 4 | 9;

/**
 * The gradient semantics of docs/model.md §4. `exact` differentiates through the RY(π·x) encoding;
 * `measured` treats the windows as constant data (a stop-gradient on the encoding angles).
 */
export type InputGradient = 'exact' | 'measured';

/**
 * A batched, differentiable quanvolutional filter: the seam where faster kernels replace the
 * tfjs-op version without touching the model.
 *
 * `expectZ(program, windows [P, n], params)` returns ⟨Z_j⟩ as `[P, n]` for a compiled circuit
 * program (circuitProgram.ts: encoding gates, rotations with their flat parameter index, CNOTs,
 * and the wider gate set: every simulator runs ExtendedProgram);
 * `params` holds program.paramCount angles in any shape (the network uses program.paramShape), and
 * its gradient has that shape. Every simulator walks the program's gate list: no family is a
 * special case. The result is differentiable (tfjs autodiff) with respect to `params`, and with
 * respect to `windows` unless `inputGradient` is `measured`.
 */
export interface QuanvSimulator {
  readonly name: string;
  /**
   * The same filter on plain typed arrays, for simulators whose kernel runs in main memory (the
   * fused CPU one): the model's typed-array training step (src/model/typed/) calls it directly,
   * with no tfjs op around it.
   */
  readonly arrays?: ArrayKernel;
  /**
   * Whether it runs the wider gate set (circuitProgram.ts ExtendedGate: custom circuits). One
   * without it is only handed core programs: the network runs its layers on the tfjs-op simulator
   * instead when a layer's program needs more (network.ts).
   */
  readonly extendedGates?: boolean;
  expectZ(
    program: ExtendedProgram,
    windows: tf.Tensor2D,
    params: tf.Tensor,
    inputGradient: InputGradient,
  ): tf.Tensor2D;
  /**
   * ⟨Z⟩ of every window under each of S parameter sets [S, paramCount]: [S·P, n], set-major, not
   * differentiated. The fused kernels run all sets in one dispatch or one loop (the shifted
   * circuits of finite shots); a simulator without it is called once per set.
   */
  readonly expectZSets?: (
    program: ExtendedProgram,
    windows: tf.Tensor2D,
    paramSets: tf.Tensor2D,
  ) => tf.Tensor2D;
}

/** expectZSets for any simulator: one expectZ call per parameter set. */
export function expectZSetsOneByOne(
  simulator: QuanvSimulator,
  program: ExtendedProgram,
  windows: tf.Tensor2D,
  paramSets: tf.Tensor2D,
): tf.Tensor2D {
  const sets = paramSets.shape[0];
  const shape = [...program.paramShape];
  return tf.tidy(() =>
    tf.concat(
      Array.from({ length: sets }, (_, s) =>
        simulator.expectZ(
          program,
          windows,
          tf.reshape(tf.slice(paramSets, [s, 0], [1, -1]), shape),
          'measured',
        ),
      ),
    ),
  );
}

/**
 * A quanv layer's filter on typed arrays: the windows a source gives (rows, or a feature map's
 * k×k windows), ⟨Z⟩ averaged over each cell's windows (a map's channels).
 */
export interface ArrayKernel {
  /** ⟨Z_j⟩ per cell, [rows / group, n] (windowSource.ts). */
  expectZ(program: ExtendedProgram, source: WindowSource, params: Float32Array): Float32Array;
  /**
   * The vector-Jacobian product with cotangent dz [rows / group, n]: ∂/∂params, and ∂/∂ the
   * source's data under `exact` (null under `measured`).
   */
  gradients(
    program: ExtendedProgram,
    source: WindowSource,
    params: Float32Array,
    dz: Float32Array,
    inputGradient: InputGradient,
  ): { readonly params: Float32Array; readonly input: Float32Array | null };
}
