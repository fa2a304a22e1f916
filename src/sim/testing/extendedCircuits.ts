/*
 * Random programs of the wider gate set (circuitProgram.ts ExtendedGate) for the tests: every
 * encoding, every fixed gate, fixed-angle and trainable rotations, CNOT, CZ, SWAP and trainable
 * controlled rotations, on random qubits.
 */
import {
  FIXED_GATES,
  type Encoding,
  type ExtendedGate,
  type ExtendedProgram,
  type RotationAxis,
} from '../circuit/circuitProgram';
import { mulberry32 } from '../../util/prng';

/** A gate kind a test can concentrate on: half the gates are of it (or every encoding is it). */
export type GateFocus =
  (typeof FIXED_GATES)[number] | 'rot' | 'crot' | 'frot' | 'cnot' | 'cz' | 'swap' | Encoding;

export const GATE_FOCI: readonly GateFocus[] = [
  ...FIXED_GATES,
  'rot',
  'crot',
  'frot',
  'cnot',
  'cz',
  'swap',
  'ry',
  'rx',
  'hrz',
];

export function randomExtendedProgram(
  qubits: number,
  gateCount: number,
  seed: number,
  focus?: GateFocus,
): ExtendedProgram {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T =>
    items[Math.min(items.length - 1, Math.floor(random() * items.length))];
  const wires = Array.from({ length: qubits }, (_, q) => q);
  const pair = (): [number, number] => {
    const a = pick(wires);
    return [a, pick(wires.filter((q) => q !== a))];
  };
  const axes: readonly RotationAxis[] = ['x', 'y', 'z'];
  const encodings: readonly Encoding[] = ['ry', 'rx', 'hrz'];
  const gates: ExtendedGate[] = wires.map((qubit) => {
    const encoding =
      focus && encodings.includes(focus as Encoding) ? (focus as Encoding) : pick(encodings);
    return encoding === 'ry' ? { op: 'encode', qubit } : { op: 'encode', qubit, encoding };
  });
  let params = 0;
  for (let k = 0; k < gateCount; k++) {
    const focused = focus !== undefined && !encodings.includes(focus as Encoding) && random() < 0.5;
    const fixedFocus = (FIXED_GATES as readonly string[]).includes(focus ?? '');
    const kind = focused
      ? fixedFocus
        ? 'fixed'
        : (focus as 'rot' | 'crot' | 'frot' | 'cnot' | 'cz' | 'swap')
      : pick(['rot', 'rot', 'crot', 'frot', 'fixed', 'cnot', 'cz', 'swap'] as const);
    const [a, b] = pair();
    if (kind === 'rot') gates.push({ op: 'rot', axis: pick(axes), qubit: a, param: params++ });
    else if (kind === 'crot') {
      gates.push({ op: 'crot', axis: pick(axes), control: a, target: b, param: params++ });
    } else if (kind === 'frot') {
      gates.push({ op: 'frot', axis: pick(axes), qubit: a, angle: (4 * random() - 2) * Math.PI });
    } else if (kind === 'fixed') {
      const gate =
        focused && fixedFocus ? (focus as (typeof FIXED_GATES)[number]) : pick(FIXED_GATES);
      gates.push({ op: 'fixed', gate, qubit: a });
    } else if (kind === 'cnot') gates.push({ op: 'cnot', control: a, target: b });
    else gates.push({ op: kind, a, b });
  }
  return {
    family: 'random',
    qubits,
    depth: 1,
    structureSeed: seed,
    paramShape: [params],
    paramCount: params,
    gates,
  };
}

/**
 * The gate-set test circuits every simulator's test runs: per gate kind a 4-qubit circuit where
 * half the gates are of that kind (or every encoding is), among rotations that do not commute
 * with it; and two 9-qubit circuits of everything.
 */
export const EXTENDED_CASES: readonly {
  readonly focus: string;
  readonly program: ExtendedProgram;
}[] = [
  ...GATE_FOCI.map((focus, i) => ({
    focus: String(focus),
    program: randomExtendedProgram(4, 30, 11 + i, focus),
  })),
  ...[7, 8].map((seed) => ({ focus: 'all', program: randomExtendedProgram(9, 60, seed) })),
];

export const extendedCaseLabel = ({ focus, program: p }: (typeof EXTENDED_CASES)[number]) =>
  `${focus}: ${p.qubits} qubits, ${p.gates.length} gates`;

/** Three windows (pixels in [−0.5, 1.5)), angles in [−π, 3π) and readout weights in [−1, 1). */
export function extendedInputs(p: ExtendedProgram, seed: number) {
  const random = mulberry32(seed);
  return {
    windows: Array.from({ length: 3 }, () =>
      Array.from({ length: p.qubits }, () => 2 * random() - 0.5),
    ),
    params: Array.from({ length: p.paramCount }, () => (4 * random() - 1) * Math.PI),
    weights: Array.from({ length: p.qubits }, () => 2 * random() - 1),
  };
}

/**
 * A program and its angles as an OpenQASM export then import gives them back: every fixed-angle
 * rotation becomes a trainable one (the file cannot say which angles are fixed), its angle taking
 * its place in parameter order.
 */
export function asImported(
  program: ExtendedProgram,
  params: ArrayLike<number>,
): { program: ExtendedProgram; params: number[] } {
  const out: number[] = [];
  const gates = program.gates.map((g): ExtendedGate => {
    if (g.op === 'frot') {
      out.push(g.angle);
      return { op: 'rot', axis: g.axis, qubit: g.qubit, param: out.length - 1 };
    }
    if (g.op === 'rot' || g.op === 'crot') {
      out.push(params[g.param]);
      return { ...g, param: out.length - 1 };
    }
    return g;
  });
  const count = out.length;
  return { program: { ...program, gates, paramCount: count, paramShape: [count] }, params: out };
}
