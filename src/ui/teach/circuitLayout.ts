import {
  encodingOf,
  type Encoding,
  type ExtendedGate,
  type ExtendedProgram,
  type FixedGateName,
} from '../../sim/circuit/circuitProgram';
import { deadParameters } from '../../sim/circuit/deadParameters';

/*
 * Where every gate of one quanv kernel's compiled circuit program (docs/model.md §6) goes on a grid, as
 * plain data, so the drawing and its tests share one definition: the encoding, each ansatz layer
 * in its own band of columns, the readout. Every family is drawn from its gate list, gate by gate.
 */

/**
 * rx/ry/rz: trainable rotations; frx/fry/frz: fixed-angle ones; crx/cry/crz: trainable controlled
 * rotations; fixed: H, X, Y, Z, S, S†, T, T† (the gate's name in `fixed`).
 */
export type GateKind =
  | 'encode'
  | 'rx'
  | 'ry'
  | 'rz'
  | 'frx'
  | 'fry'
  | 'frz'
  | 'crx'
  | 'cry'
  | 'crz'
  | 'fixed'
  | 'cnot'
  | 'cz'
  | 'swap'
  | 'measure';

/** A rotation's angle: where it lives in the program's flat parameters, and whether it is dead. */
export interface GateParam {
  /** The 0-based ansatz layer. */
  readonly layer: number;
  /** The flat parameter index (InspectResult.angles is in this order). */
  readonly index: number;
  /** It provably cannot affect ⟨Z⟩ (deadParameters.ts). */
  readonly dead: boolean;
}

export interface Gate {
  readonly kind: GateKind;
  readonly column: number;
  /** The qubit the gate acts on; for a CNOT or controlled rotation its target, for CZ/SWAP b. */
  readonly qubit: number;
  /** Two-qubit gates: the control qubit (CZ, SWAP: the other qubit a). */
  readonly control?: number;
  /** Trainable rotations only. */
  readonly param?: GateParam;
  /** Where the gate is in the program's gate list (readouts: −1). */
  readonly at: number;
  /** Fixed-angle rotations: the angle. */
  readonly angle?: number;
  /** Fixed one-qubit gates: which. */
  readonly fixed?: FixedGateName;
  /** Encoding gates: how the pixel enters. */
  readonly encoding?: Encoding;
}

export type SectionLabel = 'encoding' | 'readout' | `ansatz layer ${number}`;

/** A labelled range of columns, `from` and `to` both inclusive. */
export interface Section {
  readonly label: SectionLabel;
  readonly from: number;
  readonly to: number;
}

export interface CircuitLayout {
  readonly qubits: number;
  readonly depth: number;
  readonly columns: number;
  readonly gates: readonly Gate[];
  readonly sections: readonly Section[];
}

/**
 * The ansatz layer of each gate of the program (−1 for the encoding). Rotations know theirs from
 * the parameter index (every family lays parameters out layer by layer); a `random(layers)` layer draws
 * its CNOTs before its rotations, the other families close a layer with theirs.
 */
function gateLayers(program: ExtendedProgram): number[] {
  const perLayer = program.paramCount / program.depth;
  const layers = program.gates.map((g) =>
    g.op === 'rot' || g.op === 'crot'
      ? Math.floor(g.param / perLayer)
      : g.op === 'encode'
        ? -1
        : NaN,
  );
  const joinsNext = program.family === 'random' || program.family === 'randomlayers';
  const order = joinsNext ? [...layers.keys()].reverse() : [...layers.keys()];
  let current = joinsNext ? program.depth - 1 : 0;
  for (const i of order) {
    if (Number.isNaN(layers[i])) layers[i] = current;
    else if (layers[i] >= 0) current = layers[i];
  }
  return layers;
}

/** The wires a gate's drawing spans, lowest and highest. */
function span(g: ExtendedGate): [number, number] {
  if (g.op === 'cnot' || g.op === 'crot') {
    return [Math.min(g.control, g.target), Math.max(g.control, g.target)];
  }
  if ('a' in g) return [Math.min(g.a, g.b), Math.max(g.a, g.b)];
  return [g.qubit, g.qubit];
}

/** A program gate (not an encoding) placed in `column`. */
function placed(g: ExtendedGate, at: number, column: number, layer: number, dead: boolean[]): Gate {
  switch (g.op) {
    case 'cnot':
      return { kind: 'cnot', column, qubit: g.target, control: g.control, at };
    case 'cz':
    case 'swap':
      return { kind: g.op, column, qubit: g.b, control: g.a, at };
    case 'crot':
      return {
        kind: `cr${g.axis}`,
        column,
        qubit: g.target,
        control: g.control,
        at,
        param: { layer, index: g.param, dead: dead[g.param] },
      };
    case 'frot':
      return { kind: `fr${g.axis}`, column, qubit: g.qubit, angle: g.angle, at };
    case 'fixed':
      return { kind: 'fixed', column, qubit: g.qubit, fixed: g.gate, at };
    case 'rot':
      return {
        kind: `r${g.axis}`,
        column,
        qubit: g.qubit,
        at,
        param: { layer, index: g.param, dead: dead[g.param] },
      };
    case 'encode':
      return { kind: 'encode', column: 0, qubit: g.qubit, at, encoding: encodingOf(g) };
  }
}

export function circuitLayout(program: ExtendedProgram): CircuitLayout {
  const n = program.qubits;
  const dead = deadParameters(program);
  const layers = gateLayers(program);
  const gates: Gate[] = [];
  const sections: Section[] = [{ label: 'encoding', from: 0, to: 0 }];
  // next[q]: the first free column on wire q. A CNOT blocks every wire its line crosses.
  const next = new Array<number>(n).fill(1);
  program.gates.forEach((g, at) => {
    if (g.op === 'encode') gates.push(placed(g, at, 0, -1, dead));
  });
  let start = 1;
  for (let l = 0; l < program.depth; l++) {
    next.fill(start);
    program.gates.forEach((g, i) => {
      if (layers[i] !== l || g.op === 'encode') return;
      const [lo, hi] = span(g);
      let column = start;
      for (let q = lo; q <= hi; q++) column = Math.max(column, next[q]);
      for (let q = lo; q <= hi; q++) next[q] = column + 1;
      gates.push(placed(g, i, column, l, dead));
    });
    const end = Math.max(start + 1, ...next);
    sections.push({ label: `ansatz layer ${l + 1}`, from: start, to: end - 1 });
    start = end;
  }
  for (let q = 0; q < n; q++) gates.push({ kind: 'measure', column: start, qubit: q, at: -1 });
  sections.push({ label: 'readout', from: start, to: start });
  return { qubits: n, depth: program.depth, columns: start + 1, gates, sections };
}

const TURN = 2 * Math.PI;

/**
 * An angle as shown in the drawing: reduced to [0, 2π), because rotations are 2π-periodic up to a
 * global phase and trained angles drift freely outside that range.
 */
export function formatAngle(radians: number): string {
  if (!Number.isFinite(radians)) return '—';
  // `%` keeps the sign of the dividend, so negative angles need the second wrap.
  const reduced = ((radians % TURN) + TURN) % TURN;
  return reduced.toFixed(2);
}

/** A rotation gate's current angle, or null when there are no angles (yet) or the gate has none. */
export function angleAt(angles: Float32Array | null | undefined, gate: Gate): number | null {
  if (!angles || !gate.param || gate.param.index >= angles.length) return null;
  return angles[gate.param.index];
}
