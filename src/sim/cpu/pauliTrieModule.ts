/*
 * The Pauli path's trie as code: a WebAssembly module per program whose functions do what
 * assembly/pauliTerms.ts's loops over the node and term lists do, walking the trie depth first
 * with every offset written into the instructions and every product, adjoint and gradient of
 * the walk in locals (registers), not in memory: a node is a load of its factor and a multiply,
 * where the loops spend loads of its offsets, its parent's product and adjoint, and stores.
 * The loops visit nodes in the same depth-first order (pauliProgram.ts numbers them so), and
 * each sum here takes its terms in the loops' order, so results are the same bits on either.
 *
 * Two functions (pauliTerms.ts calls them through its instance's table from the index the host
 * writes into the codes' header, PAULI_GENERATED; 0: none, the loops run):
 *  - forward(scratch, termCoef, accs): per output Σ_t c_t·(term t's product) into accs (16
 *    bytes an output);
 *  - backward(scratch, g, dz, termCoef, sums): each term's S_t added at sums, and the factors'
 *    gradients g (3n v128, written whole) by reverse mode over the trie.
 * Bloch vector j's component k is at scratch + 16·(3j + k) (the codes' factor offsets).
 */
import { Bytes, OP, SIMD, wasmModule } from './wasmBinary';

/** Index of the header slot that holds the instance's table index of the generated functions. */
export const PAULI_GENERATED = 6;

/**
 * Past this many nodes and terms together the module is not made: straight-line code that long
 * runs no faster than the loops (it outgrows the core's instruction caches; measured with
 * scripts/measure/generatedTrie.ts: 1.2–1.5× at up to ~250, 0.8–1.1× at thousands).
 */
export const GENERATED_SIZE_LIMIT = 500;

const { load, store, f32x4Add: add, f32x4Mul: mul } = SIMD;

/** The trie as the codes give it (pauliProgram.ts's pauliCodes): nodes in depth-first order. */
function trie(codes: Int32Array) {
  const n = codes[2];
  const nodeCount = codes[3];
  const nodesAt = codes[4];
  const termsAt = codes[5];
  const parent = Array.from({ length: nodeCount }, (_, i) => codes[nodesAt + 2 * i] / 16);
  const depth: number[] = [];
  const children: number[][] = Array.from({ length: nodeCount }, () => []);
  const tops: number[] = [];
  parent.forEach((p, i) => {
    depth.push(p < 0 ? 0 : depth[p] + 1);
    (p < 0 ? tops : children[p]).push(i);
  });
  // Per node its terms [term index, output], in the codes' order (outputs in order).
  const terms: [number, number][][] = Array.from({ length: nodeCount }, () => []);
  for (let q = 0, t = 0; q < n; q++) {
    for (let k = 0; k < codes[8 + q]; k++, t++) terms[codes[termsAt + t] / 16].push([t, q]);
  }
  return {
    n,
    nodeCount,
    depth,
    children,
    tops,
    terms,
    factor: (i: number) => codes[nodesAt + 2 * i + 1],
    maxDepth: Math.max(0, ...depth) + 1,
  };
}

type Trie = ReturnType<typeof trie>;

const get = (f: Bytes, local: number) => f.local(OP.localGet, local);
const set = (f: Bytes, local: number) => f.local(OP.localSet, local);

/** forward(scratch, termCoef, accs); locals: the products along the path, the outputs' sums. */
function forward(t: Trie): Bytes {
  const [scratch, coef, accs] = [0, 1, 2];
  const prod = (d: number) => 3 + d;
  const acc = (q: number) => 3 + t.maxDepth + q;
  const f = new Bytes();
  for (let q = 0; q < t.n; q++) set(f.zero(), acc(q));
  // Depth first: the latest node one level up is a node's parent.
  for (let i = 0; i < t.nodeCount; i++) {
    const d = t.depth[i];
    get(f, scratch).memory(load, t.factor(i));
    // A top node's parent is the ones vector: 1·b is b, the same bits as the loops' product.
    if (d > 0) get(f, prod(d - 1)).simd(mul);
    set(f, prod(d));
    for (const [term, q] of t.terms[i]) {
      get(f, acc(q));
      get(f, coef).memory(load, 16 * term);
      get(f, prod(d)).simd(mul).simd(add);
      set(f, acc(q));
    }
  }
  for (let q = 0; q < t.n; q++) get(get(f, accs), acc(q)).memory(store, 16 * q);
  return f;
}

/**
 * backward(scratch, g, dz, termCoef, sums); locals: per level the factor, product and adjoint
 * along the path, each output's cotangent, the 3n gradients g. A node's adjoint starts with its
 * terms, then takes its children's, last child first: the loops' reverse order.
 */
function backward(t: Trie): Bytes {
  const [scratch, g, dz, coef, sums] = [0, 1, 2, 3, 4];
  const m = t.maxDepth;
  const factor = (d: number) => 5 + d;
  // A top node's product is its factor (1·b): level 0 keeps no product of its own.
  const prod = (d: number) => (d > 0 ? 5 + m + d : factor(0));
  const adj = (d: number) => 5 + 2 * m + d;
  const dzq = (q: number) => 5 + 3 * m + q;
  const grad = (k: number) => 5 + 3 * m + t.n + k;
  const f = new Bytes();
  for (let q = 0; q < t.n; q++) set(get(f, dz).memory(load, 16 * q), dzq(q));
  for (let k = 0; k < 3 * t.n; k++) set(f.zero(), grad(k));
  const visit = (i: number) => {
    const d = t.depth[i];
    set(get(f, scratch).memory(load, t.factor(i)), factor(d));
    if (d > 0) set(get(get(f, prod(d - 1)), factor(d)).simd(mul), prod(d));
    const p = prod(d);
    set(f.zero(), adj(d));
    for (const [term, q] of t.terms[i]) {
      get(f, sums);
      get(f, sums).memory(load, 16 * term);
      get(get(f, dzq(q)), p)
        .simd(mul)
        .simd(add)
        .memory(store, 16 * term);
      get(f, adj(d));
      get(f, dzq(q));
      get(f, coef).memory(load, 16 * term);
      set(f.simd(mul).simd(add), adj(d));
    }
    for (let c = t.children[i].length - 1; c >= 0; c--) visit(t.children[i][c]);
    const k = t.factor(i) / 16;
    get(f, grad(k));
    get(f, adj(d));
    // A top node's parent product is the ones vector: adj·1 is adj.
    if (d > 0) get(f, prod(d - 1)).simd(mul);
    set(f.simd(add), grad(k));
    if (d > 0) {
      get(f, adj(d - 1));
      get(get(f, adj(d)), factor(d))
        .simd(mul)
        .simd(add);
      set(f, adj(d - 1));
    }
  };
  for (let c = t.tops.length - 1; c >= 0; c--) visit(t.tops[c]);
  for (let k = 0; k < 3 * t.n; k++) get(get(f, g), grad(k)).memory(store, 16 * k);
  return f;
}

/** The module's bytes for a Pauli program's codes, or null past GENERATED_SIZE_LIMIT. */
export function pauliTrieModule(codes: Int32Array): Uint8Array | null {
  if (codes[3] + codes[1] > GENERATED_SIZE_LIMIT) return null;
  const t = trie(codes);
  return wasmModule(
    [3, 5],
    [
      { type: 0, v128Locals: t.maxDepth + t.n, body: forward(t).done(), export: 'forward' },
      {
        type: 1,
        v128Locals: 3 * t.maxDepth + 4 * t.n,
        body: backward(t).done(),
        export: 'backward',
      },
    ],
  );
}

/** Programs whose generated functions an instance keeps in its table before it starts afresh. */
const KEPT_PROGRAMS = 32;

/**
 * One kernel instance's generated functions: the table its module imports, and per program id
 * the index of that program's two functions in it (0 where none could be made, as on a page's
 * main thread, which compiles no module this size synchronously: the loops run there).
 */
export class GeneratedTries {
  readonly table = new WebAssembly.Table({ initial: 1, element: 'anyfunc' });
  private readonly indices = new Map<number, number>();
  private next = 1;

  constructor(private readonly enabled: boolean) {}

  /** The table index of a Pauli program's functions in an instance whose memory is `memory`. */
  indexFor(id: number, codes: Int32Array, memory: WebAssembly.Memory): number {
    const known = this.indices.get(id);
    if (known !== undefined) return known;
    // Afresh: the slots are reused. Only the program being loaded is in the kernel's memory,
    // and its index is the one returned now.
    if (this.indices.size >= KEPT_PROGRAMS) {
      this.indices.clear();
      this.next = 1;
    }
    const index = this.enabled ? this.instantiate(codes, memory) : 0;
    this.indices.set(id, index);
    return index;
  }

  private instantiate(codes: Int32Array, memory: WebAssembly.Memory): number {
    const bytes = pauliTrieModule(codes);
    if (!bytes) return 0;
    let exports: WebAssembly.Exports;
    try {
      const module = new WebAssembly.Module(bytes as BufferSource);
      exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
    } catch {
      return 0;
    }
    const index = this.next;
    if (this.table.length < index + 2) this.table.grow(index + 2 - this.table.length);
    ['forward', 'backward'].forEach((name, i) =>
      this.table.set(index + i, exports[name] as () => void),
    );
    this.next += 2;
    return index;
  }
}
