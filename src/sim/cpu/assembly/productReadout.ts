/*
 * Programs with no one-qubit gate after their first CNOT (fused op count 0: `ryrz`, `basic` at
 * L = 1) skip the 2ⁿ-amplitude state (circuitSimd.ts). Their final state is the prefix's product
 * state with its basis relabelled by the CNOTs, a linear map over GF(2): basis bit q at the end
 * is the parity of the prefix qubits in a set S_q (the program's parity masks, bit k for qubit k).
 * So ⟨Z_q⟩ = Π_{k∈S_q} ⟨Z_k⟩ over the one-qubit states, and the backward's μ_j (λ contracted with
 * every prefix state but j's) is g_j·Z·a_j with g_j = ∂E/∂⟨Z_j⟩, up to a multiple of a_j that
 * adds nothing to any gradient (Im⟨a|σ|a⟩ = 0) and is left out. O(n²) per window, not O(n·2ⁿ).
 *
 * Scratch: ⟨Z_k⟩ per qubit (n v128), then g (n v128), in the readout weights' region.
 */
import { ampsAt, lamAt, storeReadouts, weightsAt } from './layout';

// @inline
function masksOf(prog: usize): usize {
  return prog + ((<usize>load<i32>(prog, 24)) << 2);
}

/** ⟨Z_k⟩ = |a_k0|² − |a_k1|² of every prefix state, at weightsAt. */
function qubitZ(n: i32, scratch: usize): void {
  const amps = ampsAt(scratch, n);
  const zs = weightsAt(scratch, n);
  for (let k = 0; k < n; k++) {
    const a = amps + ((<usize>k) << 6);
    const r0 = v128.load(a),
      i0 = v128.load(a, 16),
      r1 = v128.load(a, 32),
      i1 = v128.load(a, 48);
    v128.store(
      zs + ((<usize>k) << 4),
      f32x4.sub(
        f32x4.add(f32x4.mul(r0, r0), f32x4.mul(i0, i0)),
        f32x4.add(f32x4.mul(r1, r1), f32x4.mul(i1, i1)),
      ),
    );
  }
}

/** Π ⟨Z_k⟩ over the qubits k of `mask` (bit k), lowest first. */
// @inline
function parityProduct(zs: usize, mask: i32): v128 {
  let acc = f32x4.splat(1);
  for (let m = mask; m != 0; m &= m - 1) {
    acc = f32x4.mul(acc, v128.load(zs + ((<usize>ctz(m)) << 4)));
  }
  return acc;
}

/** ⟨Z_q⟩ of the block's four windows from the prefix states, row-major into z [P, n]. */
export function productReadout(prog: usize, n: i32, scratch: usize, z: usize, block: i32): void {
  qubitZ(n, scratch);
  const zs = weightsAt(scratch, n);
  const masks = masksOf(prog);
  // The readouts' lane vectors go where the backward keeps λ (lamAt), unused forwards.
  const accs = lamAt(scratch, n);
  for (let q = 0; q < n; q++) {
    v128.store(accs + ((<usize>q) << 4), parityProduct(zs, load<i32>(masks + ((<usize>q) << 2))));
  }
  storeReadouts(z, n, block, accs);
}

/**
 * g_k = Σ_{q: k∈S_q} dz_q·Π_{m∈S_q, m≠k} ⟨Z_m⟩ for every qubit (dz per qubit as v128 at dzv),
 * after the prefix states; each μ_j then comes from productMu. Per S_q, the products of the
 * members before each one (at `before`, the λ region, unused here) times those after it.
 */
export function productCotangent(prog: usize, n: i32, scratch: usize, dzv: usize): void {
  qubitZ(n, scratch);
  const zs = weightsAt(scratch, n);
  const gs = zs + ((<usize>n) << 4);
  const before = lamAt(scratch, n);
  const masks = masksOf(prog);
  const zero = f32x4.splat(0);
  for (let k = 0; k < n; k++) v128.store(gs + ((<usize>k) << 4), zero);
  for (let q = 0; q < n; q++) {
    const mask = load<i32>(masks + ((<usize>q) << 2));
    let acc = f32x4.splat(1);
    for (let m = mask; m != 0; m &= m - 1) {
      const k = <usize>ctz(m);
      v128.store(before + (k << 4), acc);
      acc = f32x4.mul(acc, v128.load(zs + (k << 4)));
    }
    let after = v128.load(dzv + ((<usize>q) << 4));
    for (let m = mask; m != 0; m ^= 1 << (31 - clz(m))) {
      const k = <usize>(31 - clz(m));
      const g = gs + (k << 4);
      v128.store(g, f32x4.add(v128.load(g), f32x4.mul(v128.load(before + (k << 4)), after)));
      after = f32x4.mul(after, v128.load(zs + (k << 4)));
    }
  }
}

/** μ_j = g_j·Z·a_j (a one-qubit pair, 64 bytes) at dst. */
export function productMu(n: i32, scratch: usize, j: i32, dst: usize): void {
  const g = v128.load(weightsAt(scratch, n) + ((<usize>(n + j)) << 4));
  const ng = f32x4.neg(g);
  const a = ampsAt(scratch, n) + ((<usize>j) << 6);
  v128.store(dst, f32x4.mul(g, v128.load(a)));
  v128.store(dst, f32x4.mul(g, v128.load(a, 16)), 16);
  v128.store(dst, f32x4.mul(ng, v128.load(a, 32)), 32);
  v128.store(dst, f32x4.mul(ng, v128.load(a, 48)), 48);
}
