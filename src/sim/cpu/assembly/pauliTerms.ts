/*
 * The kernel's Pauli path (src/sim/cpu/pauliProgram.ts has the codes and the math): per block of
 * four windows, each qubit's Bloch vector after the prefix, b_j = M_j·(1, sin φ, cos φ) with
 * φ = π·x_j, then every trie node's product (its parent's times its factor) and
 * ⟨Z_q⟩ = Σ_t c_t·(term t's node) over output q's terms. The backward leaves, per chunk,
 * S_t = Σ dz_q·(term t's product) and A_j = Σ g_j ⊗ (1, sin φ, cos φ) (g_j = ∂E/∂b_j, by reverse
 * mode over the trie); the host turns them into the angles' gradients. Every per-call
 * coefficient comes four times, an f32x4 operand (pauliProgram.ts). With `exact`, ∂E/∂x goes
 * to dx as the state-vector path's does.
 *
 * Scratch (the state-vector regions, unused here): the Bloch vectors at the start (48 bytes a
 * qubit: x, y, z lanes), g at lamAt (the same), sin φ and cos φ at envAt (32 a qubit); past
 * scratchBytes(n), a ones vector, the nodes' products, a sink, then the nodes' adjoints (16 bytes
 * a node each; the host adds them: pauliScratchBytes).
 */
import {
  addInputGradients,
  chunkSums,
  dzAt,
  encAt,
  envAt,
  lamAt,
  originsAt,
  stateScratchBytes,
  storeReadouts,
  tmpAt,
  xAt,
} from './layout';
import { beginBlocks, cellCotangent, encodeBlock } from './windows';

const CODES_HEADER = 8;
/**
 * The header's table index of this instance's generated trie functions (the host's
 * pauliTrieModule.ts: forward at the index, backward after it), 0 where there are none.
 */
const GENERATED = 24;

/** Where the trie's products are: past the state-vector path's scratch and the ones vector. */
// @inline
function valuesAt(scratch: usize, n: i32): usize {
  return scratch + <usize>stateScratchBytes(n) + 16;
}

/**
 * Every trie node's product for the block (parents first; a top node's parent is the ones vector
 * just before the products), at valuesAt.
 */
function nodeProducts(prog: usize, n: i32, scratch: usize): void {
  const values = valuesAt(scratch, n);
  let rec = prog + ((<usize>load<i32>(prog, 16)) << 2);
  const end = values + ((<usize>load<i32>(prog, 12)) << 4);
  for (let out = values; out < end; out += 16, rec += 8) {
    const parent = v128.load(values + <usize>load<i32>(rec));
    v128.store(out, f32x4.mul(parent, v128.load(scratch + <usize>load<i32>(rec, 4))));
  }
}

/** The block's encoding trig and every qubit's Bloch vector. */
function blochVectors(n: i32, coef: usize, src: usize, block: i32, scratch: usize): void {
  const enc = encAt(scratch, n);
  encodeBlock(src, n, block, enc, xAt(scratch, n), originsAt(scratch, n));
  const trig = envAt(scratch, n);
  for (let j = 0; j < n; j++) {
    const c = v128.load(enc + ((<usize>j) << 5));
    const s = v128.load(enc + ((<usize>j) << 5), 16);
    const sin = f32x4.mul(f32x4.add(c, c), s);
    const cos = f32x4.sub(f32x4.mul(c, c), f32x4.mul(s, s));
    v128.store(trig + ((<usize>j) << 5), sin);
    v128.store(trig + ((<usize>j) << 5), cos, 16);
    const m = coef + <usize>(144 * j);
    const b = scratch + <usize>(48 * j);
    for (let a = 0; a < 3; a++) {
      const row = m + <usize>(48 * a);
      v128.store(
        b + ((<usize>a) << 4),
        f32x4.add(
          v128.load(row),
          f32x4.add(f32x4.mul(v128.load(row, 16), sin), f32x4.mul(v128.load(row, 32), cos)),
        ),
      );
    }
  }
}

/**
 * The backward's trie part for one block (the loops; pauliTrieModule.ts generates the same as
 * code): each term's S_t (at sums) and its node's adjoint, then reverse mode over the trie into
 * the factors' gradients g. The adjoints and g start at zero.
 */
function trieBackward(
  prog: usize,
  n: i32,
  coef: usize,
  scratch: usize,
  sums: usize,
  adjoints: usize,
  g: usize,
  dzv: usize,
): void {
  const values = valuesAt(scratch, n);
  const nodeCount = load<i32>(prog, 12);
  const nodes = prog + ((<usize>load<i32>(prog, 16)) << 2);
  // Each term: S_t += dz_q·(its product), and its node's adjoint += dz_q·c_t.
  let rec = prog + ((<usize>load<i32>(prog, 20)) << 2);
  let c = coef + <usize>(144 * n);
  let st = sums;
  for (let q = 0; q < n; q++) {
    const end = rec + ((<usize>load<i32>(prog + ((<usize>(CODES_HEADER + q)) << 2))) << 2);
    const d = v128.load(dzv + ((<usize>q) << 4));
    for (; rec < end; rec += 4, c += 16, st += 16) {
      const node = <usize>load<i32>(rec);
      v128.store(st, f32x4.add(v128.load(st), f32x4.mul(d, v128.load(values + node))));
      const at = adjoints + node;
      v128.store(at, f32x4.add(v128.load(at), f32x4.mul(d, v128.load(c))));
    }
  }
  // Reverse mode over the trie, children (numbered after their parent) first: a node's adjoint
  // is complete when it is reached; it goes to its parent's times its factor, and to its
  // factor's gradient g times its parent's product.
  for (
    let rec = nodes + ((<usize>nodeCount) << 3), a = adjoints + ((<usize>nodeCount) << 4);
    rec > nodes;
  ) {
    rec -= 8;
    a -= 16;
    const parent = <usize>load<i32>(rec);
    const factor = <usize>load<i32>(rec, 4);
    const adj = v128.load(a);
    const up = adjoints + parent;
    v128.store(up, f32x4.add(v128.load(up), f32x4.mul(adj, v128.load(scratch + factor))));
    const gf = g + factor;
    v128.store(gf, f32x4.add(v128.load(gf), f32x4.mul(adj, v128.load(values + parent))));
  }
}

/** ⟨Z⟩ of blocks [from, to) into z row-major [P, n]. */
export function pauliForward(
  prog: usize,
  n: i32,
  coef: usize,
  src: usize,
  z: usize,
  from: i32,
  to: i32,
  scratch: usize,
): void {
  beginBlocks(src, from, to, originsAt(scratch, n));
  const terms = prog + ((<usize>load<i32>(prog, 20)) << 2);
  const values = valuesAt(scratch, n);
  v128.store(values - 16, f32x4.splat(1));
  // The outputs' lane vectors (the cotangent's slot: the forward has none).
  const accs = dzAt(scratch, n);
  const generated = load<u32>(prog, GENERATED);
  for (let block = from; block < to; block++) {
    blochVectors(n, coef, src, block, scratch);
    if (generated) {
      call_indirect<void>(generated, scratch, coef + <usize>(144 * n), accs);
      storeReadouts(z, n, block, accs);
      continue;
    }
    nodeProducts(prog, n, scratch);
    let rec = terms;
    let c = coef + <usize>(144 * n);
    for (let q = 0; q < n; q++) {
      const end = rec + ((<usize>load<i32>(prog + ((<usize>(CODES_HEADER + q)) << 2))) << 2);
      let acc = f32x4.splat(0);
      for (; rec < end; rec += 4, c += 16) {
        acc = f32x4.add(acc, f32x4.mul(v128.load(c), v128.load(values + <usize>load<i32>(rec))));
      }
      v128.store(accs + ((<usize>q) << 4), acc);
    }
    storeReadouts(z, n, block, accs);
  }
}

/**
 * The sums of blocks [from, to) (from a multiple of CHUNK): per chunk, T + 9n v128 at
 * grads + 16·(chunk·(T + 9n) + i), S_t then A_j; with `exact`, ∂E/∂x added to dx [P, n].
 */
export function pauliBackward(
  prog: usize,
  n: i32,
  coef: usize,
  src: usize,
  dz: usize,
  grads: usize,
  dx: usize,
  exact: bool,
  from: i32,
  to: i32,
  scratch: usize,
): void {
  beginBlocks(src, from, to, originsAt(scratch, n));
  const termCount = load<i32>(prog, 4);
  const slots = termCount + 9 * n;
  const nodeCount = load<i32>(prog, 12);
  const g = lamAt(scratch, n);
  const trig = envAt(scratch, n);
  const values = valuesAt(scratch, n);
  v128.store(values - 16, f32x4.splat(1));
  // The adjoints, with the top nodes' sink just before them.
  const adjoints = values + ((<usize>nodeCount) << 4) + 16;
  const dzv = dzAt(scratch, n);
  // ∂E/∂φ per qubit, then room for addInputGradients' transpose.
  const dphis = tmpAt(scratch, n);
  const generated = load<u32>(prog, GENERATED);
  for (let block = from; block < to; block++) {
    const chunkBase = chunkSums(grads, from, block, slots);
    blochVectors(n, coef, src, block, scratch);
    cellCotangent(src, n, block, dz, dzv, originsAt(scratch, n));
    if (generated) {
      call_indirect<void>(generated + 1, scratch, g, dzv, coef + <usize>(144 * n), chunkBase);
    } else {
      nodeProducts(prog, n, scratch);
      memory.fill(adjoints, 0, (<usize>nodeCount) << 4);
      memory.fill(g, 0, <usize>(48 * n));
      trieBackward(prog, n, coef, scratch, chunkBase, adjoints, g, dzv);
    }
    for (let j = 0; j < n; j++) {
      const sin = v128.load(trig + ((<usize>j) << 5));
      const cos = v128.load(trig + ((<usize>j) << 5), 16);
      const a = chunkBase + ((<usize>(termCount + 9 * j)) << 4);
      const m = coef + <usize>(144 * j);
      let dphi = f32x4.splat(0);
      for (let k = 0; k < 3; k++) {
        const gk = v128.load(g + <usize>(48 * j + 16 * k));
        const at = a + <usize>(48 * k);
        v128.store(at, f32x4.add(v128.load(at), gk));
        v128.store(at, f32x4.add(v128.load(at, 16), f32x4.mul(gk, sin)), 16);
        v128.store(at, f32x4.add(v128.load(at, 32), f32x4.mul(gk, cos)), 32);
        // ∂b_k/∂φ = M[k][1]·cos φ − M[k][2]·sin φ.
        const row = m + <usize>(48 * k);
        dphi = f32x4.add(
          dphi,
          f32x4.mul(
            gk,
            f32x4.sub(f32x4.mul(v128.load(row, 16), cos), f32x4.mul(v128.load(row, 32), sin)),
          ),
        );
      }
      v128.store(dphis + ((<usize>j) << 4), dphi);
    }
    if (exact) addInputGradients(dx, n, block, dphis, dphis + ((<usize>n) << 4));
  }
}
