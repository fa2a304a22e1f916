import { encodingOf, type Encoding, type ExtendedProgram } from '../circuitProgram';

/*
 * A compiled program (circuitProgram.ts) with its angles as OpenQASM 2.0 (`qelib1.inc`) or 3.0
 * (`stdgates.inc`), for Qiskit, PennyLane or any other simulator; qasmImport.ts reads it back to
 * the same program.
 *
 * The encoding is written with a gate the file defines, `encode(x)`: ry(pi*x), rx(pi*x), or h then
 * rz(pi*x) (the layer's RY(πx), RX(πx) or H·RZ(πx)), so that a reader sees the pixel itself and
 * the importer knows the encoding from the definition, even where the calls are commented out. With
 * `inputs` (one window's pixels) the file runs as it is. Without them, OpenQASM 3 declares the
 * pixels as `input float[64] x0 …`; OpenQASM 2 has no inputs, so its encoding lines are left as
 * comments (the file then runs the ansatz alone). Qubit j here is the lab's qubit j (the lab's
 * readout ⟨Z_j⟩ is ⟨Z⟩ of q[j], whichever bit order a simulator uses for its basis states).
 * Angles are written in full (shortest round-trip decimal), so the import gives back the same
 * floats. The wider gate set is written by its qelib1.inc/stdgates.inc names (swap, crx and cry
 * are in Qiskit's qelib1.inc, not in the 2017 one); a fixed-angle rotation is written as a
 * rotation and so comes back trainable.
 */

export type QasmVersion = 2 | 3;

/** The body of `gate encode(x) a { … }` for each encoding (qasmImport.ts reads it back). */
export const ENCODING_QASM: Readonly<Record<Encoding, string>> = {
  ry: 'ry(pi*x) a;',
  rx: 'rx(pi*x) a;',
  hrz: 'h a; rz(pi*x) a;',
};

export interface QasmExportOptions {
  readonly version: QasmVersion;
  /** One window's pixels (program.qubits values): bound, so the file runs as it is. */
  readonly inputs?: readonly number[];
  /** A first comment line, e.g. which layer of which configuration. */
  readonly title?: string;
}

/** The encoding a program's encode gates use (RY(πx) where it has none). */
function programEncoding(program: ExtendedProgram): Encoding {
  for (const g of program.gates) if (g.op === 'encode') return encodingOf(g);
  return 'ry';
}

/** A float as an OpenQASM 2 real: a decimal point before any exponent (`1e-7` → `1.0e-7`). */
export function qasmNumber(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`cannot write ${v} as an OpenQASM number`);
  const text = String(v);
  if (text.includes('.') || !/e/i.test(text)) return text;
  return text.replace(/e/i, '.0e');
}

export function programToQasm(
  program: ExtendedProgram,
  params: ArrayLike<number>,
  options: QasmExportOptions,
): string {
  const { version, inputs } = options;
  const n = program.qubits;
  if (params.length !== program.paramCount) {
    throw new Error(`${params.length} angles given for a program with ${program.paramCount}`);
  }
  if (inputs && inputs.length !== n) {
    throw new Error(`--inputs: ${inputs.length} pixels given; this layer's window has ${n}`);
  }
  const encoding = programEncoding(program);
  const lines: string[] = [];
  lines.push(version === 2 ? 'OPENQASM 2.0;' : 'OPENQASM 3.0;');
  lines.push(version === 2 ? 'include "qelib1.inc";' : 'include "stdgates.inc";');
  if (options.title) lines.push(`// ${options.title}`);
  lines.push(
    `// ResQuNN Lab quanv circuit: ${n} qubits, ${program.paramCount} trainable angles; readout <Z> of every qubit (no measurement)`,
    `// encode(x) = ${ENCODING_QASM[encoding].replaceAll(' a;', '').replace(' ', ' then ')} loads pixel x (row-major in the window) on its qubit`,
  );
  if (!inputs) {
    lines.push(
      version === 2
        ? '// unbound pixels: OpenQASM 2 has no inputs, so the encoding is commented out (export with --inputs to bind a window)'
        : '// unbound pixels: the inputs x0 … below (export with --inputs to bind a window)',
    );
  }
  lines.push(`gate encode(x) a { ${ENCODING_QASM[encoding]} }`);
  lines.push(version === 2 ? `qreg q[${n}];` : `qubit[${n}] q;`);
  if (version === 3 && !inputs) {
    for (let j = 0; j < n; j++) lines.push(`input float[64] x${j};`);
  }
  for (const g of program.gates) {
    switch (g.op) {
      case 'encode': {
        if (encodingOf(g) !== encoding) {
          throw new Error(
            'a program encodes every qubit the same way: OpenQASM defines one encode',
          );
        }
        const pixel = inputs ? qasmNumber(inputs[g.qubit]) : `x${g.qubit}`;
        const line = `encode(${pixel}) q[${g.qubit}];`;
        lines.push(!inputs && version === 2 ? `// ${line}` : line);
        break;
      }
      case 'cnot':
        lines.push(`cx q[${g.control}], q[${g.target}];`);
        break;
      case 'rot':
        lines.push(`r${g.axis}(${qasmNumber(params[g.param])}) q[${g.qubit}];`);
        break;
      case 'frot': // a fixed angle: imported again, it becomes trainable
        lines.push(`r${g.axis}(${qasmNumber(g.angle)}) q[${g.qubit}];`);
        break;
      case 'fixed':
        lines.push(`${g.gate} q[${g.qubit}];`);
        break;
      case 'cz':
      case 'swap':
        lines.push(`${g.op} q[${g.a}], q[${g.b}];`);
        break;
      case 'crot':
        lines.push(`cr${g.axis}(${qasmNumber(params[g.param])}) q[${g.control}], q[${g.target}];`);
        break;
    }
  }
  return `${lines.join('\n')}\n`;
}
