import { describe, expect, it } from 'vitest';
import {
  compileCustomCircuit,
  formatCustomCircuit,
  readCustomCircuit,
  type CustomCircuit,
} from '../../sim/circuit/customCircuit';
import { float64ExpectZ } from '../../sim/circuit/float64Program';
import { circuitLayout } from '../teach/circuitLayout';
import {
  gateAt,
  insertGate,
  moveGate,
  paletteGate,
  removeGate,
  retarget,
  setRotation,
} from './circuitEdits';

const circuit = (text: string): CustomCircuit => {
  const read = readCustomCircuit(text, 4);
  if (!read.ok) throw new Error(read.errors.join('; '));
  return read.circuit;
};
const program = (c: CustomCircuit) =>
  compileCustomCircuit(c, { family: 'basic', qubits: 4, structureSeed: 0 });
const layoutOf = (c: CustomCircuit) => circuitLayout(program(c));

describe('gate editor edits', () => {
  const base = circuit('rx0_rx1_cx01_ry2');

  it('inserts after every gate drawn left of the column', () => {
    // Columns: rx0, rx1, ry2 in 1; cx01 in 2.
    const layout = layoutOf(base);
    expect(gateAt(layout, 1, 2)?.kind).toBe('cnot');
    expect(formatCustomCircuit(insertGate(base, layout, paletteGate('h', 3, 4), 2))).toBe(
      'rx0_rx1_ry2_h3_cx01',
    );
    expect(formatCustomCircuit(insertGate(base, layout, paletteGate('cz', 3, 4), 99))).toBe(
      'rx0_rx1_ry2_cx01_cz30',
    );
  });

  it('reorders only gates on different wires: the circuit is the same', () => {
    const layout = layoutOf(base);
    const edited = insertGate(base, layout, paletteGate('t', 3, 4), 1);
    const withT = circuit('rx0_rx1_cx01_ry2_t3');
    const x = [0.2, 0.4, 0.6, 0.8];
    const params = [0.3, 1.1, -0.7];
    const a = float64ExpectZ(program(edited), x, params);
    const b = float64ExpectZ(program(withT), x, params);
    a.forEach((z, j) => expect(z).toBeCloseTo(b[j], 14));
  });

  it('moves a gate with its wires, refuses to leave the layer, and deletes', () => {
    const layout = layoutOf(base);
    expect(formatCustomCircuit(moveGate(base, layout, 2, 2, 3)!)).toBe('rx0_rx1_ry2_cx23');
    expect(moveGate(base, layout, 2, 3, 3)).toBeNull();
    expect(formatCustomCircuit(removeGate(base, 0))).toBe('rx1_cx01_ry2');
  });

  it('sets a rotation fixed or trainable, and a two-qubit gate’s second wire', () => {
    const fixed = setRotation(base, 1, 0.5);
    expect(formatCustomCircuit(fixed)).toBe('rx0_rx1~0.5_cx01_ry2');
    expect(program(fixed).paramCount).toBe(2);
    expect(formatCustomCircuit(setRotation(fixed, 1, null))).toBe(formatCustomCircuit(base));
    expect(formatCustomCircuit(retarget(base, 2, 3)!)).toBe('rx0_rx1_cx03_ry2');
    expect(retarget(base, 2, 0)).toBeNull();
  });
});
