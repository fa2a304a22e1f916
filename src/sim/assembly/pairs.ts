/*
 * The CPU kernel's ops on the full state (circuitSimd.ts): a fused op's 2×2 unitary, or a lone
 * rotation, applied over the op's amplitude pairs; their backward passes, which gather the
 * gradient sums while carrying λ (and ψ) back; and where a gradient goes.
 */
import { FUSED_LANE_ENCODE, LONE_RX, LONE_RY } from './layout';

/** The 2×2 unitary of fused op fp as 8 v128 (re, im of u00, u01, u10, u11) into u. */
export function fusedMatrix(fp: usize, coef: usize, enc: usize, u: usize): void {
  if (load<i32>(fp) == FUSED_LANE_ENCODE) {
    // RY(π·x) per lane: [[c, −s], [s, c]], real.
    const e = enc + ((<usize>load<i32>(fp, 20)) << 5);
    const c = v128.load(e),
      s = v128.load(e, 16),
      zero = f32x4.splat(0);
    v128.store(u, c);
    v128.store(u, zero, 16);
    v128.store(u, f32x4.neg(s), 32);
    v128.store(u, zero, 48);
    v128.store(u, s, 64);
    v128.store(u, zero, 80);
    v128.store(u, c, 96);
    v128.store(u, zero, 112);
    return;
  }
  const m = coef + ((<usize>load<i32>(fp, 16)) << 2);
  for (let k: usize = 0; k < 8; k++) v128.store(u + (k << 4), f32x4.splat(load<f32>(m + (k << 2))));
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
    const p0 = dst + o0;
    const p1 = dst + o1;
    // (a·x0 + b·x1, c·x0 + d·x1), complex
    v128.store(
      p0,
      f32x4.sub(
        f32x4.add(f32x4.mul(ar, r0), f32x4.mul(br, r1)),
        f32x4.add(f32x4.mul(ai, i0), f32x4.mul(bi, i1)),
      ),
    );
    v128.store(
      p0,
      f32x4.add(
        f32x4.add(f32x4.mul(ar, i0), f32x4.mul(br, i1)),
        f32x4.add(f32x4.mul(ai, r0), f32x4.mul(bi, r1)),
      ),
      16,
    );
    v128.store(
      p1,
      f32x4.sub(
        f32x4.add(f32x4.mul(cr, r0), f32x4.mul(dr, r1)),
        f32x4.add(f32x4.mul(ci, i0), f32x4.mul(di, i1)),
      ),
    );
    v128.store(
      p1,
      f32x4.add(
        f32x4.add(f32x4.mul(cr, i0), f32x4.mul(dr, i1)),
        f32x4.add(f32x4.mul(ci, r0), f32x4.mul(di, r1)),
      ),
      16,
    );
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
    let yr0: v128, yi0: v128, yr1: v128, yi1: v128;
    if (kind == LONE_RX) {
      yr0 = f32x4.add(f32x4.mul(c, r0), f32x4.mul(s, i1));
      yi0 = f32x4.sub(f32x4.mul(c, i0), f32x4.mul(s, r1));
      yr1 = f32x4.add(f32x4.mul(s, i0), f32x4.mul(c, r1));
      yi1 = f32x4.sub(f32x4.mul(c, i1), f32x4.mul(s, r0));
    } else if (kind == LONE_RY) {
      yr0 = f32x4.sub(f32x4.mul(c, r0), f32x4.mul(s, r1));
      yi0 = f32x4.sub(f32x4.mul(c, i0), f32x4.mul(s, i1));
      yr1 = f32x4.add(f32x4.mul(s, r0), f32x4.mul(c, r1));
      yi1 = f32x4.add(f32x4.mul(s, i0), f32x4.mul(c, i1));
    } else {
      yr0 = f32x4.add(f32x4.mul(c, r0), f32x4.mul(s, i0));
      yi0 = f32x4.sub(f32x4.mul(c, i0), f32x4.mul(s, r0));
      yr1 = f32x4.sub(f32x4.mul(c, r1), f32x4.mul(s, i1));
      yi1 = f32x4.add(f32x4.mul(c, i1), f32x4.mul(s, r1));
    }
    v128.store(dst + o0, yr0);
    v128.store(dst + o0, yi0, 16);
    v128.store(dst + o1, yr1);
    v128.store(dst + o1, yi1, 16);
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
    let yr0: v128, yi0: v128, yr1: v128, yi1: v128;
    if (kind == LONE_RX) {
      // Im R10 + Im R01
      acc = f32x4.add(
        acc,
        f32x4.add(
          f32x4.sub(f32x4.mul(pi1, lr0), f32x4.mul(pr1, li0)),
          f32x4.sub(f32x4.mul(pi0, lr1), f32x4.mul(pr0, li1)),
        ),
      );
      yr0 = f32x4.add(f32x4.mul(c, lr0), f32x4.mul(s, li1));
      yi0 = f32x4.sub(f32x4.mul(c, li0), f32x4.mul(s, lr1));
      yr1 = f32x4.add(f32x4.mul(s, li0), f32x4.mul(c, lr1));
      yi1 = f32x4.sub(f32x4.mul(c, li1), f32x4.mul(s, lr0));
    } else if (kind == LONE_RY) {
      // Re R01 − Re R10
      acc = f32x4.add(
        acc,
        f32x4.sub(
          f32x4.add(f32x4.mul(pr0, lr1), f32x4.mul(pi0, li1)),
          f32x4.add(f32x4.mul(pr1, lr0), f32x4.mul(pi1, li0)),
        ),
      );
      yr0 = f32x4.sub(f32x4.mul(c, lr0), f32x4.mul(s, lr1));
      yi0 = f32x4.sub(f32x4.mul(c, li0), f32x4.mul(s, li1));
      yr1 = f32x4.add(f32x4.mul(s, lr0), f32x4.mul(c, lr1));
      yi1 = f32x4.add(f32x4.mul(s, li0), f32x4.mul(c, li1));
    } else {
      // Im R00 − Im R11
      acc = f32x4.add(
        acc,
        f32x4.sub(
          f32x4.sub(f32x4.mul(pi0, lr0), f32x4.mul(pr0, li0)),
          f32x4.sub(f32x4.mul(pi1, lr1), f32x4.mul(pr1, li1)),
        ),
      );
      yr0 = f32x4.add(f32x4.mul(c, lr0), f32x4.mul(s, li0));
      yi0 = f32x4.sub(f32x4.mul(c, li0), f32x4.mul(s, lr0));
      yr1 = f32x4.sub(f32x4.mul(c, lr1), f32x4.mul(s, li1));
      yi1 = f32x4.add(f32x4.mul(c, li1), f32x4.mul(s, lr1));
    }
    v128.store(lam + o0, yr0);
    v128.store(lam + o0, yi0, 16);
    v128.store(lam + o1, yr1);
    v128.store(lam + o1, yi1, 16);
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
  const rowBytes = (<usize>n) << 2;
  const out = dx + ((<usize>(block * 4 * n + q)) << 2);
  const scaled = f32x4.mul(grad, f32x4.splat(<f32>Math.PI));
  // Added, not stored: a gate list may encode a pixel more than once (dx starts at zero).
  store<f32>(out, load<f32>(out) + f32x4.extract_lane(scaled, 0));
  store<f32>(out + rowBytes, load<f32>(out + rowBytes) + f32x4.extract_lane(scaled, 1));
  store<f32>(out + 2 * rowBytes, load<f32>(out + 2 * rowBytes) + f32x4.extract_lane(scaled, 2));
  store<f32>(out + 3 * rowBytes, load<f32>(out + 3 * rowBytes) + f32x4.extract_lane(scaled, 3));
}

/**
 * Fused op fp walked back: the sums of R = Σ ψ_b·conj(λ_a) its members' gradients need
 * (Im R00 − Im R11, Im R10 + Im R01, Re R10 − Re R01), taken after the run, then ψ (unless
 * `keepPsi`) and λ carried back through U†. Each member's gradient goes out with addGradient.
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
    // Im R00 − Im R11 = (ψi0·λr0 − ψr0·λi0) − (ψi1·λr1 − ψr1·λi1)
    e = f32x4.add(
      e,
      f32x4.sub(
        f32x4.sub(f32x4.mul(pi0, lr0), f32x4.mul(pr0, li0)),
        f32x4.sub(f32x4.mul(pi1, lr1), f32x4.mul(pr1, li1)),
      ),
    );
    // Im R10 + Im R01 = (ψi1·λr0 − ψr1·λi0) + (ψi0·λr1 − ψr0·λi1)
    f = f32x4.add(
      f,
      f32x4.add(
        f32x4.sub(f32x4.mul(pi1, lr0), f32x4.mul(pr1, li0)),
        f32x4.sub(f32x4.mul(pi0, lr1), f32x4.mul(pr0, li1)),
      ),
    );
    // Re R10 − Re R01 = (ψr1·λr0 + ψi1·λi0) − (ψr0·λr1 + ψi0·λi1)
    h = f32x4.add(
      h,
      f32x4.sub(
        f32x4.add(f32x4.mul(pr1, lr0), f32x4.mul(pi1, li0)),
        f32x4.add(f32x4.mul(pr0, lr1), f32x4.mul(pi0, li1)),
      ),
    );
    if (carryPsi) {
      v128.store(
        psi + o0,
        f32x4.sub(
          f32x4.add(f32x4.mul(ar, pr0), f32x4.mul(br, pr1)),
          f32x4.add(f32x4.mul(ai, pi0), f32x4.mul(bi, pi1)),
        ),
      );
      v128.store(
        psi + o0,
        f32x4.add(
          f32x4.add(f32x4.mul(ar, pi0), f32x4.mul(br, pi1)),
          f32x4.add(f32x4.mul(ai, pr0), f32x4.mul(bi, pr1)),
        ),
        16,
      );
      v128.store(
        psi + o1,
        f32x4.sub(
          f32x4.add(f32x4.mul(cr, pr0), f32x4.mul(dr, pr1)),
          f32x4.add(f32x4.mul(ci, pi0), f32x4.mul(di, pi1)),
        ),
      );
      v128.store(
        psi + o1,
        f32x4.add(
          f32x4.add(f32x4.mul(cr, pi0), f32x4.mul(dr, pi1)),
          f32x4.add(f32x4.mul(ci, pr0), f32x4.mul(di, pr1)),
        ),
        16,
      );
    }
    v128.store(
      lam + o0,
      f32x4.sub(
        f32x4.add(f32x4.mul(ar, lr0), f32x4.mul(br, lr1)),
        f32x4.add(f32x4.mul(ai, li0), f32x4.mul(bi, li1)),
      ),
    );
    v128.store(
      lam + o0,
      f32x4.add(
        f32x4.add(f32x4.mul(ar, li0), f32x4.mul(br, li1)),
        f32x4.add(f32x4.mul(ai, lr0), f32x4.mul(bi, lr1)),
      ),
      16,
    );
    v128.store(
      lam + o1,
      f32x4.sub(
        f32x4.add(f32x4.mul(cr, lr0), f32x4.mul(dr, lr1)),
        f32x4.add(f32x4.mul(ci, li0), f32x4.mul(di, li1)),
      ),
    );
    v128.store(
      lam + o1,
      f32x4.add(
        f32x4.add(f32x4.mul(cr, li0), f32x4.mul(dr, li1)),
        f32x4.add(f32x4.mul(ci, lr0), f32x4.mul(di, lr1)),
      ),
      16,
    );
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
