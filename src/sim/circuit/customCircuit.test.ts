import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../util/prng';
import { randomExtendedProgram } from '../testing/extendedCircuits';
import { CIRCUIT_FAMILIES, compileCircuit } from './circuitProgram';
import {
  compileCustomCircuit,
  customFromGates,
  formatCustomCircuit,
  readCustomCircuit,
  usesExtendedGates,
  type CustomCircuit,
  type CustomGate,
} from './customCircuit';
import { float64ExpectZ } from './float64Program';

const spec = (qubits: number) => ({ family: 'basic' as const, qubits, structureSeed: 0 });

/** A random circuit over the whole gate set, one encoding throughout. */
function randomCircuit(seed: number): { qubits: number; circuit: CustomCircuit } {
  const random = mulberry32(seed);
  const qubits = random() < 0.5 ? 4 : 9;
  const encoding = (['ry', 'rx', 'hrz'] as const)[seed % 3];
  const program = randomExtendedProgram(qubits, 1 + Math.floor(random() * 40), seed, encoding);
  const copy = customFromGates(program.gates);
  // At least one trainable rotation, as every custom circuit has.
  const gates: CustomGate[] = [{ op: 'rot', axis: 'y', qubit: 0 }, ...copy.gates];
  return { qubits, circuit: { encoding, gates } };
}

describe('custom circuits', () => {
  it('text form round-trips for random circuits of the whole gate set', () => {
    for (let seed = 0; seed < 200; seed++) {
      const { qubits, circuit } = randomCircuit(seed);
      const text = formatCustomCircuit(circuit);
      expect(text).toMatch(/^[a-z0-9_~.-]+$/);
      const read = readCustomCircuit(text, qubits);
      expect(read).toEqual({ ok: true, circuit });
      // The object form reads back to the same circuit too (files keep it so).
      expect(readCustomCircuit(JSON.parse(JSON.stringify(circuit)), qubits)).toEqual(read);
    }
  });

  it('compiles back to the program it was copied from (random programs, every encoding)', () => {
    for (let seed = 0; seed < 60; seed++) {
      const encoding = (['ry', 'rx', 'hrz'] as const)[seed % 3];
      const program = randomExtendedProgram(seed % 2 ? 4 : 9, 30, seed, encoding);
      if (program.paramCount === 0) continue;
      const copy = compileCustomCircuit(customFromGates(program.gates), spec(program.qubits));
      // Fixed angles are kept to ANGLE_DIGITS decimals.
      const round = (g: object) =>
        'angle' in g ? { ...g, angle: Math.round((g.angle as number) * 1e6) / 1e6 + 0 } : g;
      expect(copy.gates).toEqual(program.gates.map(round));
      expect(copy.paramCount).toBe(program.paramCount);
    }
  });

  it('numbers trainable angles in gate order and puts the encoding first', () => {
    const read = readCustomCircuit('hrz_rx0_cx01_crz12_rz2~0.5_h3', 4);
    if (!read.ok) throw new Error(read.errors.join('; '));
    const program = compileCustomCircuit(read.circuit, spec(4));
    expect(program.paramCount).toBe(2);
    expect(program.paramShape).toEqual([2]);
    expect(program.gates.slice(0, 4)).toEqual(
      [0, 1, 2, 3].map((qubit) => ({ op: 'encode', qubit, encoding: 'hrz' })),
    );
    expect(program.gates.slice(4)).toEqual([
      { op: 'rot', axis: 'x', qubit: 0, param: 0 },
      { op: 'cnot', control: 0, target: 1 },
      { op: 'crot', axis: 'z', control: 1, target: 2, param: 1 },
      { op: 'frot', axis: 'z', qubit: 2, angle: 0.5 },
      { op: 'fixed', gate: 'h', qubit: 3 },
    ]);
    expect(usesExtendedGates(program)).toBe(true);
  });

  it('a copy of every family compiles to a program with the same readout', () => {
    const random = mulberry32(5);
    for (const family of CIRCUIT_FAMILIES) {
      for (const qubits of [4, 9]) {
        const program = compileCircuit({ family, qubits, depth: 2, structureSeed: 7 });
        const copy = compileCustomCircuit(customFromGates(program.gates), spec(qubits));
        expect(usesExtendedGates(copy)).toBe(false);
        expect(copy.paramCount).toBe(program.paramCount);
        // The copy numbers its angles in gate order: the same angle per gate, the same ⟨Z⟩.
        const x = Array.from({ length: qubits }, () => random());
        const params = Array.from({ length: program.paramCount }, () => random() * 6);
        const byGate = program.gates.flatMap((g) => (g.op === 'rot' ? [params[g.param]] : []));
        const a = float64ExpectZ(program, x, params);
        const b = float64ExpectZ(copy, x, byGate);
        a.forEach((v, j) => expect(b[j]).toBeCloseTo(v, 12));
      }
    }
  });

  it('names the gate and its position in every refusal', () => {
    const errors = (text: unknown, qubits = 4) => {
      const read = readCustomCircuit(text, qubits);
      return read.ok ? [] : read.errors;
    };
    expect(errors('rx0_cx33')).toEqual([
      "gate 2 'cx33': control and target are both q3: a two-qubit gate needs two qubits",
    ]);
    expect(errors('rx0_ry7')[0]).toBe(
      "gate 2 'ry7': qubit 7 is not a qubit of this layer (q0 … q3: 4 qubits)",
    );
    expect(errors('rx0_foo1')[0]).toMatch(/^gate 2 'foo1': unknown gate: gates are rx3/);
    expect(errors('rx0_h1~0.5')[0]).toBe(
      "gate 2 'h1~0.5': only rx, ry and rz take a fixed angle (~); only they and crx, cry, crz a start (:)",
    );
    expect(errors('rx0_rz1~abc')[0]).toMatch(/^gate 2 'rz1~abc': the fixed angle "abc" must be/);
    expect(errors('h0_cx01')).toEqual([
      'the circuit has no trainable rotation: add one (rx, ry, rz, crx, cry or crz), or choose a family',
    ]);
    expect(errors(Array.from({ length: 161 }, () => 'rx0').join('_'))).toEqual([
      '161 gates is too many for one layer (at most 160)',
    ]);
    expect(errors({ encoding: 'rz', gates: [{ op: 'rot', axis: 'w', qubit: 0 }] })).toEqual([
      'encoding "rz" must be one of ry, rx, hrz',
      'gate 1: rotation axis "w" must be x, y or z',
    ]);
  });
});
