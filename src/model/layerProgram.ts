import { compileCircuit, type ExtendedProgram } from '../sim/circuit/circuitProgram';
import { compileCustomCircuit, customStartAngles } from '../sim/circuit/customCircuit';
import { deadParameters } from '../sim/circuit/deadParameters';
import { deriveSeed } from '../util/prng';
import type { ExperimentConfig, LayerSpec } from './config/configSchema';

/**
 * Quanv layer `index`'s compiled circuit (0-based: Q1 is 0): its custom circuit when it has one
 * (src/sim/circuit/customCircuit.ts), else its family's. A `random` layer's structure comes
 * from (run seed, layer index), so each layer has its own fixed circuit and the same
 * configuration always compiles the same one. No tfjs here: the UI draws these programs too.
 */
export function layerProgram(spec: LayerSpec, index: number, seed: number): ExtendedProgram {
  const qubits = spec.kernel === 2 ? 4 : 9;
  const structureSeed = deriveSeed(seed, index);
  if (spec.circuit) {
    return compileCustomCircuit(spec.circuit, { family: spec.family, qubits, structureSeed });
  }
  return compileCircuit({ family: spec.family, qubits, depth: spec.depth, structureSeed });
}

/**
 * A layer's angles before training: `random` values (the run's draws, docs/model.md §1), except
 * where its custom circuit states a start (an imported file's angles). In place.
 */
export function withStartAngles(spec: LayerSpec, values: Float32Array): Float32Array {
  if (spec.circuit) {
    customStartAngles(spec.circuit).forEach((start, p) => {
      if (start !== undefined) values[p] = start;
    });
  }
  return values;
}

/** Every quanv layer's program, in order. */
export function configPrograms(config: ExperimentConfig): ExtendedProgram[] {
  return config.layers.map((spec, i) => layerProgram(spec, i, config.seed));
}

/** A layer's parameter count and how many of them are dead (deadParameters.ts). */
export function parameterSummary(program: ExtendedProgram): { params: number; dead: number } {
  return { params: program.paramCount, dead: deadParameters(program).filter(Boolean).length };
}

/** "16 parameters, 4 dead" (or "8 parameters, none dead"). */
export function parameterSummaryText(program: ExtendedProgram): string {
  const { params, dead } = parameterSummary(program);
  return `${params} parameter${params === 1 ? '' : 's'}, ${dead === 0 ? 'none' : dead} dead`;
}
