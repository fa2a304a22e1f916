import type { FixedGateName, RotationAxis } from '../../sim/circuit/circuitProgram';
import { roundAngle, type CustomCircuit, type CustomGate } from '../../sim/circuit/customCircuit';
import type { CircuitLayout, Gate as DrawnGate } from '../teach/circuitLayout';

/*
 * The gate editor's edits of a custom circuit (src/sim/circuit/customCircuit.ts), as pure
 * functions: the editor turns a drop or a key into one of these and hands the result to the
 * controller like any other configuration edit. Positions are the drawing's (circuitLayout.ts):
 * a wire and a column; a column's gates act on different wires, so ordering the list by column
 * gives the same circuit, and a gate inserted "at column c" goes after every gate drawn left of c.
 */

export type PaletteId =
  'rx' | 'ry' | 'rz' | FixedGateName | 'cnot' | 'cz' | 'swap' | 'crx' | 'cry' | 'crz';

export interface PaletteEntry {
  readonly id: PaletteId;
  /** What the palette shows. */
  readonly label: string;
  /** The key that inserts it at the cursor (shortcuts are single lower-case letters). */
  readonly key?: string;
  readonly title: string;
}

export const PALETTE: readonly PaletteEntry[] = [
  { id: 'rx', label: 'RX', key: 'x', title: 'RX(θ): trainable rotation about X' },
  { id: 'ry', label: 'RY', key: 'y', title: 'RY(θ): trainable rotation about Y' },
  { id: 'rz', label: 'RZ', key: 'z', title: 'RZ(θ): trainable rotation about Z' },
  { id: 'h', label: 'H', key: 'h', title: 'Hadamard' },
  { id: 'x', label: 'X', title: 'Pauli X' },
  { id: 'y', label: 'Y', title: 'Pauli Y' },
  { id: 'z', label: 'Z', title: 'Pauli Z' },
  { id: 's', label: 'S', key: 's', title: 'S = diag(1, i)' },
  { id: 'sdg', label: 'S†', title: 'S† = diag(1, −i)' },
  { id: 't', label: 'T', key: 't', title: 'T = diag(1, e^{iπ/4})' },
  { id: 'tdg', label: 'T†', title: 'T† = diag(1, e^{−iπ/4})' },
  { id: 'cnot', label: 'CNOT', key: 'c', title: 'CNOT: control on the wire, target on the next' },
  { id: 'cz', label: 'CZ', key: 'v', title: 'Controlled-Z on the wire and the next' },
  { id: 'swap', label: 'SWAP', key: 'w', title: 'SWAP of the wire and the next' },
  {
    id: 'crx',
    label: 'CRX',
    title: 'Trainable controlled RX: control on the wire, target on the next',
  },
  {
    id: 'cry',
    label: 'CRY',
    title: 'Trainable controlled RY: control on the wire, target on the next',
  },
  {
    id: 'crz',
    label: 'CRZ',
    title: 'Trainable controlled RZ: control on the wire, target on the next',
  },
];

/** The palette's gate placed on wire `qubit`; two-qubit gates reach the next wire (cyclically). */
export function paletteGate(id: PaletteId, qubit: number, qubits: number): CustomGate {
  const next = (qubit + 1) % qubits;
  switch (id) {
    case 'rx':
    case 'ry':
    case 'rz':
      return { op: 'rot', axis: id[1] as RotationAxis, qubit };
    case 'cnot':
      return { op: 'cnot', control: qubit, target: next };
    case 'cz':
    case 'swap':
      return { op: id, a: qubit, b: next };
    case 'crx':
    case 'cry':
    case 'crz':
      return { op: 'crot', axis: id[2] as RotationAxis, control: qubit, target: next };
    default:
      return { op: 'fixed', gate: id, qubit };
  }
}

/** The circuit's gates as drawn: index into circuit.gates and column, in drawing order. */
function drawnOrder(layout: CircuitLayout): { index: number; column: number }[] {
  return layout.gates
    .filter((g) => g.kind !== 'encode' && g.kind !== 'measure')
    .map((g) => ({ index: g.at - layout.qubits, column: g.column }))
    .sort((a, b) => a.column - b.column || a.index - b.index);
}

/** The drawn gate covering wire `qubit` in `column` (a two-qubit gate covers its span). */
export function gateAt(
  layout: CircuitLayout,
  qubit: number,
  column: number,
): DrawnGate | undefined {
  return layout.gates.find((g) => {
    if (g.column !== column || g.kind === 'encode' || g.kind === 'measure') return false;
    const lo = Math.min(g.qubit, g.control ?? g.qubit);
    const hi = Math.max(g.qubit, g.control ?? g.qubit);
    return qubit >= lo && qubit <= hi;
  });
}

/** `gate` placed at `column` (after every gate drawn left of it); `without` leaves one out. */
export function insertGate(
  circuit: CustomCircuit,
  layout: CircuitLayout,
  gate: CustomGate,
  column: number,
  without?: number,
): CustomCircuit {
  const order = drawnOrder(layout).filter((o) => o.index !== without);
  const gates = order.map((o) => circuit.gates[o.index]);
  gates.splice(order.filter((o) => o.column < column).length, 0, gate);
  return { ...circuit, gates };
}

export function removeGate(circuit: CustomCircuit, index: number): CustomCircuit {
  return { ...circuit, gates: circuit.gates.filter((_, i) => i !== index) };
}

/** The wires a gate touches: the one of a one-qubit gate first, a control (or a) first. */
function wiresOf(g: CustomGate): number[] {
  if (g.op === 'cnot' || g.op === 'crot') return [g.control, g.target];
  if ('a' in g) return [g.a, g.b];
  return [g.qubit];
}

function withWires(g: CustomGate, wires: readonly number[]): CustomGate {
  if (g.op === 'cnot' || g.op === 'crot') return { ...g, control: wires[0], target: wires[1] };
  if ('a' in g) return { ...g, a: wires[0], b: wires[1] };
  return { ...g, qubit: wires[0] };
}

/**
 * Gate `index` moved so that its first wire is `qubit`, at `column`; every wire shifts by the
 * same amount. Null when that would leave the layer's wires.
 */
export function moveGate(
  circuit: CustomCircuit,
  layout: CircuitLayout,
  index: number,
  qubit: number,
  column: number,
): CustomCircuit | null {
  const gate = circuit.gates[index];
  const wires = wiresOf(gate);
  const shifted = wires.map((w) => w + qubit - wires[0]);
  if (shifted.some((w) => w < 0 || w >= layout.qubits)) return null;
  return insertGate(circuit, layout, withWires(gate, shifted), column, index);
}

/** A two-qubit gate's second wire (target, or b) set to `qubit`; null when that is its first. */
export function retarget(
  circuit: CustomCircuit,
  index: number,
  qubit: number,
): CustomCircuit | null {
  const wires = wiresOf(circuit.gates[index]);
  if (wires.length !== 2 || wires[0] === qubit) return null;
  return replace(circuit, index, withWires(circuit.gates[index], [wires[0], qubit]));
}

/**
 * A rotation made trainable (its start angle then comes from the run's seed), or fixed at
 * `angle` radians.
 */
export function setRotation(
  circuit: CustomCircuit,
  index: number,
  fixedAngle: number | null,
): CustomCircuit {
  const g = circuit.gates[index];
  if (g.op !== 'rot' && g.op !== 'frot') return circuit;
  const base = { axis: g.axis, qubit: g.qubit };
  return replace(
    circuit,
    index,
    fixedAngle === null
      ? { op: 'rot', ...base }
      : { op: 'frot', ...base, angle: roundAngle(fixedAngle) },
  );
}

function replace(circuit: CustomCircuit, index: number, gate: CustomGate): CustomCircuit {
  return { ...circuit, gates: circuit.gates.map((g, i) => (i === index ? gate : g)) };
}

/** A short name of a gate for the editor's words: "RY on q2", "CNOT q0 → q1", "RZ(0.5) on q1". */
export function gateWords(g: CustomGate): string {
  switch (g.op) {
    case 'rot':
      return `R${g.axis.toUpperCase()} (trainable) on q${g.qubit}`;
    case 'frot':
      return `R${g.axis.toUpperCase()}(${g.angle}) (fixed) on q${g.qubit}`;
    case 'fixed':
      return `${PALETTE.find((p) => p.id === g.gate)?.label ?? g.gate} on q${g.qubit}`;
    case 'cnot':
      return `CNOT q${g.control} → q${g.target}`;
    case 'cz':
    case 'swap':
      return `${g.op.toUpperCase()} q${g.a}, q${g.b}`;
    case 'crot':
      return `CR${g.axis.toUpperCase()} (trainable) q${g.control} → q${g.target}`;
  }
}
