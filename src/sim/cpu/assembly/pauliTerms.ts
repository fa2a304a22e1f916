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
 * scratchBytes(n), the nodes' products and then their adjoints (16 bytes a node each, the host
 * adds them: pauliScratchBytes).
 */
import {
  CHUNK,
  dzAt,
  encAt,
  envAt,
  lamAt,
  originsAt,
  stateScratchBytes,
  storeReadout,
  xAt,
} from './layout';
import { addGradient } from './pairs';
import { cellCotangent, encodeBlock, resetCursor } from './windows';

const CODES_HEADER = 8;

/** Where the trie's products are: past the state-vector path's scratch (circuitSimd.ts). */
// @inline
function valuesAt(scratch: usize, n: i32): usize {
  return scratch + <usize>stateScratchBytes(n);
}

/** Every trie node's product for the block (parents first), at valuesAt. */
function nodeProducts(prog: usize, n: i32, scratch: usize): void {
  const count = load<i32>(prog, 12);
  const nodes = prog + ((<usize>load<i32>(prog, 16)) << 2);
  const values = valuesAt(scratch, n);
  for (let i = 0; i < count; i++) {
    const rec = nodes + <usize>(20 * i);
    const parent = load<i32>(rec);
    const b = v128.load(scratch + <usize>load<i32>(rec, 4));
    v128.store(
      values + ((<usize>i) << 4),
      parent < 0 ? b : f32x4.mul(v128.load(values + <usize>parent), b),
    );
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
  resetCursor(originsAt(scratch, n));
  const cAt = coef + <usize>(144 * n);
  const terms = prog + ((<usize>load<i32>(prog, 20)) << 2);
  const values = valuesAt(scratch, n);
  for (let block = from; block < to; block++) {
    blochVectors(n, coef, src, block, scratch);
    nodeProducts(prog, n, scratch);
    let t = 0;
    for (let q = 0; q < n; q++) {
      const count = load<i32>(prog + ((<usize>(CODES_HEADER + q)) << 2));
      let acc = f32x4.splat(0);
      for (let end = t + count; t < end; t++) {
        const node = <usize>load<i32>(terms + ((<usize>t) << 3));
        acc = f32x4.add(
          acc,
          f32x4.mul(v128.load(cAt + ((<usize>t) << 4)), v128.load(values + node)),
        );
      }
      storeReadout(z, n, block, q, acc);
    }
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
  resetCursor(originsAt(scratch, n));
  const termCount = load<i32>(prog, 4);
  const slots = termCount + 9 * n;
  const nodeCount = load<i32>(prog, 12);
  const nodes = prog + ((<usize>load<i32>(prog, 16)) << 2);
  const terms = prog + ((<usize>load<i32>(prog, 20)) << 2);
  const cAt = coef + <usize>(144 * n);
  const g = lamAt(scratch, n);
  const trig = envAt(scratch, n);
  const values = valuesAt(scratch, n);
  const adjoints = values + ((<usize>nodeCount) << 4);
  const factors = prog + ((<usize>load<i32>(prog, 24)) << 2);
  const dzv = dzAt(scratch, n);
  for (let block = from; block < to; block++) {
    const chunkBase = grads + ((<usize>(((block - from) / CHUNK) * slots)) << 4);
    if ((block - from) % CHUNK == 0) memory.fill(chunkBase, 0, (<usize>slots) << 4);
    blochVectors(n, coef, src, block, scratch);
    nodeProducts(prog, n, scratch);
    cellCotangent(src, n, block, dz, dzv, originsAt(scratch, n));
    // Each term seeds its node's adjoint (the first term there stores, so nothing is zeroed).
    let t = 0;
    for (let q = 0; q < n; q++) {
      const count = load<i32>(prog + ((<usize>(CODES_HEADER + q)) << 2));
      const d = v128.load(dzv + ((<usize>q) << 4));
      for (let end = t + count; t < end; t++) {
        const rec = terms + ((<usize>t) << 3);
        const node = <usize>load<i32>(rec);
        const st = chunkBase + ((<usize>t) << 4);
        v128.store(st, f32x4.add(v128.load(st), f32x4.mul(d, v128.load(values + node))));
        const h = f32x4.mul(d, v128.load(cAt + ((<usize>t) << 4)));
        const at = adjoints + node;
        v128.store(at, load<i32>(rec, 4) ? h : f32x4.add(v128.load(at), h));
      }
    }
    // Reverse mode over the trie, children (numbered after their parent) first: a node's adjoint
    // is its seed plus each child's times that child's factor.
    for (let i = nodeCount - 1; i >= 0; i--) {
      const rec = nodes + <usize>(20 * i);
      let acc = load<i32>(rec, 16) ? v128.load(adjoints + ((<usize>i) << 4)) : f32x4.splat(0);
      const first = load<i32>(rec, 8);
      for (let c = first, end = first + load<i32>(rec, 12); c < end; c++) {
        const b = v128.load(scratch + <usize>load<i32>(nodes + <usize>(20 * c), 4));
        acc = f32x4.add(acc, f32x4.mul(v128.load(adjoints + ((<usize>c) << 4)), b));
      }
      v128.store(adjoints + ((<usize>i) << 4), acc);
    }
    // g_f = Σ over the nodes of factor f of adjoint × parent's product.
    let fp = factors;
    for (let f = 0; f < 3 * n; f++) {
      const count = load<i32>(fp);
      fp += 4;
      let acc = f32x4.splat(0);
      for (let k = 0; k < count; k++, fp += 8) {
        const parent = load<i32>(fp, 4);
        const h = v128.load(adjoints + <usize>load<i32>(fp));
        acc = f32x4.add(acc, parent < 0 ? h : f32x4.mul(h, v128.load(values + <usize>parent)));
      }
      v128.store(g + <usize>(16 * f), acc);
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
      if (exact) addGradient(dphi, -1, j, n, block, chunkBase, dx);
    }
  }
}
