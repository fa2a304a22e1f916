import Qubits from 'jsqubits';
import { describe, expect, it } from 'vitest';
import {
  CIRCUIT_FAMILIES,
  compileCircuit,
  type CircuitProgram,
  type FixedGateName,
} from '../circuitProgram';
import { ENCODINGS } from '../customCircuit';
import { float64ExpectZ } from '../float64Program';
import { mulberry32 } from '../../../util/prng';
import { jsqubitsFixedGate, jsqubitsReadout } from '../../reference/jsqubitsProgram';
import { programExpectZ } from '../../cpu/simdKernel';
import { asImported, randomExtendedProgram } from '../../testing/extendedCircuits';
import { programToQasm, qasmNumber } from './qasmExport';
import { importQasm, type QasmImportResult } from './qasmImport';

const programs = CIRCUIT_FAMILIES.flatMap((family) =>
  [4, 9].flatMap((qubits) =>
    [1, 2, 3].map((depth) => compileCircuit({ family, qubits, depth, structureSeed: depth + 2 })),
  ),
);
const name = (p: CircuitProgram) => `${p.family}, ${p.qubits} qubits, L = ${p.depth}`;
const anglesFor = (p: CircuitProgram, seed: number) => {
  const random = mulberry32(seed);
  // trained angles leave [0, 2π) and can be tiny: both must survive the text
  return Array.from({ length: p.paramCount }, (_, i) =>
    i === 0 ? 3.2e-9 : (4 * random() - 1) * Math.PI,
  );
};

function imported(result: QasmImportResult) {
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.circuit;
}

describe('OpenQASM export then import', () => {
  it.each(programs.map((p) => [name(p), p] as const))(
    'gives the same program and angles, 2.0 and 3.0, with and without a window: %s',
    (_, program) => {
      const params = anglesFor(program, program.paramCount);
      const window = Array.from({ length: program.qubits }, (_, j) => j / program.qubits);
      for (const version of [2, 3] as const) {
        for (const inputs of [undefined, window]) {
          const text = programToQasm(program, params, { version, inputs });
          const circuit = imported(importQasm(text, program.qubits));
          expect(circuit.version).toBe(version);
          expect(circuit.gates).toEqual(program.gates);
          expect(circuit.paramCount).toBe(program.paramCount);
          expect(circuit.params).toEqual(params);
        }
      }
    },
  );

  it.each(
    ENCODINGS.flatMap((encoding) =>
      [4, 9].flatMap((qubits) => [11, 12, 13].map((seed) => [encoding, qubits, seed] as const)),
    ),
  )(
    'gives the same program for random circuits of the wider gate set: encoding %s, %i qubits, seed %i',
    (encoding, qubits, seed) => {
      const wide = randomExtendedProgram(qubits, 40, seed, encoding);
      const angles = Array.from({ length: wide.paramCount }, (_, i) => seed + i / 7);
      // fixed-angle rotations come back trainable
      const { program, params } = asImported(wide, angles);
      const window = Array.from({ length: qubits }, (_, j) => (j + 0.5) / qubits);
      for (const version of [2, 3] as const) {
        for (const inputs of [undefined, window]) {
          const text = programToQasm(program, params, { version, inputs });
          const circuit = imported(importQasm(text, qubits));
          expect(circuit.gates).toEqual(program.gates);
          expect(circuit.params).toEqual(params);
        }
      }
    },
  );

  it('writes OpenQASM 2 reals with a decimal point', () => {
    expect(qasmNumber(1e-7)).toBe('1.0e-7');
    expect(qasmNumber(-2.5e21)).toBe('-2.5e+21');
    expect(qasmNumber(0.125)).toBe('0.125');
    expect(qasmNumber(3)).toBe('3');
  });
});

/*
 * An exported file run by an evaluator that shares nothing with the importer or the kernels: a
 * line-by-line reader of the few statement forms the export writes (the encode definition's
 * body included), on jsqubits.
 */
function runOnJsqubits(text: string, n: number): number[] {
  const bit = (q: number) => n - 1 - q;
  let state = Qubits(`|${'0'.repeat(n)}>`);
  const rotate = (axis: string, q: number, angle: number) =>
    axis === 'x'
      ? state.rotateX(q, angle)
      : axis === 'y'
        ? state.rotateY(q, angle)
        : state.rotateZ(q, angle);
  let encodeBody = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^gate encode\(x\) a \{ (.*) \}$/.exec(line))) {
      encodeBody = m[1];
    } else if ((m = /^encode\(([^)]+)\) q\[(\d+)\];$/.exec(line))) {
      const [angle, q] = [Math.PI * Number(m[1]), bit(Number(m[2]))];
      if (encodeBody === 'ry(pi*x) a;') state = state.rotateY(q, angle);
      else if (encodeBody === 'rx(pi*x) a;') state = state.rotateX(q, angle);
      else if (encodeBody === 'h a; rz(pi*x) a;') state = state.hadamard(q).rotateZ(q, angle);
      else throw new Error(`the reader does not know the encoding ${encodeBody}`);
    } else if ((m = /^r([xyz])\(([^)]+)\) q\[(\d+)\];$/.exec(line))) {
      state = rotate(m[1], bit(Number(m[3])), Number(m[2]));
    } else if ((m = /^cr([xyz])\(([^)]+)\) q\[(\d+)\], q\[(\d+)\];$/.exec(line))) {
      const [c, t, a] = [bit(Number(m[3])), bit(Number(m[4])), Number(m[2])];
      state =
        m[1] === 'x'
          ? state.controlledXRotation(c, t, a)
          : m[1] === 'y'
            ? state.controlledYRotation(c, t, a)
            : state.controlledZRotation(c, t, a);
    } else if ((m = /^(h|x|y|z|s|sdg|t|tdg) q\[(\d+)\];$/.exec(line))) {
      state = jsqubitsFixedGate(state, m[1] as FixedGateName, bit(Number(m[2])));
    } else if ((m = /^(cx|cz|swap) q\[(\d+)\], q\[(\d+)\];$/.exec(line))) {
      const [a, b] = [bit(Number(m[2])), bit(Number(m[3]))];
      state =
        m[1] === 'cx'
          ? state.cnot(a, b)
          : m[1] === 'cz'
            ? state.controlledZ(a, b)
            : state.swap(a, b);
    } else if (line !== '' && !/^(OPENQASM|include|\/\/|qreg|qubit)/.test(line)) {
      throw new Error(`the reader does not know: ${line}`);
    }
  }
  return jsqubitsReadout(state, n);
}

describe('an exported OpenQASM file with --inputs', () => {
  it.each(
    CIRCUIT_FAMILIES.flatMap((family) =>
      [4, 9].map((qubits) => compileCircuit({ family, qubits, depth: 2, structureSeed: 9 })),
    ).map((p) => [name(p), p] as const),
  )('gives the ⟨Z_j⟩ of our simulator for the same window, on jsqubits: %s', (_, program) => {
    const params = anglesFor(program, 3);
    const random = mulberry32(program.qubits + program.paramCount);
    const window = Array.from({ length: program.qubits }, () => random());
    const text = programToQasm(program, params, { version: 2, inputs: window });
    const theirs = runOnJsqubits(text, program.qubits);
    const ours = programExpectZ(program, Float32Array.from(window), params);
    theirs.forEach((z, j) => expect(Math.abs(z - ours[j]), `⟨Z_${j}⟩`).toBeLessThan(1e-4));
  });

  it.each(ENCODINGS.flatMap((encoding) => [4, 9].map((qubits) => [encoding, qubits] as const)))(
    'of a random custom circuit (encoding %s, %i qubits) gives the lab’s ⟨Z_j⟩ on jsqubits, 2.0 and 3.0',
    (encoding, qubits) => {
      const program = randomExtendedProgram(qubits, 40, 20 + qubits, encoding);
      const random = mulberry32(qubits * 31);
      const params = Array.from({ length: program.paramCount }, () => (4 * random() - 1) * Math.PI);
      const window = Array.from({ length: qubits }, () => random());
      const ours = programExpectZ(program, Float32Array.from(window), params);
      const exact = float64ExpectZ(program, window, params);
      for (const version of [2, 3] as const) {
        const text = programToQasm(program, params, { version, inputs: window });
        const theirs = runOnJsqubits(text, qubits);
        theirs.forEach((z, j) => {
          expect(Math.abs(z - exact[j]), `float64 ⟨Z_${j}⟩`).toBeLessThan(1e-10);
          expect(Math.abs(z - ours[j]), `lab ⟨Z_${j}⟩`).toBeLessThan(1e-4);
        });
      }
    },
  );
});

describe('OpenQASM import', () => {
  it('reads what Qiskit (3) and PennyLane (2) export: the ansatz alone gets the lab’s encoding', () => {
    const qiskit = imported(
      importQasm(
        [
          'OPENQASM 3.0;',
          'include "stdgates.inc";',
          'bit[4] c;',
          'qubit[4] q;',
          'rx(pi/2) q[0];',
          'ry(-0.25*pi) q[3];',
          'barrier q[0], q[1], q[2], q[3];',
          'cx q[0], q[1];',
          'rz(1.5e-3) $2;',
        ].join('\n'),
        4,
      ),
    );
    expect(qiskit.gates.slice(0, 4)).toEqual([0, 1, 2, 3].map((q) => ({ op: 'encode', qubit: q })));
    expect(qiskit.gates.slice(4)).toEqual([
      { op: 'rot', axis: 'x', qubit: 0, param: 0 },
      { op: 'rot', axis: 'y', qubit: 3, param: 1 },
      { op: 'cnot', control: 0, target: 1 },
      { op: 'rot', axis: 'z', qubit: 2, param: 2 },
    ]);
    expect(qiskit.params).toEqual([Math.PI / 2, -0.25 * Math.PI, 1.5e-3]);
    const pennylane = imported(
      importQasm(
        'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[4];\ncreg c[4];\nrx(0.1) q;\ncx q[3],q[0];\n',
        4,
      ),
    );
    // a gate on a whole register applies to each of its qubits
    expect(pennylane.params).toEqual([0.1, 0.1, 0.1, 0.1]);
    expect(pennylane.gates.at(-1)).toEqual({ op: 'cnot', control: 3, target: 0 });
  });

  const head = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[4];\ncreg c[4];\n';
  it.each([
    ['measure', `${head}rx(0.1) q[0];\nmeasure q[0] -> c[0];\n`, 6, 1, /measure is refused/],
    [
      'a QASM 3 measure',
      'OPENQASM 3.0;\nqubit[4] q;\nbit[4] c;\nc[1] = measure q[1];\n',
      4,
      8,
      /measure is refused/,
    ],
    ['reset', `${head}  reset q[1];\n`, 5, 3, /reset is refused/],
    ['classical control', `${head}if(c==1) rx(0.2) q[0];\n`, 5, 1, /classical control/],
    [
      'an unknown gate',
      `${head}rx(0.1) q[0];\nccx q[0], q[1], q[2];\n`,
      6,
      1,
      /gate 'ccx' is not in the gate set; allowed: rx, ry, rz/,
    ],
    ['u3', `${head}u3(0.1,0.2,0.3) q[1];\n`, 5, 1, /gate 'u3' is not in the gate set/],
    [
      'a qubit beyond the register',
      `${head}rx(0.1) q[4];\n`,
      5,
      9,
      /q\[4\] is beyond the register’s 4 qubits/,
    ],
    ['a register beyond the layer', 'OPENQASM 2.0;\nqreg q[9];\n', 2, 6, /beyond the layer’s 4/],
    [
      'a physical qubit beyond the layer',
      'OPENQASM 3.0;\nrz(0.1) $7;\n',
      2,
      9,
      /\$7 is beyond the layer’s 4 qubits/,
    ],
    [
      'a gate definition',
      `${head}gate g a { rx(0.1) a; }\ng q[0];\n`,
      5,
      6,
      /gate definitions are refused/,
    ],
    [
      'an input in a rotation',
      'OPENQASM 3.0;\nqubit[4] q;\ninput float[64] t;\nrx(t) q[0];\n',
      4,
      4,
      /inputs feed the encoding only/,
    ],
    ['a wrong include', 'OPENQASM 2.0;\ninclude "mygates.inc";\n', 2, 9, /only "qelib1.inc"/],
    ['a syntax error', `${head}rx(0.1 q[0];\n`, 5, 8, /expected '\)'/],
    ['a missing angle', `${head}rx q[0];\n`, 5, 1, /rx takes 1 angle and 1 qubit/],
  ] as const)('refuses %s with its line and column', (_, text, line, column, message) => {
    const result = importQasm(text, 4);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ line, column });
    expect(result.errors[0].message).toMatch(message);
  });

  it('reports every refused statement, not just the first', () => {
    const result = importQasm(
      `${head}measure q[0] -> c[0];\nrx(0.3) q[1];\nreset q[2];\nu1(0.1) q[3];\n`,
      4,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.line)).toEqual([5, 7, 8]);
  });

  it('takes encode gates as the encoding only as the first gates, one per qubit in order', () => {
    const def = 'OPENQASM 2.0;\ngate encode(x) a { ry(pi*x) a; }\nqreg q[2];\n';
    expect(importQasm(`${def}encode(0.1) q[0];\nencode(0.2) q[1];\nrx(1) q[0];\n`, 2).ok).toBe(
      true,
    );
    const swapped = importQasm(`${def}encode(0.1) q[1];\n`, 2);
    expect(swapped.ok).toBe(false);
    if (!swapped.ok) expect(swapped.errors[0].message).toMatch(/on qubit 0 here/);
    const late = importQasm(`${def}encode(0.1) q[0];\nrx(1) q[0];\nencode(0.2) q[1];\n`, 2);
    expect(late.ok).toBe(false);
    if (!late.ok) expect(late.errors[0]).toMatchObject({ line: 6, column: 1 });
    for (const body of ['ry(2*pi*x) a;', 'rz(pi*x) a;', 'rz(pi*x) a; h a;', 'h a;']) {
      const wrong = importQasm(`OPENQASM 2.0;\ngate encode(x) a { ${body} }\n`, 2);
      expect(wrong.ok, body).toBe(false);
      if (!wrong.ok) expect(wrong.errors[0].message).toMatch(/one of the lab’s encodings/);
    }
  });

  it.each([
    ['rx(pi*t) w;', 'rx'],
    ['h w; rz(t*pi) w;', 'hrz'],
    ['ry(pi*t) w;', undefined],
  ] as const)(
    'takes the encoding from the encode definition { %s }, called or not (OpenQASM 2 without a window)',
    (body, encoding) => {
      const def = `OPENQASM 2.0;\ngate encode(t) w { ${body} }\nqreg q[2];\n`;
      const expected = [0, 1].map((qubit) => ({
        op: 'encode',
        qubit,
        ...(encoding && { encoding }),
      }));
      for (const calls of ['', 'encode(0.1) q[0];\nencode(0.2) q[1];\n']) {
        const circuit = imported(importQasm(`${def}${calls}rx(1) q[0];\n`, 2));
        expect(circuit.gates.slice(0, 2)).toEqual(expected);
      }
    },
  );
});
