import {
  encodingOf,
  FIXED_GATES,
  type CircuitFamily,
  type Encoding,
  type ExtendedGate,
  type ExtendedProgram,
  type RotationAxis,
} from './circuitProgram';

/*
 * A quanv layer's own circuit (issue 23): any gate list over the layer's qubits from the wider
 * gate set, after an encoding of every pixel. Trainable angles carry no index here: a trainable
 * rotation or controlled rotation takes the next parameter in gate order when compiled, so the
 * list alone is the circuit and edits never renumber anything by hand.
 *
 * The compact text form is part of the configuration text and so of the link (configText.ts,
 * key `g`): gates separated by `_`, an optional first token naming a non-default encoding (`rx`
 * or `hrz`; `ry` is today's RY(πx)), and one token per gate:
 *   rx3 ry3 rz3        trainable rotation on q3
 *   rx3:0.25           trainable, starting at 0.25 rad (an imported file's angle) rather than
 *                      at the run's random start
 *   rx3~1.5708         a fixed-angle rotation (radians; angles kept to ANGLE_DIGITS decimals)
 *   h3 x3 y3 z3 s3 sdg3 t3 tdg3
 *   cx01               CNOT, control q0, target q1
 *   cz01 swap01        CZ and SWAP on q0, q1
 *   crx01 cry01 crz01  trainable controlled rotation, control q0, target q1 (crx01:0.25 starts it)
 * Qubits are one digit (a layer has at most 9). Every character is one RFC 3986 leaves unescaped
 * in a query, so a 9-qubit circuit of 108 gates (`strong`, L = 3) is ~400 characters of link.
 */

export const ENCODINGS: readonly Encoding[] = ['ry', 'rx', 'hrz'];

/** A program's gate without its parameter index: trainable angles are numbered when compiled. */
type WithoutParam<G> = G extends { readonly param: number }
  ? Omit<G, 'param'> & {
      /** Where training starts (an imported file's angle); absent: the run's random start. */
      readonly start?: number;
    }
  : G;

/** Any gate of the wider set but the encoding (circuitProgram.ts ExtendedGate). */
export type CustomGate = WithoutParam<Exclude<ExtendedGate, { op: 'encode' }>>;

export interface CustomCircuit {
  readonly encoding: Encoding;
  readonly gates: readonly CustomGate[];
}

/** The most gates a layer's circuit may have: 4 such layers still fit a link (urlState.ts). */
export const MAX_CUSTOM_GATES = 160;
/** Decimals a fixed angle keeps, so that the text form gives back the same value. */
export const ANGLE_DIGITS = 6;

/** Beyond this a fixed angle is a typo (rotations repeat every 4π). */
const MAX_FIXED_ANGLE = 1000;

const AXES: readonly RotationAxis[] = ['x', 'y', 'z'];
const PAIR_TOKENS = { cx: 'cnot', cz: 'cz', swap: 'swap' } as const;

export const CUSTOM_GATE_HELP =
  'gates are rx3, ry3, rz3 (trainable), rx3~0.5 (fixed angle), h3, x3, y3, z3, s3, sdg3, t3, ' +
  'tdg3, cx01, cz01, swap01, crx01, cry01, crz01 (digits are qubits), separated by _';

/** One gate as its text token. */
export function formatCustomGate(g: CustomGate): string {
  switch (g.op) {
    case 'rot':
      return `r${g.axis}${g.qubit}${startText(g.start)}`;
    case 'frot':
      return `r${g.axis}${g.qubit}~${roundAngle(g.angle)}`;
    case 'fixed':
      return `${g.gate}${g.qubit}`;
    case 'cnot':
      return `cx${g.control}${g.target}`;
    case 'cz':
    case 'swap':
      return `${g.op}${g.a}${g.b}`;
    case 'crot':
      return `cr${g.axis}${g.control}${g.target}${startText(g.start)}`;
  }
}

const startText = (start: number | undefined) => (start === undefined ? '' : `:${start}`);

export function formatCustomCircuit(circuit: CustomCircuit): string {
  const tokens = circuit.gates.map(formatCustomGate);
  if (circuit.encoding !== 'ry' || tokens.length === 0) tokens.unshift(circuit.encoding);
  return tokens.join('_');
}

export type CustomCircuitResult =
  | { readonly ok: true; readonly circuit: CustomCircuit }
  | { readonly ok: false; readonly errors: readonly string[] };

/** A fixed angle as kept: ANGLE_DIGITS decimals, no negative zero. */
export function roundAngle(angle: number): number {
  const scale = 10 ** ANGLE_DIGITS;
  return Math.round(angle * scale) / scale + 0;
}

/**
 * A circuit from its text form or its object form ({encoding, gates}) for a layer of `qubits`
 * qubits; each problem names the gate by its 1-based position and its token.
 */
export function readCustomCircuit(raw: unknown, qubits: number): CustomCircuitResult {
  if (typeof raw === 'string') return parseTokens(raw, qubits);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      ok: false,
      errors: [`a circuit is its text form (${CUSTOM_GATE_HELP}) or {encoding, gates}`],
    };
  }
  const { encoding = 'ry', gates, ...rest } = raw as Record<string, unknown>;
  const errors: string[] = Object.keys(rest).map(
    (k) => `a circuit has only encoding and gates ('${k}' is unknown)`,
  );
  if (!(ENCODINGS as readonly unknown[]).includes(encoding)) {
    errors.push(`encoding ${JSON.stringify(encoding)} must be one of ${ENCODINGS.join(', ')}`);
  }
  if (!Array.isArray(gates)) {
    errors.push('gates must be a list of gates');
    return { ok: false, errors };
  }
  const checked = gates.map((g: unknown, i) => checkGate(g, i, qubits, errors));
  return finish(encoding as Encoding, checked, errors);
}

function parseTokens(text: string, qubits: number): CustomCircuitResult {
  const tokens = text.split('_').map((t) => t.trim());
  const errors: string[] = [];
  let encoding: Encoding = 'ry';
  if ((ENCODINGS as readonly string[]).includes(tokens[0])) encoding = tokens.shift() as Encoding;
  if (tokens.length === 1 && tokens[0] === '') tokens.pop();
  const gates = tokens.map((token, i) => checkGate(tokenGate(token), i, qubits, errors, token));
  return finish(encoding, gates, errors);
}

function finish(
  encoding: Encoding,
  gates: (CustomGate | undefined)[],
  errors: string[],
): CustomCircuitResult {
  if (gates.length > MAX_CUSTOM_GATES) {
    errors.push(`${gates.length} gates is too many for one layer (at most ${MAX_CUSTOM_GATES})`);
  }
  if (errors.length === 0 && !gates.some((g) => g?.op === 'rot' || g?.op === 'crot')) {
    errors.push(
      'the circuit has no trainable rotation: add one (rx, ry, rz, crx, cry or crz), or choose a family',
    );
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, circuit: { encoding, gates: gates as CustomGate[] } };
}

/** A token as a loose gate object for checkGate; unknown shapes give an object it names. */
function tokenGate(token: string): unknown {
  const one = /^(rx|ry|rz|h|x|y|z|s|sdg|t|tdg)(\d)(?:~(.*)|:(.*))?$/.exec(token);
  if (one) {
    const [, name, q, angle, start] = one;
    const axis = name.length === 2 && name[0] === 'r' ? name[1] : null;
    if (axis && angle !== undefined) {
      return {
        op: 'frot',
        axis,
        qubit: Number(q),
        angle: isDecimal(angle) ? Number(angle) : angle,
      };
    }
    if (axis) return { op: 'rot', axis, qubit: Number(q), ...startValue(start) };
    return angle === undefined && start === undefined
      ? { op: 'fixed', gate: name, qubit: Number(q) }
      : { op: '~' };
  }
  const two = /^(cx|cz|swap|crx|cry|crz)(\d)(\d)(?::(.*))?$/.exec(token);
  if (!two) return { op: '?' };
  const [, name, a, b, start] = two;
  if (start !== undefined && !name.startsWith('cr')) return { op: '~' };
  if (name in PAIR_TOKENS) {
    const op = PAIR_TOKENS[name as keyof typeof PAIR_TOKENS];
    return op === 'cnot'
      ? { op, control: Number(a), target: Number(b) }
      : { op, a: Number(a), b: Number(b) };
  }
  return { op: 'crot', axis: name[2], control: Number(a), target: Number(b), ...startValue(start) };
}

function startValue(text: string | undefined): { start?: unknown } {
  if (text === undefined) return {};
  return { start: isDecimal(text) ? Number(text) : text };
}

function isDecimal(text: string): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text);
}

/** A checked gate, or undefined with its problem pushed onto errors. */
function checkGate(
  raw: unknown,
  index: number,
  qubits: number,
  errors: string[],
  token?: string,
): CustomGate | undefined {
  const name = `gate ${index + 1}${token === undefined ? '' : ` '${token}'`}`;
  const fail = (why: string) => void errors.push(`${name}: ${why}`);
  const g = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const qubit = (value: unknown, role: string): boolean => {
    if (Number.isInteger(value) && (value as number) >= 0 && (value as number) < qubits)
      return true;
    fail(
      `${role} ${JSON.stringify(value)} is not a qubit of this layer (q0 … q${qubits - 1}: ${qubits} qubits)`,
    );
    return false;
  };
  const axis = (value: unknown): boolean => {
    if ((AXES as readonly unknown[]).includes(value)) return true;
    fail(`rotation axis ${JSON.stringify(value)} must be x, y or z`);
    return false;
  };
  const pair = (a: unknown, b: unknown, roles: [string, string]): boolean => {
    if (!(qubit(a, roles[0]) && qubit(b, roles[1]))) return false;
    if (a !== b) return true;
    fail(`${roles[0]} and ${roles[1]} are both q${String(a)}: a two-qubit gate needs two qubits`);
    return false;
  };
  /** An angle in range (fixed, or a start), or a failure naming `what`. */
  const radians = (value: unknown, what: string): value is number => {
    if (typeof value === 'number' && Math.abs(value) <= MAX_FIXED_ANGLE) return true;
    fail(
      `the ${what} ${JSON.stringify(value)} must be a number of radians from −${MAX_FIXED_ANGLE} to ${MAX_FIXED_ANGLE}`,
    );
    return false;
  };
  const start = (): { start?: number } | undefined => {
    if (g.start === undefined) return {};
    return radians(g.start, 'start angle') ? { start: roundAngle(g.start) } : undefined;
  };
  switch (g.op) {
    case 'rot': {
      if (!(axis(g.axis) && qubit(g.qubit, 'qubit'))) return undefined;
      const from = start();
      if (!from) return undefined;
      return { op: 'rot', axis: g.axis as RotationAxis, qubit: g.qubit as number, ...from };
    }
    case 'frot':
      if (!(axis(g.axis) && qubit(g.qubit, 'qubit'))) return undefined;
      if (!radians(g.angle, 'fixed angle')) return undefined;
      return {
        op: 'frot',
        axis: g.axis as RotationAxis,
        qubit: g.qubit as number,
        angle: roundAngle(g.angle),
      };
    case 'fixed':
      if (!(FIXED_GATES as readonly unknown[]).includes(g.gate)) {
        fail(`fixed gate ${JSON.stringify(g.gate)} must be one of ${FIXED_GATES.join(', ')}`);
        return undefined;
      }
      return qubit(g.qubit, 'qubit') ? (g as CustomGate) : undefined;
    case 'cnot':
      return pair(g.control, g.target, ['control', 'target']) ? (g as CustomGate) : undefined;
    case 'cz':
    case 'swap':
      return pair(g.a, g.b, ['a', 'b']) ? (g as CustomGate) : undefined;
    case 'crot': {
      if (!(axis(g.axis) && pair(g.control, g.target, ['control', 'target']))) return undefined;
      const from = start();
      if (!from) return undefined;
      const [control, target] = [g.control as number, g.target as number];
      return { op: 'crot', axis: g.axis as RotationAxis, control, target, ...from };
    }
    case '~':
      fail('only rx, ry and rz take a fixed angle (~); only they and crx, cry, crz a start (:)');
      return undefined;
    default:
      fail(`unknown gate: ${CUSTOM_GATE_HELP}`);
      return undefined;
  }
}

/**
 * The program every simulator runs: the encoding on every qubit, then the gates, trainable
 * angles numbered in gate order; one flat parameter vector (paramShape [paramCount]), depth 1.
 * `family` is the family the circuit was copied from, kept for display only.
 */
export function compileCustomCircuit(
  circuit: CustomCircuit,
  spec: { readonly family: CircuitFamily; readonly qubits: number; readonly structureSeed: number },
): ExtendedProgram {
  const gates: ExtendedGate[] = [];
  for (let q = 0; q < spec.qubits; q++) {
    gates.push(
      circuit.encoding === 'ry'
        ? { op: 'encode', qubit: q }
        : { op: 'encode', qubit: q, encoding: circuit.encoding },
    );
  }
  let param = 0;
  for (const g of circuit.gates) {
    if (g.op === 'rot' || g.op === 'crot') {
      const { start: _, ...gate } = g;
      gates.push({ ...gate, param: param++ });
    } else gates.push(g);
  }
  return { ...spec, depth: 1, paramShape: [param], paramCount: param, gates };
}

/**
 * Where each trainable angle of a compiled custom circuit starts, in parameter order: its `start`,
 * or undefined for the run's random start.
 */
export function customStartAngles(circuit: CustomCircuit): (number | undefined)[] {
  return circuit.gates.flatMap((g) => (g.op === 'rot' || g.op === 'crot' ? [g.start] : []));
}

/**
 * A program's gate list as a custom circuit ("edit a copy"; an imported file, whose angles,
 * `starts` in parameter order, become where its rotations start).
 */
export function customFromGates(
  gates: readonly ExtendedGate[],
  starts?: ArrayLike<number>,
): CustomCircuit {
  const from = (param: number) => (starts ? { start: roundAngle(starts[param]) } : {});
  let encoding: Encoding = 'ry';
  const out: CustomGate[] = [];
  for (const g of gates) {
    if (g.op === 'encode') {
      encoding = encodingOf(g);
      continue;
    }
    if (g.op === 'rot') out.push({ op: 'rot', axis: g.axis, qubit: g.qubit, ...from(g.param) });
    else if (g.op === 'crot') {
      const { axis, control, target } = g;
      out.push({ op: 'crot', axis, control, target, ...from(g.param) });
    } else out.push(g.op === 'frot' ? { ...g, angle: roundAngle(g.angle) } : g);
  }
  return { encoding, gates: out };
}

/** Whether a program uses anything beyond the core gates (RY encoding, RX/RY/RZ, CNOT). */
export function usesExtendedGates(program: ExtendedProgram): boolean {
  return program.gates.some((g) =>
    g.op === 'encode' ? encodingOf(g) !== 'ry' : g.op !== 'rot' && g.op !== 'cnot',
  );
}
