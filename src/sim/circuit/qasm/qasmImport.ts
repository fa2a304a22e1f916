import {
  FIXED_GATES,
  type Encoding,
  type ExtendedGate,
  type FixedGateName,
  type RotationAxis,
} from '../circuitProgram';
import { ENCODINGS } from '../customCircuit';
import { ENCODING_QASM } from './qasmExport';
import { TokenCursor } from './qasmCursor';
import { QasmSyntaxError, tokenize, type SourcePlace, type Token } from './qasmTokens';

/*
 * A quanv layer's circuit from OpenQASM 2.0 (`qelib1.inc`) or the OpenQASM 3 subset that Qiskit
 * and PennyLane export for such circuits (`stdgates.inc`, `qubit[n] q;`, `input float[64] x;`).
 * Accepted: rx/ry/rz and crx/cry/crz with a constant angle (each becomes a trainable rotation
 * starting at it), h, x, y, z, s, sdg, t, tdg, cx, cz, swap (the wider gate set, circuitProgram.ts
 * ExtendedGate), the lab's own `encode` (as qasmExport.ts writes it), barriers, and register
 * declarations.
 * Everything else is refused with its line and column and what is allowed: measure, reset,
 * classical control, gate definitions other than `encode`, unknown gates, qubits beyond the
 * layer's. A refused file yields errors only, so whoever imports changes nothing.
 *
 * The lab's encoding of every qubit always comes first. A file defines it as `gate encode(x) a`
 * with the body ry(pi*x), rx(pi*x), or h then rz(pi*x) (the RY(πx), RX(πx) and H·RZ(πx)
 * encodings, as qasmExport.ts writes them) and may call it (whatever pixel the calls bind; an
 * OpenQASM 2 export without a window comments them out), or leaves it out (the ansatz alone, as
 * Qiskit or PennyLane export it: the default RY(πx)); either way the circuit starts with it.
 */

/** An imported circuit: the gate list and the angles training starts from. */
export interface ImportedCircuit {
  readonly qubits: number;
  /** The encoding (one gate per qubit, in order), then the file's gates in order. */
  readonly gates: readonly ExtendedGate[];
  /** Rotations are numbered in the order they appear: params[i] is the i-th one's angle. */
  readonly paramCount: number;
  readonly params: readonly number[];
  readonly version: 2 | 3;
}

export interface QasmError extends SourcePlace {
  readonly message: string;
}

export type QasmImportResult =
  | { readonly ok: true; readonly circuit: ImportedCircuit }
  | { readonly ok: false; readonly errors: readonly QasmError[] };

export const QASM_ALLOWED =
  'allowed: rx, ry, rz and crx, cry, crz (trainable rotations; the angle a number or an expression ' +
  'of numbers and pi), h, x, y, z, s, sdg, t, tdg, cx (CNOT), cz, swap, the lab’s encode, barrier, ' +
  'include "qelib1.inc"/"stdgates.inc", qreg/qubit, creg/bit and input declarations; the lab ' +
  'reads ⟨Z⟩ on every qubit itself';

const ROTATIONS: Record<string, RotationAxis> = { rx: 'x', ry: 'y', rz: 'z' };
const CONTROLLED_ROTATIONS: Record<string, RotationAxis> = { crx: 'x', cry: 'y', crz: 'z' };
/** Two-qubit gates without an angle: the program op each becomes. */
const PAIRS: Record<string, 'cnot' | 'cz' | 'swap'> = {
  cx: 'cnot',
  CX: 'cnot',
  cnot: 'cnot',
  cz: 'cz',
  swap: 'swap',
};
const REFUSED: Record<string, string> = {
  measure: 'measure is refused: the lab reads ⟨Z⟩ on every qubit without measuring; remove it',
  reset: 'reset is refused: a quanv circuit starts from |0…0⟩ and has no mid-circuit reset',
  if: 'classical control (if) is refused: a quanv circuit has no classical bits to test',
  while: 'classical control (while) is refused',
  for: 'loops (for) are refused: write the gates out',
  opaque: 'opaque gates are refused: the lab must know every gate’s matrix',
  def: 'subroutines (def) are refused: write the gates out',
  ctrl: 'gate modifiers (ctrl @) are refused',
  negctrl: 'gate modifiers (negctrl @) are refused',
  inv: 'gate modifiers (inv @) are refused',
  pow: 'gate modifiers (pow @) are refused',
};

/** Parses `source` for a layer of `qubits` qubits. */
export function importQasm(source: string, qubits: number): QasmImportResult {
  let tokens: Token[];
  try {
    tokens = tokenize(source);
  } catch (e) {
    if (e instanceof QasmSyntaxError)
      return { ok: false, errors: [{ ...e.place, message: e.message }] };
    throw e;
  }
  return new Importer(tokens, qubits).run();
}

interface Register {
  readonly offset: number;
  readonly size: number;
}

class Importer extends TokenCursor {
  private version: 2 | 3 | null = null;
  private readonly errors: QasmError[] = [];
  private readonly registers = new Map<string, Register>();
  private readonly classical = new Set<string>();
  private readonly inputs = new Set<string>();
  private declared = 0;
  /** The encoding `gate encode` defines; null until the file defines it. */
  private encoding: Encoding | null = null;
  private readonly encoded: number[] = [];
  private readonly ansatz: ExtendedGate[] = [];
  private readonly params: number[] = [];

  constructor(
    tokens: readonly Token[],
    private readonly qubits: number,
  ) {
    super(tokens);
  }

  run(): QasmImportResult {
    let first = true;
    while (this.peek().kind !== 'end') {
      const start = this.at;
      try {
        this.statement(first);
      } catch (e) {
        if (!(e instanceof QasmSyntaxError)) throw e;
        this.errors.push({ ...e.place, message: e.message });
        if (this.at === start) this.at++;
        this.skipStatement();
      }
      first = false;
    }
    if (this.encoded.length > 0 && this.encoded.length !== this.qubits) {
      const { line, column } = this.peek();
      const message = `the file encodes ${this.encoded.length} of the layer’s ${this.qubits} qubits: encode every qubit once, in order, or none`;
      this.errors.push({ line, column, message });
    }
    if (this.errors.length > 0) return { ok: false, errors: this.errors };
    const gates: ExtendedGate[] = [];
    const encoding = this.encoding ?? 'ry';
    for (let q = 0; q < this.qubits; q++) {
      gates.push(
        encoding === 'ry' ? { op: 'encode', qubit: q } : { op: 'encode', qubit: q, encoding },
      );
    }
    gates.push(...this.ansatz);
    return {
      ok: true,
      circuit: {
        qubits: this.qubits,
        gates,
        paramCount: this.params.length,
        params: this.params,
        version: this.version ?? 3,
      },
    };
  }

  private statement(first: boolean): void {
    const t = this.peek();
    if (t.kind !== 'ident')
      this.fail(`a statement cannot start with '${t.text}' (${QASM_ALLOWED})`, t);
    const word = t.text;
    if (word === 'OPENQASM') return this.header(first);
    if (word in REFUSED) this.fail(REFUSED[word], t);
    switch (word) {
      case 'include':
        return this.include();
      case 'qreg':
        return this.qreg();
      case 'qubit':
        return this.qubitDeclaration();
      case 'creg':
      case 'bit':
        return this.classicalDeclaration();
      case 'input':
        return this.input();
      case 'gate':
        return this.gateDefinition();
      case 'barrier':
        this.next();
        while (this.peek().text !== ';' && this.peek().kind !== 'end') this.next();
        this.expect(';');
        return;
    }
    if (this.classical.has(word)) {
      this.refuseClassicalAssignment(t);
    }
    this.gateCall();
  }

  private header(first: boolean): void {
    const t = this.next();
    if (!first) this.fail('OPENQASM must be the first statement', t);
    const v = this.next();
    const major = v.kind === 'number' ? Math.floor(Number(v.text)) : NaN;
    if (major !== 2 && major !== 3) this.fail(`OpenQASM ${v.text} is not supported: 2.0 or 3`, v);
    this.version = major;
    this.expect(';');
  }

  private include(): void {
    this.next();
    const file = this.next();
    const allowed = this.version === 2 ? ['qelib1.inc'] : ['stdgates.inc', 'qelib1.inc'];
    if (file.kind !== 'string' || !allowed.includes(file.text)) {
      this.fail(
        `include ${file.kind === 'string' ? `"${file.text}"` : file.text} is refused: only ${allowed.map((f) => `"${f}"`).join(' or ')}`,
        file,
      );
    }
    this.expect(';');
  }

  private addRegister(name: Token, size: number): void {
    if (this.registers.has(name.text) || this.classical.has(name.text)) {
      this.fail(`'${name.text}' is declared twice`, name);
    }
    if (this.declared + size > this.qubits) {
      this.fail(
        `${name.text} brings the qubits to ${this.declared + size}, beyond the layer’s ${this.qubits}`,
        name,
      );
    }
    this.registers.set(name.text, { offset: this.declared, size });
    this.declared += size;
  }

  private qreg(): void {
    this.next();
    const name = this.ident('a register name');
    this.expect('[');
    const size = this.integer('a register size');
    this.expect(']');
    this.expect(';');
    this.addRegister(name, size);
  }

  private qubitDeclaration(): void {
    this.next();
    let size = 1;
    if (this.peek().text === '[') {
      this.next();
      size = this.integer('a register size');
      this.expect(']');
    }
    const name = this.ident('a register name');
    this.expect(';');
    this.addRegister(name, size);
  }

  private classicalDeclaration(): void {
    this.next();
    if (this.peek().text === '[') {
      this.next();
      this.integer('a register size');
      this.expect(']');
    }
    const name = this.ident('a register name');
    this.classical.add(name.text);
    if (this.peek().text === '[') {
      this.expect('[');
      this.integer('a register size');
      this.expect(']');
    }
    if (this.peek().text === '=') this.refuseClassicalAssignment(name);
    this.expect(';');
  }

  private refuseClassicalAssignment(from: Token): never {
    for (let k = this.at; this.tokens[k].kind !== 'end' && this.tokens[k].text !== ';'; k++) {
      if (this.tokens[k].text === 'measure') this.fail(REFUSED.measure, this.tokens[k]);
    }
    this.fail('classical assignments are refused: a quanv circuit has no classical bits', from);
  }

  private input(): void {
    this.next();
    let last: Token | null = null;
    while (this.peek().text !== ';' && this.peek().kind !== 'end') last = this.next();
    this.expect(';');
    if (!last || last.kind !== 'ident') this.fail('expected an input’s name before ;', this.peek());
    this.inputs.add(last.text);
  }

  /**
   * Only `gate encode(x) a { … }` (any names) with the body of one of the lab's encodings, as
   * exported: ry(pi*x), rx(pi*x), or h then rz(pi*x).
   */
  private gateDefinition(): void {
    this.next();
    const name = this.ident('a gate name');
    if (name.text !== 'encode') {
      this.fail(
        `gate definitions are refused (only the lab’s encode(x)): write ${name.text}’s gates out; ${QASM_ALLOWED}`,
        name,
      );
    }
    if (this.encoding) this.fail('gate encode is defined twice', name);
    this.expect('(');
    const param = this.ident('the pixel’s name');
    this.expect(')');
    const wire = this.ident('the qubit’s name');
    this.expect('{');
    const body: string[] = [];
    while (this.peek().text !== '}' && this.peek().kind !== 'end') {
      const gate = this.ident('a gate');
      let angle = '';
      if (this.peek().text === '(') {
        this.next();
        const at = (x: number) => this.expression(new Map([[param.text, x]]), this.inputs).value;
        const start = this.at;
        const a = at(0.37);
        this.at = start;
        const b = at(0.81);
        this.expect(')');
        const isPiX = Math.abs(a - Math.PI * 0.37) < 1e-12 && Math.abs(b - Math.PI * 0.81) < 1e-12;
        angle = isPiX ? '(pi*x)' : '(?)';
      }
      const arg = this.ident('the qubit');
      this.expect(';');
      body.push(`${gate.text}${angle} ${arg.text === wire.text ? 'a' : '?'};`);
    }
    this.expect('}');
    const encoding = ENCODINGS.find((e) => ENCODING_QASM[e] === body.join(' '));
    if (!encoding) {
      this.fail(
        'gate encode must be one of the lab’s encodings on its qubit: ry(pi*x), rx(pi*x), or h then rz(pi*x)',
        name,
      );
    }
    this.encoding = encoding;
  }

  private gateCall(): void {
    const name = this.next();
    const args: { value: number; usesInput: boolean; place: Token }[] = [];
    if (this.peek().text === '(') {
      this.next();
      for (;;) {
        const place = this.peek();
        args.push({ ...this.expression(new Map(), this.inputs), place });
        if (this.peek().text === ',') this.next();
        else break;
      }
      this.expect(')');
    }
    const operands: number[][] = [];
    for (;;) {
      operands.push(this.operand());
      if (this.peek().text === ',') this.next();
      else break;
    }
    this.expect(';');
    const arity = (params: number, wires: number) => {
      if (args.length !== params || operands.length !== wires) {
        this.fail(
          `${name.text} takes ${params} angle${params === 1 ? '' : 's'} and ${wires} qubit${wires === 1 ? '' : 's'} (got ${args.length} and ${operands.length})`,
          name,
        );
      }
    };
    const axis = ROTATIONS[name.text];
    if (axis || (name.text === 'encode' && this.encoding)) {
      arity(1, 1);
      for (const q of operands[0]) {
        if (axis) {
          if (args[0].usesInput) {
            this.fail(
              `${name.text}’s angle must be a number: inputs feed the encoding only`,
              args[0].place,
            );
          }
          if (!Number.isFinite(args[0].value)) {
            this.fail(`${name.text}’s angle is not a finite number`, args[0].place);
          }
          this.ansatz.push({ op: 'rot', axis, qubit: q, param: this.params.length });
          this.params.push(args[0].value);
        } else this.encode(q, name);
      }
      return;
    }
    if ((FIXED_GATES as readonly string[]).includes(name.text)) {
      arity(0, 1);
      const gate = name.text as FixedGateName;
      for (const q of operands[0]) this.ansatz.push({ op: 'fixed', gate, qubit: q });
      return;
    }
    const pairOp = PAIRS[name.text];
    const controlledAxis = CONTROLLED_ROTATIONS[name.text];
    if (pairOp || controlledAxis) {
      arity(controlledAxis ? 1 : 0, 2);
      const [c, t] = operands;
      const count = Math.max(c.length, t.length);
      if (c.length !== t.length && c.length !== 1 && t.length !== 1) {
        this.fail(`${name.text} on registers of different sizes`, name);
      }
      if (controlledAxis && args[0].usesInput) {
        this.fail(
          `${name.text}’s angle must be a number: inputs feed the encoding only`,
          args[0].place,
        );
      }
      for (let k = 0; k < count; k++) {
        const control = c[c.length === 1 ? 0 : k];
        const target = t[t.length === 1 ? 0 : k];
        if (control === target) this.fail(`${name.text} needs two different qubits`, name);
        if (controlledAxis) {
          const param = this.params.length;
          this.ansatz.push({ op: 'crot', axis: controlledAxis, control, target, param });
          this.params.push(args[0].value);
        } else if (pairOp === 'cnot') this.ansatz.push({ op: 'cnot', control, target });
        else this.ansatz.push({ op: pairOp, a: control, b: target });
      }
      return;
    }
    const hint =
      name.text === 'encode'
        ? ' (encode must be defined first, e.g. gate encode(x) a { ry(pi*x) a; })'
        : '';
    this.fail(`gate '${name.text}' is not in the gate set${hint}; ${QASM_ALLOWED}`, name);
  }

  private encode(qubit: number, at: Token): void {
    if (this.ansatz.length > 0) this.fail('encode must come before every other gate', at);
    if (qubit !== this.encoded.length) {
      this.fail(
        `encode must be on qubit ${this.encoded.length} here (one per qubit, in order)`,
        at,
      );
    }
    this.encoded.push(qubit);
  }

  /** A qubit, a whole register, or `$k`: the flat qubit indices it names. */
  private operand(): number[] {
    const t = this.next();
    if (t.text === '$') {
      const k = this.integer('a physical qubit number');
      if (k >= this.qubits) this.fail(`qubit $${k} is beyond the layer’s ${this.qubits} qubits`, t);
      return [k];
    }
    if (t.kind !== 'ident') this.fail(`expected a qubit but found '${t.text}'`, t);
    const register = this.registers.get(t.text);
    if (!register) {
      this.fail(
        this.classical.has(t.text)
          ? `${t.text} is a classical register, not qubits`
          : `qubit register '${t.text}' is not declared`,
        t,
      );
    }
    if (this.peek().text !== '[') {
      return Array.from({ length: register.size }, (_, k) => register.offset + k);
    }
    this.next();
    const index = this.integer('a qubit index');
    this.expect(']');
    if (index >= register.size) {
      this.fail(`${t.text}[${index}] is beyond the register’s ${register.size} qubits`, t);
    }
    return [register.offset + index];
  }
}
