import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/model/config/configText';
import { initialAngles } from '../../src/model/initialAngles';
import { configPrograms } from '../../src/model/layerProgram';
import { ENCODING_QASM } from '../../src/sim/circuit/qasm/qasmExport';
import { importQasm } from '../../src/sim/circuit/qasm/qasmImport';
import { asImported } from '../../src/sim/testing/extendedCircuits';
import { UsageError } from './args';
import { printCircuit } from './printCircuit';
import { runTool } from './testing/runTool';

/* `npm run train -- --print-circuit --format …` as a shell sees it (a child process each). */
const train = (args: string[]) => runTool(['scripts/train.ts', ...args]);

const CONFIG = 'n=2;k=2,3;d=2,1;a=randomlayers,basic;seed=4';

describe('train --print-circuit --format', () => {
  it('prints one layer as OpenQASM 2 with a window bound, which imports back to its program and starting angles', () => {
    const window = ['0', '0.25', '0.5', '1'];
    const { code, stdout } = train([
      '--config',
      CONFIG,
      '--print-circuit',
      '--format',
      'qasm2',
      '--layer',
      '1',
      '--inputs',
      window.join(','),
    ]);
    expect(code).toBe(0);
    expect(stdout.startsWith('OPENQASM 2.0;\ninclude "qelib1.inc";\n')).toBe(true);
    expect(stdout).toContain('encode(0.25) q[1];');
    const parsed = parseConfigText(CONFIG);
    if (!parsed.ok) throw new Error('bad config');
    const program = configPrograms(parsed.config)[0];
    const imported = importQasm(stdout, 4);
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
    expect(imported.circuit.gates).toEqual(program.gates);
    expect(imported.circuit.params).toEqual(Array.from(initialAngles(parsed.config)[0]));
  });

  it('prints OpenQASM 3 with the pixels as inputs, and JSON with the angles', () => {
    const qasm3 = train([
      '--config',
      CONFIG,
      '--print-circuit',
      '--format',
      'qasm3',
      '--layer',
      '2',
    ]);
    expect(qasm3.code).toBe(0);
    expect(qasm3.stdout).toContain('input float[64] x8;');
    expect(importQasm(qasm3.stdout, 9).ok).toBe(true);
    const json = train(['--config', CONFIG, '--print-circuit', '--layer', '2']);
    expect(json.code).toBe(0);
    const printed = JSON.parse(json.stdout) as { layers: { layer: string; params: number[] }[] };
    expect(printed.layers.map((l) => l.layer)).toEqual(['Q2']);
    expect(printed.layers[0].params).toHaveLength(9);
  });

  // a custom circuit of the whole gate set (fixed-angle ry3~1.25 comes back trainable)
  const GATES = 'rx0_cry12_ry3~1.25_cz12_swap03_sdg2_cx30_h1_t0_tdg3_s1_x2_y0_z3_crx01_crz23_rz2';
  it.each(['ry', 'rx', 'hrz'] as const)(
    'prints a custom circuit with the %s encoding as OpenQASM 2 (a window bound) and 3 (inputs), each importing back to its program and starting angles',
    (encoding) => {
      const config = `n=1;k=2;g=${encoding}_${GATES};seed=3`;
      const parsed = parseConfigText(config);
      if (!parsed.ok) throw new Error('bad config');
      const expected = asImported(
        configPrograms(parsed.config)[0],
        initialAngles(parsed.config)[0],
      );
      for (const [format, inputs] of [
        ['qasm2', ['--inputs', '0,0.25,0.5,1']],
        ['qasm3', []],
      ] as const) {
        const { code, stdout, stderr } = train([
          '--config',
          config,
          '--print-circuit',
          '--format',
          format,
          ...inputs,
        ]);
        expect(code, stderr).toBe(0);
        expect(stdout).toContain(`gate encode(x) a { ${ENCODING_QASM[encoding]} }`);
        expect(stdout).toContain(format === 'qasm2' ? 'encode(0.25) q[1];' : 'encode(x1) q[1];');
        const imported = importQasm(stdout, 4);
        if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
        expect(imported.circuit.gates).toEqual(expected.program.gates);
        expect(imported.circuit.params).toEqual(expected.params);
      }
    },
  );

  it.each([
    [{ format: 'qasm2' }, /prints one layer's circuit: add --layer 1 … 2/],
    [{ format: 'qasm4' }, /--format must be one of json, qasm2, qasm3/],
    [{ format: 'qasm2', layer: '3' }, /--layer must be a whole number from 1 to 2/],
    [
      { format: 'qasm2', layer: '1', inputs: '0.1,0.2' },
      /--inputs has 2 values; Q1's window has 4 pixels/,
    ],
    [{ format: 'qasm3', layer: '1', inputs: '0.1,x,0,0' }, /value 2 is "x"/],
    [{ inputs: '0,0,0,0' }, /--inputs binds pixels in OpenQASM/],
  ])('refuses %j with a clear message', (flags, message) => {
    const parsed = parseConfigText(CONFIG);
    if (!parsed.ok) throw new Error('bad config');
    expect(() => printCircuit(parsed.config, { 'print-circuit': true, ...flags })).toThrow(
      UsageError,
    );
    expect(() => printCircuit(parsed.config, { 'print-circuit': true, ...flags })).toThrow(message);
  });

  it('refuses --format without --print-circuit, exit 2', () => {
    const { code, stderr } = train(['--config', CONFIG, '--format', 'qasm2']);
    expect(code).toBe(2);
    expect(stderr).toContain('--format needs --print-circuit');
  });
});
