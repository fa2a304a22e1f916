/*
 * The Pauli path of the CPU kernel (pauliPropagation.ts's graph, run by assembly/pauliTerms.ts):
 * its codes, its per-call coefficients, and the angles' gradients from the sums the kernel leaves
 * per chunk. Pure float64 host arithmetic.
 *
 * Per window the kernel needs each qubit's Bloch vector after the prefix. With φ = π·x_j the
 * encoding's angle, b_j = M_j·(1, sin φ, cos φ): the prefix's gates are rotations of the Bloch
 * sphere and the encoding a rotation by φ, so M_j (3×3, per call) holds everything but the
 * window. The kernel leaves, per chunk, S_t = Σ_w dz_{w,q(t)}·Π_t b (each term's value weighted
 * by its output's cotangent) and A_j = Σ_w g_j ⊗ (1, sin φ, cos φ) (g_j = ∂E/∂b_j); then
 * ∂E/∂θ = Σ_t S_t·∂c_t/∂θ + Σ_j ⟨A_j, ∂M_j/∂θ⟩, the first by reverse mode over the graph.
 *
 * Terms share their factors' leading products: the distinct factor lists form a trie (qubits in
 * order), so a window costs a few operations per trie node, not per factor of every term. The
 * kernel walks flat lists with running pointers: a top node's parent is a ones vector (and,
 * backwards, a sink), so no node needs a branch, and every adjoint starts at zero.
 *
 * Codes (i32): [−1 (the Pauli layout), T terms, n, N trie nodes, nodesAt, termsAt, 0 (where
 * a kernel instance notes its generated code, pauliTrieModule.ts), 0], then per output its term
 * count. At nodesAt, per node in depth-first order (parents first, children by factor) [its
 * parent's byte offset (16·index; −16 at the top), its factor's byte offset among the Bloch
 * vectors (16·(3j + component))]. At termsAt, per term (outputs in order) its node's byte offset.
 * coef (f32): M_j row-major for every qubit (9·n), then each term's c_t, each entry four times
 * (the f32x4 operand).
 */
import { BLOCH_AXES, blochProduct, rotationBloch, type Bloch } from '../circuit/bloch';
import type { PauliGraph, PrefixStep } from './pauliPropagation';

export const PAULI_LAYOUT = -1;
const HEADER = 8;

/** The kernel's codes for a graph. */
export function pauliCodes(graph: PauliGraph): Int32Array {
  const n = graph.qubits;
  const counts = new Array<number>(n).fill(0);
  for (const t of graph.terms) counts[t.output]++;
  // The trie, then its nodes numbered breadth first.
  const trie: { factor: number; children: Map<number, number> }[] = [];
  const top = new Map<number, number>();
  const ends = graph.terms.map((t) => {
    let children = top;
    let node = -1;
    for (const f of t.factors) {
      let next = children.get(f);
      if (next === undefined) {
        next = trie.push({ factor: f, children: new Map() }) - 1;
        children.set(f, next);
      }
      node = next;
      children = trie[node].children;
    }
    if (node < 0) throw new Error('pauliCodes: a term with no factor (the identity)');
    return node;
  });
  // Depth first, children in factor order (a node's number is its rank in that order): the
  // order of each output's terms (pauliPropagation.ts), so a walk of the trie meets them in it.
  const order: number[] = [];
  const parentOf = new Array<number>(trie.length).fill(-1);
  const visit = (children: Map<number, number>, parent: number) => {
    for (const f of [...children.keys()].sort((a, b) => a - b)) {
      const c = children.get(f)!;
      parentOf[c] = parent;
      order.push(c);
      visit(trie[c].children, c);
    }
  };
  visit(top, -1);
  const rank = new Array<number>(trie.length);
  order.forEach((node, i) => (rank[node] = i));
  const nodes = order.flatMap((node) => [
    parentOf[node] < 0 ? -16 : 16 * rank[parentOf[node]],
    16 * trie[node].factor,
  ]);
  const terms = ends.map((node) => 16 * rank[node]);
  const nodesAt = HEADER + n;
  const termsAt = nodesAt + nodes.length;
  const header = [PAULI_LAYOUT, graph.terms.length, n, order.length, nodesAt, termsAt, 0, 0];
  return Int32Array.from([...header, ...counts, ...nodes, ...terms]);
}

/**
 * Bytes of scratch the kernel needs beyond its state-vector regions: two v128 per trie node (its
 * product and its adjoint), the ones vector and the sink.
 */
export const pauliScratchBytes = (codes: Int32Array) =>
  codes[0] === PAULI_LAYOUT ? 32 * codes[3] + 32 : 0;

/** Sums per chunk the kernel leaves: one per term, then nine per qubit (A_j). */
export const pauliSums = (graph: PauliGraph) => graph.terms.length + 9 * graph.qubits;

const cross = (a: readonly number[], v: readonly number[]) => [
  a[1] * v[2] - a[2] * v[1],
  a[2] * v[0] - a[0] * v[2],
  a[0] * v[1] - a[1] * v[0],
];
const unit = (axis: string) => [0, 1, 2].map((k) => (BLOCH_AXES[k] === axis ? 1 : 0));

/**
 * A qubit's prefix as M (b = M·(1, sin φ, cos φ)) and, per rotation in it, its parameter, scale
 * and ∂M/∂(its angle).
 */
function prefixForm(steps: readonly PrefixStep[], params: ArrayLike<number>) {
  // Columns (1, sin φ, cos φ) of a 3×3 row-major: |0⟩ is the constant (0, 0, 1).
  let m = [0, 0, 0, 0, 0, 0, 1, 0, 0];
  const rotations: { param: number; scale: number; d: number[]; at: number }[] = [];
  const maps: Bloch[] = [];
  steps.forEach((step, i) => {
    if (step.kind === 'encode') {
      // Only the constant column is set before the encoding (pauliGraph: nothing but fixed gates
      // precede it). A rotation by φ about a: v → (a·v)a + cos φ·(v − (a·v)a) + sin φ·(a × v).
      const a = unit(step.axis);
      const v = [m[0], m[3], m[6]];
      const along = a[0] * v[0] + a[1] * v[1] + a[2] * v[2];
      const c = cross(a, v);
      m = [0, 1, 2].flatMap((r) => [along * a[r], c[r], v[r] - along * a[r]]);
      maps.push([1, 0, 0, 0, 1, 0, 0, 0, 1]);
      return;
    }
    if (step.kind === 'fixed') {
      m = blochProduct(step.b, m);
      maps.push(step.b);
      return;
    }
    const { b, d } = rotationBloch(step.axis, step.scale * params[step.param]);
    rotations.push({ param: step.param, scale: step.scale, d: blochProduct(d, m), at: i });
    m = blochProduct(b, m);
    maps.push(b);
  });
  // ∂M/∂θ for each rotation: dB·(columns before it), then every later step's map.
  for (const r of rotations)
    for (let i = r.at + 1; i < maps.length; i++) r.d = blochProduct(maps[i], r.d);
  return { m, rotations };
}

/** The edge factors of a call: every body gate's B (and, for a rotation, dB/dθ), 9 each. */
function bodyFactors(graph: PauliGraph, params: ArrayLike<number>) {
  const b = new Float64Array(9 * graph.body.length);
  const d = new Float64Array(9 * graph.body.length);
  graph.body.forEach((g, i) => {
    if ('fixed' in g) b.set(g.fixed, 9 * i);
    else {
      const r = rotationBloch(g.axis, g.scale * params[g.param]);
      b.set(r.b, 9 * i);
      d.set(r.d, 9 * i);
    }
  });
  return { b, d };
}

/** Every node's coefficient at these angles (roots 1), in the edges' topological order. */
function nodeCoefficients(graph: PauliGraph, factors: Float64Array): Float64Array {
  const coef = new Float64Array(graph.nodeCount);
  coef.fill(1, 0, graph.qubits);
  const e = graph.edges;
  for (let i = 0; i < e.length; i += 4) coef[e[i + 1]] += e[i + 3] * factors[e[i + 2]] * coef[e[i]];
  return coef;
}

/** A call's values at one parameter vector: what the coefficients and the gradients both need. */
interface CallValues {
  readonly params: Float64Array;
  readonly prefix: ReturnType<typeof prefixForm>[];
  readonly body: ReturnType<typeof bodyFactors>;
  readonly nodes: Float64Array;
}

/**
 * The last call's values per graph: a layer's forward, its backward's coefficients and its
 * gradients all come at the same angles, so they are computed once, not three times.
 */
const lastCall = new WeakMap<PauliGraph, CallValues>();

function callValues(graph: PauliGraph, params: ArrayLike<number>): CallValues {
  const last = lastCall.get(graph);
  if (last && last.params.length === params.length && last.params.every((v, i) => v === params[i]))
    return last;
  const body = bodyFactors(graph, params);
  const values = {
    params: Float64Array.from(params),
    prefix: graph.prefix.map((steps) => prefixForm(steps, params)),
    body,
    nodes: nodeCoefficients(graph, body.b),
  };
  lastCall.set(graph, values);
  return values;
}

/**
 * The kernel's per-call coefficients, each four times (the kernel's f32x4 operands, made once
 * per call instead of once per block): M_j row-major per qubit, then c_t per term.
 */
export function pauliCoefficients(graph: PauliGraph, params: ArrayLike<number>): Float32Array {
  const n = graph.qubits;
  const { prefix, nodes } = callValues(graph, params);
  const out = new Float32Array(4 * (9 * n + graph.terms.length));
  prefix.forEach(({ m }, j) =>
    m.forEach((v, k) => out.fill(v, 4 * (9 * j + k), 4 * (9 * j + k + 1))),
  );
  graph.terms.forEach((t, i) =>
    out.fill(t.sign * nodes[t.node], 4 * (9 * n + i), 4 * (9 * n + i + 1)),
  );
  return out;
}

/**
 * ∂E/∂params from the kernel's sums over every chunk (float64, pauliSums(graph) of them): per
 * term S_t, then per qubit A_j row-major (Bloch component, then 1 / sin φ / cos φ).
 */
export function pauliGradients(
  graph: PauliGraph,
  params: ArrayLike<number>,
  paramCount: number,
  sums: Float64Array,
): Float64Array {
  const grads = new Float64Array(paramCount);
  const T = graph.terms.length;
  const { prefix, body, nodes: coef } = callValues(graph, params);
  prefix.forEach(({ rotations }, j) => {
    for (const r of rotations) {
      let g = 0;
      for (let k = 0; k < 9; k++) g += r.d[k] * sums[T + 9 * j + k];
      grads[r.param] += r.scale * g;
    }
  });
  const { b, d } = body;
  const adj = new Float64Array(graph.nodeCount);
  graph.terms.forEach((t, i) => (adj[t.node] = t.sign * sums[i]));
  const dFactor = new Float64Array(b.length);
  const e = graph.edges;
  for (let i = e.length - 4; i >= 0; i -= 4) {
    const [parent, child, f, sign] = [e[i], e[i + 1], e[i + 2], e[i + 3]];
    adj[parent] += sign * b[f] * adj[child];
    dFactor[f] += sign * coef[parent] * adj[child];
  }
  graph.body.forEach((g, i) => {
    if ('fixed' in g) return;
    let s = 0;
    for (let k = 0; k < 9; k++) s += dFactor[9 * i + k] * d[9 * i + k];
    grads[g.param] += g.scale * s;
  });
  return grads;
}
