import { describe, expect, it } from 'vitest';
import { CIRCUIT_FAMILIES, compileCircuit } from './circuitProgram';
import { float64ExpectZ, float64ReadoutGradients } from './float64Program';
import {
  jsqubitsProgramExpectZ,
  jsqubitsProgramParameterShift,
} from '../reference/jsqubitsProgram';
import { makeCase } from '../testing/circuitCases';

/* The float64 simulator deadParameters.ts decides with, against jsqubits (independent). */
describe('float64Program', () => {
  const programs = CIRCUIT_FAMILIES.flatMap((family) =>
    [1, 2].map((depth) => compileCircuit({ family, qubits: 4, depth, structureSeed: depth + 5 })),
  );
  it.each(programs.map((p) => [`${p.family}, L = ${p.depth}`, p] as const))(
    '⟨Z⟩ and every readout’s gradient agree with jsqubits to 1e-12: %s',
    (_, program) => {
      const { windows, params } = makeCase(program, 2, program.paramCount);
      for (const x of windows) {
        const z = float64ExpectZ(program, x, params);
        jsqubitsProgramExpectZ(program, x, params).forEach((v, j) =>
          expect(Math.abs(z[j] - v)).toBeLessThan(1e-12),
        );
        const grads = float64ReadoutGradients(program, x, params);
        for (let j = 0; j < program.qubits; j++) {
          const onehot = Array.from({ length: program.qubits }, (_, k) => (k === j ? 1 : 0));
          const shift = jsqubitsProgramParameterShift(program, x, params, onehot).params;
          shift.forEach((g, p) =>
            expect(Math.abs(grads[j][p] - g), `Z_${j}, θ_${p}`).toBeLessThan(1e-12),
          );
        }
      }
    },
  );
});
