/*
 * The arithmetic on one amplitude pair (x0, x1), re and im each a v128 (four windows), that the
 * full-state ops (pairs.ts, a pair at two table offsets) and the one-qubit states (oneQubit.ts,
 * a pair at offsets 0 and 32) share: a 2×2 unitary, a lone RX / RY / RZ, and the three sums of
 * R = ψ·λ† (over a pair) that every rotation's gradient is made of.
 *
 * Static methods so that `@inline` (AssemblyScript's, on a function a decorator Prettier cannot
 * parse) puts them into the hot loops: the generated code is the hand-written loops' own.
 */
export class Pair {
  /** (p0, p1) ← U·x for U = [[a, b], [c, d]], complex, each entry as re and im v128. */
  @inline
  static storeProduct(
    p0: usize,
    p1: usize,
    ar: v128,
    ai: v128,
    br: v128,
    bi: v128,
    cr: v128,
    ci: v128,
    dr: v128,
    di: v128,
    r0: v128,
    i0: v128,
    r1: v128,
    i1: v128,
  ): void {
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

  /** (p0, p1) ← RX·x, RX = [[c, −is], [−is, c]] (RX† with −s). */
  @inline
  static storeRx(
    p0: usize,
    p1: usize,
    c: v128,
    s: v128,
    r0: v128,
    i0: v128,
    r1: v128,
    i1: v128,
  ): void {
    v128.store(p0, f32x4.add(f32x4.mul(c, r0), f32x4.mul(s, i1)));
    v128.store(p0, f32x4.sub(f32x4.mul(c, i0), f32x4.mul(s, r1)), 16);
    v128.store(p1, f32x4.add(f32x4.mul(s, i0), f32x4.mul(c, r1)));
    v128.store(p1, f32x4.sub(f32x4.mul(c, i1), f32x4.mul(s, r0)), 16);
  }

  /** (p0, p1) ← RY·x, RY = [[c, −s], [s, c]], real (RY† with −s). */
  @inline
  static storeRy(
    p0: usize,
    p1: usize,
    c: v128,
    s: v128,
    r0: v128,
    i0: v128,
    r1: v128,
    i1: v128,
  ): void {
    v128.store(p0, f32x4.sub(f32x4.mul(c, r0), f32x4.mul(s, r1)));
    v128.store(p0, f32x4.sub(f32x4.mul(c, i0), f32x4.mul(s, i1)), 16);
    v128.store(p1, f32x4.add(f32x4.mul(s, r0), f32x4.mul(c, r1)));
    v128.store(p1, f32x4.add(f32x4.mul(s, i0), f32x4.mul(c, i1)), 16);
  }

  /** (p0, p1) ← RZ·x, RZ = diag(c − is, c + is) (RZ† with −s). */
  @inline
  static storeRz(
    p0: usize,
    p1: usize,
    c: v128,
    s: v128,
    r0: v128,
    i0: v128,
    r1: v128,
    i1: v128,
  ): void {
    v128.store(p0, f32x4.add(f32x4.mul(c, r0), f32x4.mul(s, i0)));
    v128.store(p0, f32x4.sub(f32x4.mul(c, i0), f32x4.mul(s, r0)), 16);
    v128.store(p1, f32x4.sub(f32x4.mul(c, r1), f32x4.mul(s, i1)));
    v128.store(p1, f32x4.add(f32x4.mul(c, i1), f32x4.mul(s, r1)), 16);
  }

  /** Im R00 − Im R11 = (ψi0·λr0 − ψr0·λi0) − (ψi1·λr1 − ψr1·λi1): RZ's gradient. */
  @inline
  static imDiag(
    pr0: v128,
    pi0: v128,
    pr1: v128,
    pi1: v128,
    lr0: v128,
    li0: v128,
    lr1: v128,
    li1: v128,
  ): v128 {
    return f32x4.sub(
      f32x4.sub(f32x4.mul(pi0, lr0), f32x4.mul(pr0, li0)),
      f32x4.sub(f32x4.mul(pi1, lr1), f32x4.mul(pr1, li1)),
    );
  }

  /** Im R10 + Im R01 = (ψi1·λr0 − ψr1·λi0) + (ψi0·λr1 − ψr0·λi1): RX's gradient. */
  @inline
  static imOff(
    pr0: v128,
    pi0: v128,
    pr1: v128,
    pi1: v128,
    lr0: v128,
    li0: v128,
    lr1: v128,
    li1: v128,
  ): v128 {
    return f32x4.add(
      f32x4.sub(f32x4.mul(pi1, lr0), f32x4.mul(pr1, li0)),
      f32x4.sub(f32x4.mul(pi0, lr1), f32x4.mul(pr0, li1)),
    );
  }

  /** Re R10 − Re R01 = (ψr1·λr0 + ψi1·λi0) − (ψr0·λr1 + ψi0·λi1): minus RY's gradient. */
  @inline
  static reOff(
    pr0: v128,
    pi0: v128,
    pr1: v128,
    pi1: v128,
    lr0: v128,
    li0: v128,
    lr1: v128,
    li1: v128,
  ): v128 {
    return f32x4.sub(
      f32x4.add(f32x4.mul(pr1, lr0), f32x4.mul(pi1, li0)),
      f32x4.add(f32x4.mul(pr0, lr1), f32x4.mul(pi0, li1)),
    );
  }
}
