import type * as tf from './tf';

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
 * `expectZ(windows [P, n], params [L, n, 2])` returns ⟨Z_j⟩ as `[P, n]`. Window pixel j is
 * encoded by RY(π·x_j) on qubit j; the ansatz is L layers of RY(θ) then RZ(φ) on every qubit
 * (params[l, j] = [θ, φ]) followed by a CNOT ring j → j+1 mod n. Qubit 0 is the most significant
 * bit of the basis index. The result is differentiable (tfjs autodiff) with respect to `params`,
 * and with respect to `windows` unless `inputGradient` is `measured`.
 */
export interface QuanvSimulator {
  readonly name: string;
  expectZ(windows: tf.Tensor2D, params: tf.Tensor3D, inputGradient: InputGradient): tf.Tensor2D;
}
