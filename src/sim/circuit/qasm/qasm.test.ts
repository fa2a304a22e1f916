import Qubits from 'jsqubits';
import { describe, expect, it } from 'vitest';
import {
  CIRCUIT_FAMILIES,
  compileCircuit,
  type CircuitProgram,
  type ExtendedGate,
} from '../circuitProgram';
import { mulberry32 } from '../../../util/prng';
import { jsqubitsReadout } from '../../reference/jsqubitsProgram';
import { programExpectZ } from '../../cpu/simdKernel';
import { randomExtendedProgram } from '../../testing/extendedCircuits';
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

  it.each([11, 12, 13, 14])(
    'gives the same program for random circuits of the wider gate set (seed %i)',
    (seed) => {
      // every encoding RY(πx) (the others are not exported yet); fixed-angle rotations come
      // back trainable, so the comparison makes them trainable first
      const wide = randomExtendedProgram(4, 40, seed, 'ry');
      let count = 0;
      const params: number[] = [];
      const gates = wide.gates.map((g): ExtendedGate => {
        if (g.op === 'frot') {
          params.push(g.angle);
          return { op: 'rot', axis: g.axis, qubit: g.qubit, param: count++ };
        }
        if (g.op === 'rot' || g.op === 'crot') {
          params.push(seed + count / 7);
          return { ...g, param: count++ };
        }
        return g;
      });
      const program = { ...wide, gates, paramCount: count, paramShape: [count] };
      for (const version of [2, 3] as const) {
        const circuit = imported(importQasm(programToQasm(program, params, { version }), 4));
        expect(circuit.gates).toEqual(program.gates);
        expect(circuit.params).toEqual(params);
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
 * line-by-line reader of the few statement forms the export writes, on jsqubits.
 */
function runOnJsqubits(text: string, n: number): number[] {
  const bit = (q: number) => n - 1 - q;
  let state = Qubits(`|${'0'.repeat(n)}>`);
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^encode\(([^)]+)\) q\[(\d+)\];$/.exec(line))) {
      state = state.rotateY(bit(Number(m[2])), Math.PI * Number(m[1]));
    } else if ((m = /^r([xyz])\(([^)]+)\) q\[(\d+)\];$/.exec(line))) {
      const [axis, angle, q] = [m[1], Number(m[2]), bit(Number(m[3]))];
      state =
        axis === 'x'
          ? state.rotateX(q, angle)
          : axis === 'y'
            ? state.rotateY(q, angle)
            : state.rotateZ(q, angle);
    } else if ((m = /^cx q\[(\d+)\], q\[(\d+)\];$/.exec(line))) {
      state = state.cnot(bit(Number(m[1])), bit(Number(m[2])));
    } else if (line !== '' && !/^(OPENQASM|include|\/\/|gate encode|qreg)/.test(line)) {
      throw new Error(`the reader does not know: ${line}`);
    }
  }
  return jsqubitsReadout(state, n);
}

describe('an exported OpenQASM 2 file with --inputs', () => {
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
    const wrong = importQasm('OPENQASM 2.0;\ngate encode(x) a { rx(pi*x) a; }\n', 2);
    expect(wrong.ok).toBe(false);
  });
});
