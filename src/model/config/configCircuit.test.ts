import { describe, expect, it } from 'vitest';
import { compileCircuit } from '../../sim/circuit/circuitProgram';
import { customFromGates, formatCustomCircuit } from '../../sim/circuit/customCircuit';
import { programToQasm } from '../../sim/circuit/qasm/qasmExport';
import { importQasm } from '../../sim/circuit/qasm/qasmImport';
import { initialAngles } from '../initialAngles';
import { configPrograms } from '../layerProgram';
import { validateConfig, withLayer, withSettings } from './config';
import { formatConfigText, parseConfigText } from './configText';
import { messages, ok } from './testing/configFixtures';

/** The link limit: readConfigLink (src/state/page/urlState.ts) refuses longer codes. */
const LINK_LIMIT = 2000;

const strongCopy = (qubits: number, depth: number) =>
  customFromGates(compileCircuit({ family: 'strong', qubits, depth, structureSeed: 0 }).gates);

describe('custom circuits in the configuration', () => {
  it('round-trips through the text form and JSON, and runs instead of the family', () => {
    const circuit = {
      encoding: 'hrz',
      gates: [
        { op: 'rot', axis: 'x', qubit: 0 },
        { op: 'frot', axis: 'y', qubit: 1, angle: -1.25 },
        { op: 'crot', axis: 'z', control: 2, target: 3 },
        { op: 'cz', a: 1, b: 2 },
        { op: 'swap', a: 0, b: 3 },
        { op: 'fixed', gate: 'sdg', qubit: 2 },
        { op: 'cnot', control: 3, target: 0 },
      ],
    };
    const config = ok(validateConfig({ layers: [{ family: 'basic', depth: 3, circuit }, {}] }));
    const text = formatConfigText(config);
    expect(text).toBe(
      'n=2;k=2,2;d=3,1;a=basic,ryrz;g=hrz_rx0_ry1~-1.25_crz23_cz12_swap03_sdg2_cx30,-',
    );
    expect(ok(parseConfigText(text))).toEqual(config);
    expect(ok(validateConfig(JSON.parse(JSON.stringify(config))))).toEqual(config);
    const [custom, family] = configPrograms(config);
    expect(custom.paramCount).toBe(2);
    expect(custom.gates).toHaveLength(4 + 7);
    expect(family.family).toBe('ryrz');
    expect(family.paramCount).toBe(8);
  });

  it('keeps old links’ meaning: no g= is no custom circuit', () => {
    for (const text of ['n=2;k=2,2', 'n=2;k=2,2;d=3,3;a=basic,basic', 'n=1;k=3;a=random']) {
      const config = ok(parseConfigText(text));
      expect(config.layers.every((l) => l.circuit === undefined)).toBe(true);
      expect(formatConfigText(config)).toBe(text);
    }
  });

  it('fits a 9-qubit circuit of L = 3 size (strong: 108 gates) per layer into a link', () => {
    const circuit = strongCopy(9, 3);
    expect(circuit.gates).toHaveLength(108);
    const one = ok(validateConfig({ layers: [{ kernel: 3, circuit }] }));
    expect(formatConfigText(one).length).toBeLessThan(500);
    // Four such layers, each its own circuit, still fit.
    const four = ok(
      validateConfig({ layers: Array.from({ length: 4 }, () => ({ kernel: 3, circuit })) }),
    );
    const text = formatConfigText(four);
    expect(text.length).toBeLessThanOrEqual(LINK_LIMIT);
    expect(ok(parseConfigText(text))).toEqual(four);
  });

  it('refuses a bad circuit naming the layer, the gate and its position', () => {
    expect(messages(parseConfigText('n=2;k=2,2;g=rx0_cx44,-'))).toEqual([
      "layer 1: custom circuit, gate 2 'cx44': control 4 is not a qubit of this layer (q0 … q3: 4 qubits)",
    ]);
    expect(messages(parseConfigText('n=1;k=2;g=rx0_bogus'))[0]).toMatch(
      /^layer 1: custom circuit, gate 2 'bogus': unknown gate/,
    );
    expect(messages(parseConfigText('n=1;k=2;g=rx0,-'))).toEqual(['g has 2 values but n=1']);
    expect(
      messages(validateConfig({ layers: [{ circuit: { gates: [{ op: 'cnot', control: 0 }] } }] })),
    ).toEqual([
      'layer 1: custom circuit, gate 1: target undefined is not a qubit of this layer (q0 … q3: 4 qubits)',
    ]);
    // A 9-qubit circuit on a layer made 2×2.
    const nine = ok(parseConfigText('n=1;k=3;g=rx8'));
    expect(messages(withLayer(nine, 0, { kernel: 2 }))[0]).toBe(
      'layer 1: custom circuit, gate 1: qubit 8 is not a qubit of this layer (q0 … q3: 4 qubits)',
    );
  });

  it('accepts controlled rotations with finite shots (their four-term shift rule)', () => {
    const config = ok(parseConfigText('n=1;k=2;g=rx0_cry01'));
    expect(ok(withSettings(config, { shots: 100 })).shots).toBe(100);
    expect(ok(parseConfigText('n=1;k=2;g=rx0_cry01;shots=100')).shots).toBe(100);
  });

  it('choosing a family or depth replaces the custom circuit; other edits keep it', () => {
    const config = ok(parseConfigText('n=1;k=2;g=rx0_cx01'));
    expect(ok(withLayer(config, 0, { family: 'strong' })).layers[0].circuit).toBeUndefined();
    expect(ok(withLayer(config, 0, { depth: 2 })).layers[0].circuit).toBeUndefined();
    const frozen = ok(withLayer(config, 0, { trainable: false }));
    expect(formatCustomCircuit(frozen.layers[0].circuit!)).toBe('rx0_cx01');
  });

  it('an imported file’s angles are where training starts; the others keep their draws', () => {
    const source = compileCircuit({ family: 'strong', qubits: 4, depth: 1, structureSeed: 0 });
    const angles = Array.from({ length: source.paramCount }, (_, p) => 0.1 * p - 0.5);
    const read = importQasm(programToQasm(source, angles, { version: 3 }), 4);
    if (!read.ok) throw new Error(read.errors.map((e) => e.message).join('; '));
    const circuit = customFromGates(read.circuit.gates, read.circuit.params);
    const config = ok(validateConfig({ layers: [{ circuit }, {}] }));
    const text = formatConfigText(config);
    expect(text).toContain('g=rz0:-0.5_ry0:-0.4_rz0:-0.3_');
    expect(ok(parseConfigText(text))).toEqual(config);
    const [first, second] = initialAngles(config);
    Array.from(first).forEach((a, p) => expect(a).toBeCloseTo(angles[p], 6));
    const plain = initialAngles(ok(validateConfig({ layers: [{ family: 'strong' }, {}] })));
    expect(Array.from(second)).toEqual(Array.from(plain[1]));
  });
});
