/*
 * Random test cases for a circuit program, shared by the simulators' tests: windows (the last one
 * outside [0, 1], as residual sums give), angles beyond [0, 2π) (as trained ones are) and readout
 * weights for a vector-Jacobian product.
 */
import type { ExtendedProgram } from '../circuit/circuitProgram';
import { mulberry32 } from '../../util/prng';

export interface Case {
  readonly program: ExtendedProgram;
  readonly windows: number[][];
  readonly params: number[];
  readonly weights: number[];
}

export function makeCase(program: ExtendedProgram, count: number, seed: number): Case {
  const random = mulberry32(seed);
  const n = program.qubits;
  // The last window lies outside [0, 1] (residual sums); angles beyond [0, 2π) (trained ones).
  const windows = Array.from({ length: count }, (_, w) =>
    Array.from({ length: n }, () => (w === count - 1 ? 4 * random() - 1 : random())),
  );
  const params = Array.from({ length: program.paramCount }, () => (4 * random() - 1) * Math.PI);
  const weights = Array.from({ length: n }, () => 2 * random() - 1);
  return { program, windows, params, weights };
}
