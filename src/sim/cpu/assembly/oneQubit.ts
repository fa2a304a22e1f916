/*
 * One-qubit pieces of the CPU kernel (circuitSimd.ts): gates and gradients on a qubit's
 * two-amplitude state (the product-state prefix), the encoding's cos/sin, and the contractions
 * and cross sums that connect the full state to one qubit. Four windows per f32x4 lane.
 */
import { HALF_PI, OP_ENCODE, OP_RX, OP_RZ, prefixAt, transposeInto } from './layout';
import { Pair } from './pairMath';

/** Prefix gate g (or its adjoint) on the one-qubit state at a. */
export function applyPrefixGate(
  a: usize,
  prog: usize,
  coef: usize,
  enc: usize,
  g: i32,
  adjoint: bool,
): void {
  const gp = prefixAt(prog, g);
  const op = load<i32>(gp);
  let c: v128, s: v128;
  if (op == OP_ENCODE) {
    const e = enc + ((<usize>load<i32>(gp, 4)) << 5);
    c = v128.load(e);
    s = v128.load(e, 16);
  } else {
    c = f32x4.splat(load<f32>(coef + ((<usize>g) << 3)));
    s = f32x4.splat(load<f32>(coef + ((<usize>g) << 3), 4));
  }
  if (adjoint) s = f32x4.neg(s);
  // The one-qubit state is the pair (a, a + 32).
  const r0 = v128.load(a),
    i0 = v128.load(a, 16),
    r1 = v128.load(a, 32),
    i1 = v128.load(a, 48);
  if (op == OP_RX) Pair.storeRx(a, a + 32, c, s, r0, i0, r1, i1);
  else if (op == OP_RZ) Pair.storeRz(a, a + 32, c, s, r0, i0, r1, i1);
  else Pair.storeRy(a, a + 32, c, s, r0, i0, r1, i1);
}

/** Im⟨λ|σ|ψ⟩ per lane for a prefix gate's axis σ on one-qubit states (σ_y for the encoding). */
export function prefixGradient(psi: usize, lam: usize, op: i32): v128 {
  const pr0 = v128.load(psi),
    pi0 = v128.load(psi, 16),
    pr1 = v128.load(psi, 32),
    pi1 = v128.load(psi, 48);
  const lr0 = v128.load(lam),
    li0 = v128.load(lam, 16),
    lr1 = v128.load(lam, 32),
    li1 = v128.load(lam, 48);
  if (op == OP_RX) return Pair.imOff(pr0, pi0, pr1, pi1, lr0, li0, lr1, li1);
  if (op == OP_RZ) return Pair.imDiag(pr0, pi0, pr1, pi1, lr0, li0, lr1, li1);
  return f32x4.neg(Pair.reOff(pr0, pi0, pr1, pi1, lr0, li0, lr1, li1));
}

/**
 * cos and sin of (π/2)·x per lane. The reduction is exact in f32: j = nearest(x) quarter turns,
 * r = x − j, so the polynomials (Cephes' sinf/cosf, |error| ≲ 1 ulp on [−π/4, π/4]) only see
 * (π/2)·r; the quadrant swaps and negates them. Replaces four f64 libm calls per lane.
 */
// @inline
export function cosSinInto(x: v128, cosAt: usize, sinAt: usize): void {
  const j = f32x4.nearest(x);
  const t = f32x4.mul(f32x4.sub(x, j), f32x4.splat(HALF_PI));
  const t2 = f32x4.mul(t, t);
  let s = f32x4.add(f32x4.mul(t2, f32x4.splat(-1.9515295891e-4)), f32x4.splat(8.3321608736e-3));
  s = f32x4.add(f32x4.mul(s, t2), f32x4.splat(-1.6666654611e-1));
  s = f32x4.add(f32x4.mul(f32x4.mul(s, t2), t), t);
  let c = f32x4.add(
    f32x4.mul(t2, f32x4.splat(2.443315711809948e-5)),
    f32x4.splat(-1.388731625493765e-3),
  );
  c = f32x4.add(f32x4.mul(c, t2), f32x4.splat(4.166664568298827e-2));
  c = f32x4.add(
    f32x4.mul(f32x4.mul(c, t2), t2),
    f32x4.sub(f32x4.splat(1), f32x4.mul(t2, f32x4.splat(0.5))),
  );
  const q = i32x4.trunc_sat_f32x4_s(j);
  const one = i32x4.splat(1),
    two = i32x4.splat(2),
    signBit = i32x4.splat(0x80000000);
  // odd quadrants swap sin and cos; sin flips sign where bit 1 of j is set, cos where of j + 1.
  const swap = i32x4.eq(v128.and(q, one), one);
  const sin = v128.bitselect(c, s, swap);
  const cos = v128.bitselect(s, c, swap);
  const sinSign = v128.and(i32x4.shl(v128.and(q, two), 30), signBit);
  const cosSign = v128.and(i32x4.shl(v128.and(i32x4.add(q, one), two), 30), signBit);
  v128.store(cosAt, v128.xor(cos, cosSign));
  v128.store(sinAt, v128.xor(sin, sinSign));
}

/** cosSinInto with cos at enc and sin at enc + 16 (an encoding slot). */
// @inline
export function cosSinHalfPi(x: v128, enc: usize): void {
  cosSinInto(x, enc, enc + 16);
}

/** Per-lane cos and sin of π·x_q/2 for the block's four windows, cached at enc (x is [P, n]). */
export function encodeTrig(x: usize, n: i32, block: i32, enc: usize): void {
  if (n == 4) {
    // The four rows transposed into the cos slots, then each turned into its cos and sin.
    const rows = x + ((<usize>block) << 6);
    transposeInto(
      enc,
      32,
      v128.load(rows),
      v128.load(rows, 16),
      v128.load(rows, 32),
      v128.load(rows, 48),
    );
    for (let at: usize = 0; at < 128; at += 32) cosSinHalfPi(v128.load(enc + at), enc + at);
    return;
  }
  const rowBytes = (<usize>n) << 2;
  for (let q = 0; q < n; q++) {
    const base = x + ((<usize>(block * 4 * n + q)) << 2);
    let v = f32x4.splat(load<f32>(base));
    v = f32x4.replace_lane(v, 1, load<f32>(base + rowBytes));
    v = f32x4.replace_lane(v, 2, load<f32>(base + 2 * rowBytes));
    v = f32x4.replace_lane(v, 3, load<f32>(base + 3 * rowBytes));
    cosSinHalfPi(v, enc + ((<usize>q) << 5));
  }
}

/** Conjugate-contract amplitude pair (u, v) with a one-qubit state a: u·ā0 + v·ā1, at dst. */
// @inline
export function contractPair(u: usize, v: usize, a: usize, dst: usize): void {
  const ar0 = v128.load(a),
    ai0 = v128.load(a, 16),
    ar1 = v128.load(a, 32),
    ai1 = v128.load(a, 48);
  const ur = v128.load(u),
    ui = v128.load(u, 16),
    vr = v128.load(v),
    vi = v128.load(v, 16);
  // (ur + i·ui)(ar0 − i·ai0) + (vr + i·vi)(ar1 − i·ai1)
  const re = f32x4.add(
    f32x4.add(f32x4.mul(ur, ar0), f32x4.mul(ui, ai0)),
    f32x4.add(f32x4.mul(vr, ar1), f32x4.mul(vi, ai1)),
  );
  const im = f32x4.add(
    f32x4.sub(f32x4.mul(ui, ar0), f32x4.mul(ur, ai0)),
    f32x4.sub(f32x4.mul(vi, ar1), f32x4.mul(vr, ai1)),
  );
  v128.store(dst, re);
  v128.store(dst, im, 16);
}

/**
 * The three sums Im tr(K·R) needs, R_ba = ψ_b·conj(λ_a) for one-qubit ψ and λ (as in
 * backwardFused): Im R00 − Im R11, Im R10 + Im R01, Re R10 − Re R01, to out (three v128).
 */
export function crossSums(psi: usize, lam: usize, out: usize): void {
  const pr0 = v128.load(psi),
    pi0 = v128.load(psi, 16),
    pr1 = v128.load(psi, 32),
    pi1 = v128.load(psi, 48);
  const lr0 = v128.load(lam),
    li0 = v128.load(lam, 16),
    lr1 = v128.load(lam, 32),
    li1 = v128.load(lam, 48);
  v128.store(out, Pair.imDiag(pr0, pi0, pr1, pi1, lr0, li0, lr1, li1));
  v128.store(out, Pair.imOff(pr0, pi0, pr1, pi1, lr0, li0, lr1, li1), 16);
  v128.store(out, Pair.reOff(pr0, pi0, pr1, pi1, lr0, li0, lr1, li1), 32);
}
