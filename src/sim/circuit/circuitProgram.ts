/*
 * A quanv circuit as a program: the gate list that every simulator executes (docs/model.md §6).
 * A family is data here, never a special-case kernel: the tfjs-op reference,
 * the CPU kernel and the WebGPU kernel all walk the same list.
 *
 * Conventions: window pixel j is encoded by RY(π·x_j) on qubit j; RX/RY/RZ(θ) = exp(−iθσ/2);
 * qubit 0 is the most significant bit of the basis index; the readout is ⟨Z_j⟩ on every qubit.
 */
import { deriveSeed, mulberry32 } from '../../util/prng';

export const CIRCUIT_FAMILIES = ['ryrz', 'basic', 'strong', 'random', 'randomlayers'] as const;
export type CircuitFamily = (typeof CIRCUIT_FAMILIES)[number];

export type RotationAxis = 'x' | 'y' | 'z';

export type Gate =
  /** RY(π·x_qubit): the window's pixel `qubit` on wire `qubit`. */
  | { readonly op: 'encode'; readonly qubit: number }
  /** A trainable rotation exp(−i·θ·σ_axis/2), θ = params[param] (flat index). */
  | {
      readonly op: 'rot';
      readonly axis: RotationAxis;
      readonly qubit: number;
      readonly param: number;
    }
  | { readonly op: 'cnot'; readonly control: number; readonly target: number };

/** The fixed one-qubit gates: Hadamard, Paulis, S = diag(1, i), T = diag(1, e^{iπ/4}), inverses. */
export const FIXED_GATES = ['h', 'x', 'y', 'z', 's', 'sdg', 't', 'tdg'] as const;
export type FixedGateName = (typeof FIXED_GATES)[number];

/** How a pixel x enters: RY(πx) (every family), RX(πx), or H then RZ(πx). */
export type Encoding = 'ry' | 'rx' | 'hrz';

/**
 * The wider gate set (issue 23): the core gates above, and fixed one-qubit gates, fixed-angle
 * rotations, CZ, SWAP, trainable controlled rotations and two more encodings. Every simulator
 * runs it: the tfjs-op one directly, the CPU and WebGPU kernels lowered (kernelGates.ts); and the
 * float64 and jsqubits references.
 */
export type ExtendedGate =
  | Gate
  /** The pixel `qubit` on wire `qubit`, entering as `encoding` (RY(πx) is the core `encode`). */
  | { readonly op: 'encode'; readonly qubit: number; readonly encoding: Encoding }
  | { readonly op: 'fixed'; readonly gate: FixedGateName; readonly qubit: number }
  /** A rotation exp(−i·angle·σ/2) by a fixed angle (not a parameter). */
  | {
      readonly op: 'frot';
      readonly axis: RotationAxis;
      readonly qubit: number;
      readonly angle: number;
    }
  /** Controlled-Z (symmetric in a, b) and SWAP, on qubits a ≠ b. */
  | { readonly op: 'cz' | 'swap'; readonly a: number; readonly b: number }
  /** A trainable controlled rotation: exp(−i·θ·σ_axis/2) on `target` when `control` is 1. */
  | {
      readonly op: 'crot';
      readonly axis: RotationAxis;
      readonly control: number;
      readonly target: number;
      readonly param: number;
    };

/** The encoding of an encode gate of either set. */
export function encodingOf(g: Extract<ExtendedGate, { op: 'encode' }>): Encoding {
  return 'encoding' in g ? g.encoding : 'ry';
}

export interface CircuitSpec {
  readonly family: CircuitFamily;
  readonly qubits: number;
  /** L, the number of ansatz layers. */
  readonly depth: number;
  /**
   * Chooses the structure of `random` circuits (the others ignore it). The network passes
   * deriveSeed(run seed, quanv layer index), so each layer has its own fixed structure.
   */
  readonly structureSeed: number;
}

export interface CircuitProgram<G extends ExtendedGate = Gate> extends CircuitSpec {
  /** How the flat parameter vector is laid out, e.g. [L, n, 2] for ryrz (row-major). */
  readonly paramShape: readonly number[];
  readonly paramCount: number;
  /** The encoding gates first (one per qubit, in qubit order), then the ansatz. */
  readonly gates: readonly G[];
}

/**
 * The CNOT ring of docs/model.md §1 with a given range: CNOT(j, j + range mod n) for j = 0 … n-1,
 * in that order. Range 1 is the ring of `ryrz` and `basic`; `strong` cycles the range per layer.
 */
export function cnotRing(
  qubits: number,
  range: number,
): { readonly op: 'cnot'; readonly control: number; readonly target: number }[] {
  return Array.from({ length: qubits }, (_, j) => ({
    op: 'cnot' as const,
    control: j,
    target: (j + range) % qubits,
  }));
}

/** A program that may use the wider gate set. */
export type ExtendedProgram = CircuitProgram<ExtendedGate>;

/**
 * The probability of a CNOT at each draw of a `random` or `randomlayers` layer (PennyLane's
 * RandomLayers default ratio_imprim). `random` draws at most one CNOT before each rotation (the
 * lab's first version, kept so that links naming it keep their structure); `randomlayers` keeps
 * drawing after a CNOT, as RandomLayers does (0.3/0.7 ≈ 0.43 CNOTs per rotation).
 */
const RANDOM_CNOT_PROBABILITY = 0.3;

export function compileCircuit(spec: CircuitSpec): CircuitProgram {
  const { family, qubits: n, depth } = spec;
  const gates: Gate[] = [];
  for (let j = 0; j < n; j++) gates.push({ op: 'encode', qubit: j });
  const rot = (axis: RotationAxis, qubit: number, param: number) =>
    gates.push({ op: 'rot', axis, qubit, param });
  const ring = (range: number) => gates.push(...cnotRing(n, range));
  let paramShape: number[];
  switch (family) {
    case 'ryrz':
      paramShape = [depth, n, 2];
      for (let l = 0; l < depth; l++) {
        for (let j = 0; j < n; j++) {
          rot('y', j, (l * n + j) * 2);
          rot('z', j, (l * n + j) * 2 + 1);
        }
        ring(1);
      }
      break;
    case 'basic':
      paramShape = [depth, n, 1];
      for (let l = 0; l < depth; l++) {
        for (let j = 0; j < n; j++) rot('x', j, l * n + j);
        ring(1);
      }
      break;
    case 'strong':
      paramShape = [depth, n, 3];
      for (let l = 0; l < depth; l++) {
        // Rot(α, β, γ) = RZ(γ)·RY(β)·RZ(α): α acts first.
        for (let j = 0; j < n; j++) {
          rot('z', j, (l * n + j) * 3);
          rot('y', j, (l * n + j) * 3 + 1);
          rot('z', j, (l * n + j) * 3 + 2);
        }
        ring((l % (n - 1)) + 1);
      }
      break;
    case 'random': {
      paramShape = [depth, 2 * n];
      const axes: readonly RotationAxis[] = ['x', 'y', 'z'];
      const random = mulberry32(deriveSeed(spec.structureSeed, 0x72616e64));
      const pick = (count: number) => Math.min(count - 1, Math.floor(random() * count));
      for (let l = 0; l < depth; l++) {
        for (let r = 0; r < 2 * n; r++) {
          if (random() < RANDOM_CNOT_PROBABILITY) {
            const control = pick(n);
            const target = (control + 1 + pick(n - 1)) % n;
            gates.push({ op: 'cnot', control, target });
          }
          rot(axes[pick(3)], pick(n), l * 2 * n + r);
        }
      }
      break;
    }
    case 'randomlayers': {
      // PennyLane's RandomLayers loop, per ansatz layer: draw; with probability 0.3 a CNOT on two
      // distinct random wires (random order) and draw again, otherwise a random RX/RY/RZ on a
      // random wire taking the next angle, until the layer has its 2n rotations.
      paramShape = [depth, 2 * n];
      const axes: readonly RotationAxis[] = ['x', 'y', 'z'];
      const random = mulberry32(deriveSeed(spec.structureSeed, 0x524c6179));
      const pick = (count: number) => Math.min(count - 1, Math.floor(random() * count));
      for (let l = 0; l < depth; l++) {
        for (let r = 0; r < 2 * n;) {
          if (random() < RANDOM_CNOT_PROBABILITY) {
            const control = pick(n);
            gates.push({ op: 'cnot', control, target: (control + 1 + pick(n - 1)) % n });
          } else {
            rot(axes[pick(3)], pick(n), l * 2 * n + r);
            r++;
          }
        }
      }
      break;
    }
  }
  const paramCount = paramShape.reduce((a, b) => a * b, 1);
  return { ...spec, paramShape, paramCount, gates };
}
