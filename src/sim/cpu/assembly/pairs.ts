/*
 * The CPU kernel's ops on the full state (circuitSimd.ts): a fused op's 2×2 unitary, or a lone
 * rotation, applied over the op's amplitude pairs; their backward passes, which gather the
 * gradient sums while carrying λ (and ψ) back; and where a gradient goes.
 */
import { addInputGradient, FUSED_LANE_ENCODE, LONE_RX, LONE_RY, OP_RX, OP_RZ } from './layout';
import { Pair } from './pairMath';

/**
 * The 2×2 unitary of fused op fp as 8 v128 (re, im of u00, u01, u10, u11): where the host put
 * a general U splatted (coef + 4·splatAt), or made per lane into u for an encoding. Returns it.
 */
export function fusedMatrix(fp: usize, coef: usize, enc: usize, u: usize): usize {
  if (load<i32>(fp) == FUSED_LANE_ENCODE) {
    // R_σ(π·x) per lane, σ the record's axis: RY [[c, −s], [s, c]], RX [[c, −is], [−is, c]],
    // RZ diag(c − is, c + is).
    const e = enc + ((<usize>load<i32>(fp, 20)) << 5);
    const axis = load<i32>(fp, 24);
    const c = v128.load(e),
      s = v128.load(e, 16),
      zero = f32x4.splat(0);
    const ns = f32x4.neg(s);
    v128.store(u, c);
    v128.store(u, axis == OP_RZ ? ns : zero, 16);
    v128.store(u, axis == OP_RX || axis == OP_RZ ? zero : ns, 32);
    v128.store(u, axis == OP_RX ? ns : zero, 48);
    v128.store(u, axis == OP_RX || axis == OP_RZ ? zero : s, 64);
    v128.store(u, axis == OP_RX ? ns : zero, 80);
    v128.store(u, c, 96);
    v128.store(u, axis == OP_RZ ? s : zero, 112);
    return u;
  }
  return coef + ((<usize>load<i32>(fp, 28)) << 2);
}

/** dst ← U·src over the op's amplitude pairs (dst may be src). */
export function applyFused(src: usize, dst: usize, n: i32, prog: usize, fp: usize, u: usize): void {
  const pairs = prog + ((<usize>load<i32>(fp, 4)) << 2);
  const ar = v128.load(u),
    ai = v128.load(u, 16),
    br = v128.load(u, 32),
    bi = v128.load(u, 48),
    cr = v128.load(u, 64),
    ci = v128.load(u, 80),
    dr = v128.load(u, 96),
    di = v128.load(u, 112);
  const half = 1 << (n - 1);
  for (let k = 0; k < half; k++) {
    const pk = pairs + ((<usize>k) << 3);
    const o0 = <usize>load<i32>(pk);
    const o1 = <usize>load<i32>(pk, 4);
    const r0 = v128.load(src + o0),
      i0 = v128.load(src + o0, 16),
      r1 = v128.load(src + o1),
      i1 = v128.load(src + o1, 16);
    Pair.storeProduct(dst + o0, dst + o1, ar, ai, br, bi, cr, ci, dr, di, r0, i0, r1, i1);
  }
}

/** cos(θ/2) and sin(θ/2) (−sin for the adjoint) of a lone rotation, read from its U. */
export function loneSin(fp: usize, coef: usize, adjoint: bool): f32 {
  const m = coef + ((<usize>load<i32>(fp, 16)) << 2);
  const kind = load<i32>(fp);
  // RX: u01 = −i·s; RY: u10 = s; RZ: u00 = c − i·s.
  const s: f32 =
    kind == LONE_RX ? -load<f32>(m, 12) : kind == LONE_RY ? load<f32>(m, 16) : -load<f32>(m, 4);
  return adjoint ? -s : s;
}

/** dst ← G·src (G† with `adjoint`) for a lone RX, RY or RZ over the op's amplitude pairs. */
export function applyLone(
  src: usize,
  dst: usize,
  n: i32,
  prog: usize,
  fp: usize,
  coef: usize,
  adjoint: bool,
): void {
  const pairs = prog + ((<usize>load<i32>(fp, 4)) << 2);
  const kind = load<i32>(fp);
  const c = f32x4.splat(load<f32>(coef + ((<usize>load<i32>(fp, 16)) << 2)));
  const s = f32x4.splat(loneSin(fp, coef, adjoint));
  const half = 1 << (n - 1);
  for (let k = 0; k < half; k++) {
    const pk = pairs + ((<usize>k) << 3);
    const o0 = <usize>load<i32>(pk);
    const o1 = <usize>load<i32>(pk, 4);
    const r0 = v128.load(src + o0),
      i0 = v128.load(src + o0, 16),
      r1 = v128.load(src + o1),
      i1 = v128.load(src + o1, 16);
    const p0 = dst + o0;
    const p1 = dst + o1;
    if (kind == LONE_RX) Pair.storeRx(p0, p1, c, s, r0, i0, r1, i1);
    else if (kind == LONE_RY) Pair.storeRy(p0, p1, c, s, r0, i0, r1, i1);
    else Pair.storeRz(p0, p1, c, s, r0, i0, r1, i1);
  }
}

/**
 * A lone rotation walked back: its gradient Im⟨λ|σ|ψ⟩ (ψ, λ after it; the one of
 * backwardFused's three sums its σ needs), returned, while λ goes back through G† in the same pass.
 */
export function backwardLone(
  psi: usize,
  lam: usize,
  n: i32,
  prog: usize,
  fp: usize,
  coef: usize,
): v128 {
  const pairs = prog + ((<usize>load<i32>(fp, 4)) << 2);
  const kind = load<i32>(fp);
  const c = f32x4.splat(load<f32>(coef + ((<usize>load<i32>(fp, 16)) << 2)));
  const s = f32x4.splat(loneSin(fp, coef, true));
  let acc = f32x4.splat(0);
  const half = 1 << (n - 1);
  for (let k = 0; k < half; k++) {
    const pk = pairs + ((<usize>k) << 3);
    const o0 = <usize>load<i32>(pk);
    const o1 = <usize>load<i32>(pk, 4);
    const pr0 = v128.load(psi + o0),
      pi0 = v128.load(psi + o0, 16),
      pr1 = v128.load(psi + o1),
      pi1 = v128.load(psi + o1, 16);
    const lr0 = v128.load(lam + o0),
      li0 = v128.load(lam + o0, 16),
      lr1 = v128.load(lam + o1),
      li1 = v128.load(lam + o1, 16);
    const p0 = lam + o0;
    const p1 = lam + o1;
    if (kind == LONE_RX) {
      acc = f32x4.add(acc, Pair.imOff(pr0, pi0, pr1, pi1, lr0, li0, lr1, li1));
      Pair.storeRx(p0, p1, c, s, lr0, li0, lr1, li1);
    } else if (kind == LONE_RY) {
      // Re R01 − Re R10
      acc = f32x4.sub(acc, Pair.reOff(pr0, pi0, pr1, pi1, lr0, li0, lr1, li1));
      Pair.storeRy(p0, p1, c, s, lr0, li0, lr1, li1);
    } else {
      acc = f32x4.add(acc, Pair.imDiag(pr0, pi0, pr1, pi1, lr0, li0, lr1, li1));
      Pair.storeRz(p0, p1, c, s, lr0, li0, lr1, li1);
    }
  }
  return acc;
}

/** Adds a gradient: slot ≥ 0 into the chunk's v128 sums, slot −1 (`exact` only) π·it to dx. */
export function addGradient(
  grad: v128,
  slot: i32,
  q: i32,
  n: i32,
  block: i32,
  chunkBase: usize,
  dx: usize,
): void {
  if (slot >= 0) {
    const p = chunkBase + ((<usize>slot) << 4);
    v128.store(p, f32x4.add(v128.load(p), grad));
    return;
  }
  addInputGradient(dx, n, block, q, grad);
}

/**
 * The sums backwardFused needs, for an op that only ops on other qubits of its CNOT segment
 * follow (a terminal op): there R = Σ ψ_b·conj(λ_a) over the other qubits is the same taken
 * from the final state, where λ = w·ψ (the cotangent's weights w, here per stored amplitude at
 * w + 16·p). So Im R00 − Im R11 = 0 and the other two are (w0 − w1)·(Im, Re) of ψ1·conj(ψ0),
 * summed over the op's pairs: 11 flops a pair instead of 24. Writes them (f, h) to out.
 */
export function terminalSums(
  psi: usize,
  w: usize,
  n: i32,
  prog: usize,
  fp: usize,
  out: usize,
): void {
  const pairs = prog + ((<usize>load<i32>(fp, 4)) << 2);
  let f = f32x4.splat(0),
    h = f32x4.splat(0);
  const half = 1 << (n - 1);
  for (let k = 0; k < half; k++) {
    const pk = pairs + ((<usize>k) << 3);
    const o0 = <usize>load<i32>(pk);
    const o1 = <usize>load<i32>(pk, 4);
    const r0 = v128.load(psi + o0),
      i0 = v128.load(psi + o0, 16),
      r1 = v128.load(psi + o1),
      i1 = v128.load(psi + o1, 16);
    const dw = f32x4.sub(v128.load(w + (o0 >> 1)), v128.load(w + (o1 >> 1)));
    const re = f32x4.add(f32x4.mul(r1, r0), f32x4.mul(i1, i0));
    const im = f32x4.sub(f32x4.mul(i1, r0), f32x4.mul(r1, i0));
    f = f32x4.add(f, f32x4.mul(dw, im));
    h = f32x4.add(h, f32x4.mul(dw, re));
  }
  v128.store(out, f);
  v128.store(out, h, 16);
}

/**
 * Fused op fp walked back: the sums of R = Σ ψ_b·conj(λ_a) its members' gradients need
 * (Im R00 − Im R11, Im R10 + Im R01, Re R10 − Re R01), taken after the run (or, for a terminal
 * op, `given` by terminalSums), then ψ (with `carryPsi`) and λ carried back through U†. Each
 * member's gradient goes out with addGradient.
 */
export function backwardFused(
  psi: usize,
  lam: usize,
  n: i32,
  prog: usize,
  fp: usize,
  coef: usize,
  u: usize,
  carryPsi: bool,
  block: i32,
  chunkBase: usize,
  dx: usize,
  exact: bool,
  given: usize,
): void {
  const pairs = prog + ((<usize>load<i32>(fp, 4)) << 2);
  // U† = [[ā, c̄], [b̄, d̄]]
  const ar = v128.load(u),
    ai = f32x4.neg(v128.load(u, 16)),
    cr = v128.load(u, 32),
    ci = f32x4.neg(v128.load(u, 48)),
    br = v128.load(u, 64),
    bi = f32x4.neg(v128.load(u, 80)),
    dr = v128.load(u, 96),
    di = f32x4.neg(v128.load(u, 112));
  let e = f32x4.splat(0),
    f = f32x4.splat(0),
    h = f32x4.splat(0);
  const half = 1 << (n - 1);
  if (given) {
    f = v128.load(given);
    h = v128.load(given, 16);
    for (let k = 0; k < half; k++) {
      const pk = pairs + ((<usize>k) << 3);
      const o0 = <usize>load<i32>(pk);
      const o1 = <usize>load<i32>(pk, 4);
      if (carryPsi) {
        const pr0 = v128.load(psi + o0),
          pi0 = v128.load(psi + o0, 16),
          pr1 = v128.load(psi + o1),
          pi1 = v128.load(psi + o1, 16);
        Pair.storeProduct(psi + o0, psi + o1, ar, ai, br, bi, cr, ci, dr, di, pr0, pi0, pr1, pi1);
      }
      const lr0 = v128.load(lam + o0),
        li0 = v128.load(lam + o0, 16),
        lr1 = v128.load(lam + o1),
        li1 = v128.load(lam + o1, 16);
      Pair.storeProduct(lam + o0, lam + o1, ar, ai, br, bi, cr, ci, dr, di, lr0, li0, lr1, li1);
    }
  }
  const summed = given ? 0 : half;
  for (let k = 0; k < summed; k++) {
    const pk = pairs + ((<usize>k) << 3);
    const o0 = <usize>load<i32>(pk);
    const o1 = <usize>load<i32>(pk, 4);
    const pr0 = v128.load(psi + o0),
      pi0 = v128.load(psi + o0, 16),
      pr1 = v128.load(psi + o1),
      pi1 = v128.load(psi + o1, 16);
    const lr0 = v128.load(lam + o0),
      li0 = v128.load(lam + o0, 16),
      lr1 = v128.load(lam + o1),
      li1 = v128.load(lam + o1, 16);
    e = f32x4.add(e, Pair.imDiag(pr0, pi0, pr1, pi1, lr0, li0, lr1, li1));
    f = f32x4.add(f, Pair.imOff(pr0, pi0, pr1, pi1, lr0, li0, lr1, li1));
    h = f32x4.add(h, Pair.reOff(pr0, pi0, pr1, pi1, lr0, li0, lr1, li1));
    if (carryPsi) {
      Pair.storeProduct(psi + o0, psi + o1, ar, ai, br, bi, cr, ci, dr, di, pr0, pi0, pr1, pi1);
    }
    Pair.storeProduct(lam + o0, lam + o1, ar, ai, br, bi, cr, ci, dr, di, lr0, li0, lr1, li1);
  }
  // Im tr(K·R) = k00·(Im R00 − Im R11) + re k01·(Im R10 + Im R01) + im k01·(Re R10 − Re R01)
  const members = load<i32>(fp, 12);
  const mp = prog + ((<usize>load<i32>(fp, 8)) << 2);
  const kc = coef + ((<usize>(load<i32>(fp, 16) + 8)) << 2);
  for (let m = 0; m < members; m++) {
    const slot = load<i32>(mp + ((<usize>m) << 4));
    if (slot < 0 && !exact) continue;
    const k = kc + ((<usize>m) << 4);
    const grad = f32x4.add(
      f32x4.mul(f32x4.splat(load<f32>(k)), e),
      f32x4.add(
        f32x4.mul(f32x4.splat(load<f32>(k, 4)), f),
        f32x4.mul(f32x4.splat(load<f32>(k, 8)), h),
      ),
    );
    addGradient(grad, slot, load<i32>(fp, 20), n, block, chunkBase, dx);
  }
}
