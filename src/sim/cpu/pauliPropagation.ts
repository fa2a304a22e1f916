/*
 * The Heisenberg picture of a program whose encodings all sit in its product-state prefix (the
 * gates before the first CNOT): each readout Z_q, pulled back through the gates after the prefix,
 * is a sum of Pauli strings with coefficients that depend on the angles only, never on the
 * window. CNOTs map a Pauli string to one Pauli string (Clifford), and a one-qubit gate U maps
 * σ_k on its qubit to Σ_l B[k][l]·σ_l (B: U's Bloch rotation, circuit/bloch.ts). So
 *
 *   ⟨Z_q⟩(x) = Σ_t c_t(θ) · Π_{j ∈ t} b_j[σ_{t,j}](x_j)
 *
 * with b_j the Bloch vector of qubit j's prefix state. A window then costs the terms' products,
 * not a 2ⁿ-amplitude state (docs/architecture.md, "The CPU kernel's paths").
 *
 * This file is the symbolic part, once per program: which strings arise (a graph whose edges are
 * the gates' B entries), and each qubit's prefix steps. pauliProgram.ts evaluates it per call.
 */
import type { RotationAxis } from '../circuit/circuitProgram';
import { blochOf, BLOCH_AXES, type Bloch } from '../circuit/bloch';
import type { ExtendedProgram } from '../circuit/circuitProgram';
import { lowerForKernels } from '../circuit/kernelGates';
import { conjugateByCnot, pauliAt } from '../circuit/pauliString';

/** A prefix step of one qubit, in order. */
export type PrefixStep =
  | { readonly kind: 'fixed'; readonly b: Bloch }
  | { readonly kind: 'encode'; readonly axis: RotationAxis }
  | {
      readonly kind: 'rot';
      readonly axis: RotationAxis;
      readonly param: number;
      readonly scale: number;
    };

/** A one-qubit gate after the prefix: the source of the graph's edge factors. */
export type BodyGate =
  | { readonly qubit: number; readonly fixed: Bloch }
  | {
      readonly qubit: number;
      readonly axis: RotationAxis;
      readonly param: number;
      readonly scale: number;
    };

export interface PauliGraph {
  readonly qubits: number;
  readonly prefix: readonly (readonly PrefixStep[])[];
  readonly body: readonly BodyGate[];
  readonly nodeCount: number;
  /**
   * Output q's root is node q (Z_q, coefficient 1).
   * Edges in creation order (a topological order), four ints each: parent node, child node,
   * factor index (9·body gate + 3·k + l: B[k][l] of that gate) and the sign the CNOTs since the
   * parent was made gave it.
   */
  readonly edges: Int32Array;
  /**
   * The terms at the prefix, grouped by output: node, sign, output, and the factors, each
   * 3·qubit + Bloch component (0 x, 1 y, 2 z).
   */
  readonly terms: readonly {
    readonly node: number;
    readonly sign: number;
    readonly output: number;
    readonly factors: readonly number[];
  }[];
}

/** More nodes than this and the state vector is the better way (and the host's per-call work grows). */
const NODE_LIMIT = 1 << 16;

/** Lists of numbers in lexicographic order, a prefix first. */
function lexicographic(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** B's structurally nonzero entries: a rotation keeps its own axis and mixes the other two. */
function nonzero(gate: BodyGate, k: number, l: number): boolean {
  if ('fixed' in gate) return Math.abs(gate.fixed[3 * k + l]) > 1e-12;
  const a = BLOCH_AXES.indexOf(gate.axis);
  return k === a ? l === a : l !== a;
}

/**
 * The graph of a program, or null where the Pauli path does not apply: an encoding after the
 * prefix or after a rotation of its qubit (the prefix state would not be U·RY(πx)|0⟩-like for
 * every window), two encodings of one qubit, no CNOT (the product path, productReadout.ts), no
 * one-qubit gate after the first CNOT (the same), or a graph past NODE_LIMIT.
 */
export function pauliGraph(program: ExtendedProgram): PauliGraph | null {
  const n = program.qubits;
  const gates = lowerForKernels(program.gates);
  const first = gates.findIndex((g) => g.op === 'cnot');
  if (first < 0) return null;
  const prefix: PrefixStep[][] = Array.from({ length: n }, () => []);
  for (const g of gates.slice(0, first)) {
    if (g.op === 'cnot') continue;
    const steps = prefix[g.qubit];
    if (g.op === 'encode') {
      if (steps.some((s) => s.kind !== 'fixed')) return null;
      steps.push({ kind: 'encode', axis: g.axis });
    } else if (g.op === 'rot') {
      steps.push({ kind: 'rot', axis: g.axis, param: g.param, scale: g.scale });
    } else steps.push({ kind: 'fixed', b: blochOf(g.matrix) });
  }
  const rest = gates.slice(first);
  if (rest.some((g) => g.op === 'encode')) return null;
  if (!rest.some((g) => g.op !== 'cnot')) return null;

  const body: BodyGate[] = [];
  // Current (not yet expanded) nodes and every node's string, sign and output.
  const xs: number[] = [],
    zs: number[] = [],
    signs: number[] = [],
    outputs: number[] = [];
  const node = (x: number, z: number, q: number) => {
    xs.push(x);
    zs.push(z);
    signs.push(1);
    outputs.push(q);
    return xs.length - 1;
  };
  let current: number[] = Array.from({ length: n }, (_, q) => node(0, 1 << q, q));
  const edges: number[] = [];
  for (let i = rest.length - 1; i >= 0; i--) {
    const g = rest[i];
    if (g.op === 'encode') continue;
    if (g.op === 'cnot') {
      for (const v of current) {
        const [x, z, s] = conjugateByCnot(xs[v], zs[v], g.control, g.target);
        xs[v] = x;
        zs[v] = z;
        signs[v] *= s;
      }
      continue;
    }
    const j = g.qubit;
    const gate: BodyGate =
      g.op === 'rot'
        ? { qubit: j, axis: g.axis, param: g.param, scale: g.scale }
        : { qubit: j, fixed: blochOf(g.matrix) };
    const index = body.push(gate) - 1;
    const next: number[] = [];
    const made = new Map<number, number>();
    for (const v of current) {
      const k = pauliAt(xs[v], zs[v], j);
      if (k < 0) {
        next.push(v);
        continue;
      }
      for (let l = 0; l < 3; l++) {
        if (!nonzero(gate, k, l)) continue;
        const bit = 1 << j;
        const x = (xs[v] & ~bit) | (l !== 2 ? bit : 0);
        const z = (zs[v] & ~bit) | (l !== 0 ? bit : 0);
        const key = (outputs[v] * (1 << n) + x) * (1 << n) + z;
        let child = made.get(key);
        if (child === undefined) {
          child = node(x, z, outputs[v]);
          made.set(key, child);
          next.push(child);
        }
        edges.push(v, child, 9 * index + 3 * k + l, signs[v]);
      }
      if (xs.length > NODE_LIMIT) return null;
    }
    current = next;
  }
  const terms = current
    .map((v) => {
      const factors: number[] = [];
      for (let j = 0; j < n; j++) {
        const k = pauliAt(xs[v], zs[v], j);
        if (k >= 0) factors.push(3 * j + k);
      }
      return { node: v, sign: signs[v], output: outputs[v], factors };
    })
    // Per output in the factors' lexicographic order: the trie's depth-first order
    // (pauliProgram.ts), which the kernel's generated code walks (pauliTrieModule.ts).
    .sort((a, b) => a.output - b.output || lexicographic(a.factors, b.factors) || a.node - b.node);
  return {
    qubits: n,
    prefix,
    body,
    nodeCount: xs.length,
    edges: Int32Array.from(edges),
    terms,
  };
}
