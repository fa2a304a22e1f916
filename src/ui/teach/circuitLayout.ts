import type { CircuitProgram } from '../../sim/circuit/circuitProgram';
import { deadParameters } from '../../sim/circuit/deadParameters';

/*
 * Where every gate of one quanv kernel's compiled circuit program (docs/model.md §6) goes on a grid, as
 * plain data, so the drawing and its tests share one definition: the encoding, each ansatz layer
 * in its own band of columns, the readout. Every family is drawn from its gate list, gate by gate.
 */

export type GateKind = 'encode' | 'rx' | 'ry' | 'rz' | 'cnot' | 'measure';

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
  /** The qubit the gate acts on; for a CNOT, its target. */
  readonly qubit: number;
  /** CNOT only: the control qubit. */
  readonly control?: number;
  /** Rotations only. */
  readonly param?: GateParam;
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
function gateLayers(program: CircuitProgram): number[] {
  const perLayer = program.paramCount / program.depth;
  const layers = program.gates.map((g) =>
    g.op === 'rot' ? Math.floor(g.param / perLayer) : g.op === 'encode' ? -1 : NaN,
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

export function circuitLayout(program: CircuitProgram): CircuitLayout {
  const n = program.qubits;
  const dead = deadParameters(program);
  const layers = gateLayers(program);
  const gates: Gate[] = [];
  const sections: Section[] = [{ label: 'encoding', from: 0, to: 0 }];
  // next[q]: the first free column on wire q. A CNOT blocks every wire its line crosses.
  const next = new Array<number>(n).fill(1);
  program.gates.forEach((g) => {
    if (g.op === 'encode') gates.push({ kind: 'encode', column: 0, qubit: g.qubit });
  });
  let start = 1;
  for (let l = 0; l < program.depth; l++) {
    next.fill(start);
    program.gates.forEach((g, i) => {
      if (layers[i] !== l || g.op === 'encode') return;
      const [lo, hi] =
        g.op === 'cnot'
          ? [Math.min(g.control, g.target), Math.max(g.control, g.target)]
          : [g.qubit, g.qubit];
      let column = start;
      for (let q = lo; q <= hi; q++) column = Math.max(column, next[q]);
      for (let q = lo; q <= hi; q++) next[q] = column + 1;
      if (g.op === 'cnot') {
        gates.push({ kind: 'cnot', column, qubit: g.target, control: g.control });
      } else {
        const param = { layer: l, index: g.param, dead: dead[g.param] };
        gates.push({ kind: `r${g.axis}`, column, qubit: g.qubit, param });
      }
    });
    const end = Math.max(start + 1, ...next);
    sections.push({ label: `ansatz layer ${l + 1}`, from: start, to: end - 1 });
    start = end;
  }
  for (let q = 0; q < n; q++) gates.push({ kind: 'measure', column: start, qubit: q });
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
