import type { QubitCount } from '../../sim/simulator';

/*
 * Where every gate of one quanv kernel's circuit (docs/model.md §1) goes on a grid, as plain data, so the
 * drawing and its tests share one definition: encoding, L ansatz layers, readout.
 */

export type GateKind = 'encode' | 'ry' | 'rz' | 'cnot' | 'measure';

/** Where a rotation's angle lives in the flat [L, n, 2] array of InspectResult.angles. */
export interface GateParam {
  readonly layer: number;
  readonly qubit: number;
  readonly index: number;
}

export interface Gate {
  readonly kind: GateKind;
  readonly column: number;
  /** The qubit the gate acts on; for a CNOT, its target. */
  readonly qubit: number;
  /** CNOT only: the control qubit. */
  readonly control?: number;
  /** RY and RZ only. */
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

/** The index of θ (RY, `which` 0) or φ (RZ, `which` 1) of qubit q in ansatz layer l. */
const paramIndex = (n: number, layer: number, qubit: number, which: 0 | 1) =>
  (layer * n + qubit) * 2 + which;

export function circuitLayout(qubits: QubitCount, depth: number): CircuitLayout {
  const n = qubits;
  const wires = Array.from({ length: n }, (_, q) => q);
  const gates: Gate[] = wires.map((q) => ({ kind: 'encode', column: 0, qubit: q }));
  const sections: Section[] = [{ label: 'encoding', from: 0, to: 0 }];
  let column = 1;
  for (let l = 0; l < depth; l++) {
    const from = column;
    // RY and RZ act on separate qubits, so each rotation kind fills a single column.
    for (const [kind, which] of [
      ['ry', 0],
      ['rz', 1],
    ] as const) {
      for (const q of wires) {
        gates.push({
          kind,
          column,
          qubit: q,
          param: { layer: l, qubit: q, index: paramIndex(n, l, q, which) },
        });
      }
      column++;
    }
    // Consecutive CNOTs of the ring share a qubit, so they cannot be drawn in one column.
    for (const j of wires) {
      gates.push({ kind: 'cnot', column, qubit: (j + 1) % n, control: j });
      column++;
    }
    sections.push({ label: `ansatz layer ${l + 1}`, from, to: column - 1 });
  }
  for (const q of wires) gates.push({ kind: 'measure', column, qubit: q });
  sections.push({ label: 'readout', from: column, to: column });
  return { qubits: n, depth, columns: column + 1, gates, sections };
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
