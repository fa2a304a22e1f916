import type { ExperimentConfig } from '../../src/model/config/configSchema';
import { circuitExport } from '../../src/model/circuitExport';
import { formatConfigText } from '../../src/model/config/configText';
import { initialAngles } from '../../src/model/initialAngles';
import { configPrograms } from '../../src/model/layerProgram';
import { programToQasm } from '../../src/sim/circuit/qasm/qasmExport';
import { choiceFlag, intFlag, UsageError } from './args';

/*
 * `--print-circuit [--format json|qasm2|qasm3] [--layer i] [--inputs x0,x1,…]`: a configuration's
 * compiled quanv circuits with the angles a run starts from (initialAngles.ts), as the JSON
 * export or as OpenQASM (src/sim/circuit/qasm/qasmExport.ts). --inputs binds one window's pixels
 * so the OpenQASM file runs as it is in any simulator.
 */

export const PRINT_CIRCUIT_FLAGS = {
  'print-circuit': { type: 'boolean' },
  format: { type: 'string' },
  layer: { type: 'string' },
  inputs: { type: 'string' },
} as const;

export const PRINT_CIRCUIT_USAGE = `  [--print-circuit [--format json|qasm2|qasm3] [--layer i] [--inputs x0,x1,…]]
      print the compiled circuits (with their starting angles) instead of training: JSON for all
      layers, or one layer (--layer 1 is Q1) as OpenQASM 2.0/3.0; --inputs binds one window's
      pixels (row-major, k² values) so the file runs as it is`;

export interface PrintCircuitValues {
  'print-circuit'?: boolean;
  format?: string;
  layer?: string;
  inputs?: string;
}

const FORMATS = ['json', 'qasm2', 'qasm3'] as const;

/** The text --print-circuit prints; a UsageError for a flag that makes no sense. */
export function printCircuit(config: ExperimentConfig, values: PrintCircuitValues): string {
  const programs = configPrograms(config);
  const format = choiceFlag('format', values.format, FORMATS) ?? 'json';
  const layer = intFlag('layer', values.layer, 1, programs.length);
  const angles = initialAngles(config);
  const inputs = values.inputs === undefined ? undefined : parseInputs(values.inputs);
  if (format === 'json') {
    if (inputs)
      throw new UsageError('--inputs binds pixels in OpenQASM: use --format qasm2 or qasm3');
    const all = circuitExport(config, angles);
    return `${JSON.stringify(layer ? { ...all, layers: [all.layers[layer - 1]] } : all, null, 1)}\n`;
  }
  if (layer === undefined && programs.length > 1) {
    throw new UsageError(
      `--format ${format} prints one layer's circuit: add --layer 1 … ${programs.length}`,
    );
  }
  const index = (layer ?? 1) - 1;
  const program = programs[index];
  if (inputs && inputs.length !== program.qubits) {
    throw new UsageError(
      `--inputs has ${inputs.length} values; Q${index + 1}'s window has ${program.qubits} pixels (row-major)`,
    );
  }
  return programToQasm(program, angles[index] ?? new Float32Array(program.paramCount), {
    version: format === 'qasm2' ? 2 : 3,
    inputs,
    title: `Q${index + 1} of ${formatConfigText(config)}, its angles before training`,
  });
}

function parseInputs(text: string): number[] {
  const values = text.split(',').map((v) => v.trim());
  const numbers = values.map(Number);
  const bad = values.findIndex((v, i) => v === '' || !Number.isFinite(numbers[i]));
  if (bad >= 0) {
    throw new UsageError(
      `--inputs must be numbers separated by commas (value ${bad + 1} is "${values[bad]}")`,
    );
  }
  return numbers;
}

/** The print-circuit flags given without --print-circuit: a mistake to name. */
export function strayPrintFlags(values: PrintCircuitValues): string[] {
  if (values['print-circuit']) return [];
  return (['format', 'layer', 'inputs'] as const).filter((f) => values[f] !== undefined);
}
