import type { ExtendedGate } from '../sim/circuit/circuitProgram';
import { deadParameters } from '../sim/circuit/deadParameters';
import type { ExperimentConfig } from './config/configSchema';
import { formatConfigText } from './config/configText';
import { configPrograms } from './layerProgram';

/** One quanv layer's compiled circuit as scripts read it (`--print-circuit`, the panel's export). */
export interface CircuitExportLayer {
  readonly layer: string;
  readonly family: string;
  readonly qubits: number;
  readonly depth: number;
  /** The seed of a `random` layer's structure: deriveSeed(run seed, layer index). */
  readonly structureSeed: number;
  readonly paramShape: readonly number[];
  readonly paramCount: number;
  /** Flat indices of the parameters that cannot affect ⟨Z⟩ (deadParameters.ts). */
  readonly deadParams: readonly number[];
  /** Encoding gates first, then the ansatz; rotations exp(−iθσ/2) with θ = params[param]. */
  readonly gates: readonly ExtendedGate[];
  /**
   * The angle values at the moment of export, flat in parameter order, when there are any.
   * Files written before called them `angles` (nothing in the lab reads them back).
   */
  readonly params?: readonly number[];
}

export interface CircuitExport {
  readonly format: 'resqunn-circuits';
  readonly version: 1;
  /** The configuration's text form. */
  readonly config: string;
  readonly conventions: string;
  readonly layers: readonly CircuitExportLayer[];
}

const CONVENTIONS =
  'encode q: RY(pi*x_q) on qubit q (x_q the window pixel q, row-major); rot: exp(-i*theta*sigma/2), ' +
  'sigma = X, Y or Z; cnot: control, target; qubit 0 is the most significant bit; readout <Z_q> on every qubit';

/** Every quanv layer's compiled program, with its dead parameters and, if given, its angles. */
export function circuitExport(
  config: ExperimentConfig,
  angles?: readonly (ArrayLike<number> | undefined)[],
): CircuitExport {
  const layers = configPrograms(config).map((program, i): CircuitExportLayer => {
    const current = angles?.[i];
    return {
      layer: `Q${i + 1}`,
      family: program.family,
      qubits: program.qubits,
      depth: program.depth,
      structureSeed: program.structureSeed,
      paramShape: program.paramShape,
      paramCount: program.paramCount,
      deadParams: deadParameters(program).flatMap((dead, p) => (dead ? [p] : [])),
      gates: program.gates,
      ...(current && current.length === program.paramCount ? { params: Array.from(current) } : {}),
    };
  });
  return {
    format: 'resqunn-circuits',
    version: 1,
    config: formatConfigText(config),
    conventions: CONVENTIONS,
    layers,
  };
}
