/*
 * The CPU kernel (AssemblyScript → WebAssembly SIMD): executes a compiled circuit program
 * (src/sim/circuitProgram.ts, compiled for the kernel by kernelProgram in src/sim/simdKernel.ts)
 * for four windows at once, one window per f32x4 lane, forward and adjoint backward.
 * Built by scripts/build-wasm.mjs.
 *
 * Everything is raw linear memory laid out by the caller, so the module has no allocator and no
 * runtime. Per block of four windows, a state is 2ⁿ amplitudes, each two v128 (re, then im, of
 * the four windows): stored amplitude p at base + 32·p.
 *
 * Program (i32): a header [fusedCount, prefixCount, slotCount, frameAt, modesAt, prefixUAt, 0, 0],
 * then
 *  - the prefix, 4 i32 per gate [op, qubit, slot, k]: every gate before the first CNOT (op 0
 *    encode RY(π·x_qubit), 1/2/3 RX/RY/RZ(θ)). Up to there the state is a product of one-qubit
 *    states, kept as n two-amplitude states and expanded (a Kronecker product) after it. k = 1
 *    where the gate's qubit has no encoding after another of its gates: its gradients come from
 *    host K's (below) instead of a walk back;
 *  - the fused ops, 8 i32 each [kind, pairsAt, membersAt, members, coefAt, qubit, 0, 0]: a run of
 *    one-qubit gates on one qubit between entangling gates, as one 2×2 unitary U (kind 6, its
 *    entries at coef + 4·coefAt), a lone encoding gate (kind 7, U per lane from x), or a run of
 *    one rotation (kinds 8/9/10: RX/RY/RZ, applied as such, not as a general U);
 *  - per fused op, its 2ⁿ⁻¹ amplitude pairs [offset of |0⟩, offset of |1⟩] (bytes), and per
 *    member gate [slot, 0, 0, 0] (slot −1: the encoding, whose gradient goes to dx);
 *  - at frameAt, 2ⁿ byte offsets: where basis state b is stored at the end;
 *  - at modesAt, per qubit how its prefix state is made: 0 gate by gate; 1 U_q·RY(π·x_q)|0⟩,
 *    2 U_q|0⟩ with U_q its prefix rotations' product (coef + 4·prefixUAt + 32·q), where its
 *    gates have k = 1 (they all follow its encoding).
 * CNOTs move no data: they are linear maps of the basis index over GF(2), so the host folds them
 * into each later op's pair table (the frame), and into the readout's frame.
 *
 * coef (f32, per call): per prefix gate g, cos(θ/2), sin(θ/2) at 2g, its K at 2P + 4g (P prefix
 * gates, as for members below); per fused op at coefAt,
 * U (u00, u01, u10, u11, each re then im), then per member k00, re k01, im k01, 0: its generator
 * seen from after the run, K = A·σ·A† (A: the run's later gates), a traceless Hermitian 2×2.
 *
 * Backward (adjoint method, docs/model.md): λ = O·ψ with O = Σ_q dz_q·Z_q; walking the ops
 * backwards, a rotation exp(−iθσ/2) contributes ∂E/∂θ = Im⟨λ|σ|ψ⟩ (ψ, λ after the gate). For
 * a run's member that is Im tr(K·R) with R_ba = Σ ψ_b·conj(λ_a) over the other qubits, after
 * the whole run: one pass over the state gathers the three sums it needs, for every member,
 * while it carries ψ and λ back through U† (the state is un-computed, never stored).
 * At the prefix, λ is contracted with every qubit's state but one (μ_j); R = a_j·μ_j† gives each
 * prefix gradient as above (or, where an encoding follows another gate of its qubit, so K would
 * differ per window, the qubit's prefix gates are walked back in two dimensions).
 *
 * Gradients are summed per chunk of CHUNK blocks: slotCount v128 per chunk (the host sums the
 * chunks in order, so any split of whole chunks across threads gives the same bits).
 *
 * Scratch per thread (bytes, dim = 2ⁿ): ψ, λ, the contractions, a temporary (32·dim each), the
 * readout weights (16·dim), then per qubit its prefix state (64), μ (64), the encoding's cos and
 * sin (32·n), the cotangent dz (16·n). scratchBytes(n) is the total.
 */

const OP_ENCODE = 0;
const OP_RX = 1;
const OP_RZ = 3;
const FUSED_LANE_ENCODE = 7;
const LONE_RX = 8;
const LONE_RY = 9;
const LONE_RZ = 10;
const HALF_PI: f32 = 1.5707963267948966;
const CHUNK = 16;
const HEADER = 8;

export function heapBase(): usize {
  return __heap_base;
}

export function chunkBlocks(): i32 {
  return CHUNK;
}

export function scratchBytes(n: i32): i32 {
  return (1 << n) * 144 + n * 176 + 64;
}

// Offsets of the scratch regions (see the file overview).
function lamAt(scratch: usize, n: i32): usize {
  return scratch + ((<usize>1) << n) * 32;
}
function envAt(scratch: usize, n: i32): usize {
  return scratch + ((<usize>1) << n) * 64;
}
function tmpAt(scratch: usize, n: i32): usize {
  return scratch + ((<usize>1) << n) * 96;
}
function weightsAt(scratch: usize, n: i32): usize {
  return scratch + ((<usize>1) << n) * 128;
}
function ampsAt(scratch: usize, n: i32): usize {
  return scratch + ((<usize>1) << n) * 144;
}
function muAt(scratch: usize, n: i32): usize {
  return ampsAt(scratch, n) + ((<usize>n) << 6);
}
function encAt(scratch: usize, n: i32): usize {
  return muAt(scratch, n) + 64;
}
function dzAt(scratch: usize, n: i32): usize {
  return encAt(scratch, n) + ((<usize>n) << 5);
}

// @inline
function prefixAt(prog: usize, g: i32): usize {
  return prog + ((<usize>(HEADER + 4 * g)) << 2);
}
// @inline
function fusedAt(prog: usize, f: i32): usize {
  return prog + ((<usize>(HEADER + 4 * load<i32>(prog, 4) + 8 * f)) << 2);
}

/** A real rotation [[c, −s], [s, c]] on a one-qubit state (RY; RY† with −s). */
function applyRy(a: usize, c: v128, s: v128): void {
  const r0 = v128.load(a),
    i0 = v128.load(a, 16),
    r1 = v128.load(a, 32),
    i1 = v128.load(a, 48);
  v128.store(a, f32x4.sub(f32x4.mul(c, r0), f32x4.mul(s, r1)));
  v128.store(a, f32x4.sub(f32x4.mul(c, i0), f32x4.mul(s, i1)), 16);
  v128.store(a, f32x4.add(f32x4.mul(s, r0), f32x4.mul(c, r1)), 32);
  v128.store(a, f32x4.add(f32x4.mul(s, i0), f32x4.mul(c, i1)), 48);
}

/** RX = [[c, −is], [−is, c]] on a one-qubit state (RX† with −s). */
function applyRx(a: usize, c: v128, s: v128): void {
  const r0 = v128.load(a),
    i0 = v128.load(a, 16),
    r1 = v128.load(a, 32),
    i1 = v128.load(a, 48);
  v128.store(a, f32x4.add(f32x4.mul(c, r0), f32x4.mul(s, i1)));
  v128.store(a, f32x4.sub(f32x4.mul(c, i0), f32x4.mul(s, r1)), 16);
  v128.store(a, f32x4.add(f32x4.mul(s, i0), f32x4.mul(c, r1)), 32);
  v128.store(a, f32x4.sub(f32x4.mul(c, i1), f32x4.mul(s, r0)), 48);
}

/** RZ = diag(c − is, c + is) on a one-qubit state (RZ† with −s). */
function applyRz(a: usize, c: v128, s: v128): void {
  const r0 = v128.load(a),
    i0 = v128.load(a, 16),
    r1 = v128.load(a, 32),
    i1 = v128.load(a, 48);
  v128.store(a, f32x4.add(f32x4.mul(c, r0), f32x4.mul(s, i0)));
  v128.store(a, f32x4.sub(f32x4.mul(c, i0), f32x4.mul(s, r0)), 16);
  v128.store(a, f32x4.sub(f32x4.mul(c, r1), f32x4.mul(s, i1)), 32);
  v128.store(a, f32x4.add(f32x4.mul(c, i1), f32x4.mul(s, r1)), 48);
}

/** Prefix gate g (or its adjoint) on the one-qubit state at a. */
function applyPrefixGate(
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
  if (op == OP_RX) applyRx(a, c, s);
  else if (op == OP_RZ) applyRz(a, c, s);
  else applyRy(a, c, s);
}

/** Im⟨λ|σ|ψ⟩ per lane for a prefix gate's axis σ on one-qubit states (σ_y for the encoding). */
function prefixGradient(psi: usize, lam: usize, op: i32): v128 {
  const pr0 = v128.load(psi),
    pi0 = v128.load(psi, 16),
    pr1 = v128.load(psi, 32),
    pi1 = v128.load(psi, 48);
  const lr0 = v128.load(lam),
    li0 = v128.load(lam, 16),
    lr1 = v128.load(lam, 32),
    li1 = v128.load(lam, 48);
  if (op == OP_RX) {
    return f32x4.add(
      f32x4.sub(f32x4.mul(lr0, pi1), f32x4.mul(li0, pr1)),
      f32x4.sub(f32x4.mul(lr1, pi0), f32x4.mul(li1, pr0)),
    );
  }
  if (op == OP_RZ) {
    return f32x4.sub(
      f32x4.sub(f32x4.mul(lr0, pi0), f32x4.mul(li0, pr0)),
      f32x4.sub(f32x4.mul(lr1, pi1), f32x4.mul(li1, pr1)),
    );
  }
  return f32x4.sub(
    f32x4.add(f32x4.mul(lr1, pr0), f32x4.mul(li1, pi0)),
    f32x4.add(f32x4.mul(lr0, pr1), f32x4.mul(li0, pi1)),
  );
}

/**
 * cos and sin of (π/2)·x per lane. The reduction is exact in f32: j = nearest(x) quarter turns,
 * r = x − j, so the polynomials (Cephes' sinf/cosf, |error| ≲ 1 ulp on [−π/4, π/4]) only see
 * (π/2)·r; the quadrant swaps and negates them. Replaces four f64 libm calls per lane.
 */
// @inline
function cosSinHalfPi(x: v128, enc: usize): void {
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
  v128.store(enc, v128.xor(cos, cosSign));
  v128.store(enc, v128.xor(sin, sinSign), 16);
}

/** Per-lane cos and sin of π·x_q/2 for the block's four windows, cached at enc (x is [P, n]). */
function encodeTrig(x: usize, n: i32, block: i32, enc: usize): void {
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

/** The 2×2 unitary of fused op fp as 8 v128 (re, im of u00, u01, u10, u11) into u. */
function fusedMatrix(fp: usize, coef: usize, enc: usize, u: usize): void {
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
function applyFused(src: usize, dst: usize, n: i32, prog: usize, fp: usize, u: usize): void {
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
function loneSin(fp: usize, coef: usize, adjoint: bool): f32 {
  const m = coef + ((<usize>load<i32>(fp, 16)) << 2);
  const kind = load<i32>(fp);
  // RX: u01 = −i·s; RY: u10 = s; RZ: u00 = c − i·s.
  const s: f32 =
    kind == LONE_RX ? -load<f32>(m, 12) : kind == LONE_RY ? load<f32>(m, 16) : -load<f32>(m, 4);
  return adjoint ? -s : s;
}

/** dst ← G·src (G† with `adjoint`) for a lone RX, RY or RZ over the op's amplitude pairs. */
function applyLone(
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
function backwardLone(psi: usize, lam: usize, n: i32, prog: usize, fp: usize, coef: usize): v128 {
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

/**
 * The program on |0…0⟩ for one block: the prefix as a product state, then the fused ops. With
 * `snaps` ≠ 0 every intermediate state is kept (state f, before op f, at snaps + f·32·2ⁿ) and
 * the final state lies after the last; otherwise it is left at st. Returns where it is.
 */
function forwardBlock(
  st: usize,
  snaps: usize,
  n: i32,
  prog: usize,
  coef: usize,
  x: usize,
  block: i32,
  scratch: usize,
): usize {
  const amps = ampsAt(scratch, n);
  const enc = encAt(scratch, n);
  const u = tmpAt(scratch, n);
  if (snaps) st = snaps;
  encodeTrig(x, n, block, enc);
  const zero = f32x4.splat(0);
  const modes = prog + ((<usize>load<i32>(prog, 16)) << 2);
  const prefixU = coef + ((<usize>load<i32>(prog, 20)) << 2);
  for (let q = 0; q < n; q++) {
    const a = amps + ((<usize>q) << 6);
    const mode = load<i32>(modes + ((<usize>q) << 2));
    if (mode == 0) {
      v128.store(a, f32x4.splat(1));
      v128.store(a, zero, 16);
      v128.store(a, zero, 32);
      v128.store(a, zero, 48);
      continue;
    }
    // a = U·(c, s) with (c, s) = RY(π·x)|0⟩ (mode 1) or |0⟩ (mode 2): real, per lane.
    const c = mode == 1 ? v128.load(enc + ((<usize>q) << 5)) : f32x4.splat(1);
    const s = mode == 1 ? v128.load(enc + ((<usize>q) << 5), 16) : zero;
    const m = prefixU + ((<usize>q) << 5);
    const u00r = f32x4.splat(load<f32>(m)),
      u00i = f32x4.splat(load<f32>(m, 4)),
      u01r = f32x4.splat(load<f32>(m, 8)),
      u01i = f32x4.splat(load<f32>(m, 12)),
      u10r = f32x4.splat(load<f32>(m, 16)),
      u10i = f32x4.splat(load<f32>(m, 20)),
      u11r = f32x4.splat(load<f32>(m, 24)),
      u11i = f32x4.splat(load<f32>(m, 28));
    v128.store(a, f32x4.add(f32x4.mul(u00r, c), f32x4.mul(u01r, s)));
    v128.store(a, f32x4.add(f32x4.mul(u00i, c), f32x4.mul(u01i, s)), 16);
    v128.store(a, f32x4.add(f32x4.mul(u10r, c), f32x4.mul(u11r, s)), 32);
    v128.store(a, f32x4.add(f32x4.mul(u10i, c), f32x4.mul(u11i, s)), 48);
  }
  // The other qubits' prefix gates, one by one.
  const prefix = load<i32>(prog, 4);
  for (let g = 0; g < prefix; g++) {
    const gp = prefixAt(prog, g);
    if (load<i32>(gp, 12) != 0) continue;
    applyPrefixGate(amps + (((<usize>load<i32>(gp, 4)) << 2) << 4), prog, coef, enc, g, false);
  }
  // ψ = a_0 ⊗ a_1 ⊗ … (qubit 0 most significant), grown in place from length 1.
  v128.store(st, f32x4.splat(1));
  v128.store(st, zero, 16);
  for (let q = 0, len = 1; q < n; q++, len <<= 1) {
    const a = amps + ((<usize>q) << 6);
    const r0 = v128.load(a),
      i0 = v128.load(a, 16),
      r1 = v128.load(a, 32),
      i1 = v128.load(a, 48);
    for (let k = len - 1; k >= 0; k--) {
      const src = st + ((<usize>k) << 5);
      const sr = v128.load(src),
        si = v128.load(src, 16);
      const d0 = st + ((<usize>k) << 6);
      v128.store(d0, f32x4.sub(f32x4.mul(sr, r0), f32x4.mul(si, i0)));
      v128.store(d0, f32x4.add(f32x4.mul(sr, i0), f32x4.mul(si, r0)), 16);
      v128.store(d0, f32x4.sub(f32x4.mul(sr, r1), f32x4.mul(si, i1)), 32);
      v128.store(d0, f32x4.add(f32x4.mul(sr, i1), f32x4.mul(si, r1)), 48);
    }
  }
  const fused = load<i32>(prog);
  const stateBytes = (<usize>32) << n;
  for (let f = 0; f < fused; f++) {
    const fp = fusedAt(prog, f);
    const dst = snaps ? st + stateBytes : st;
    if (load<i32>(fp) >= LONE_RX) applyLone(st, dst, n, prog, fp, coef, false);
    else {
      fusedMatrix(fp, coef, enc, u);
      applyFused(st, dst, n, prog, fp, u);
    }
    if (snaps) st = dst;
  }
  return st;
}

/** ⟨Z_q⟩ = Σ_b |ψ_b|²·(±1) for the block's four windows, written row-major into z [P, n]. */
function readout(st: usize, n: i32, prog: usize, z: usize, block: i32, prob: usize): void {
  const dim = 1 << n;
  const frame = prog + ((<usize>load<i32>(prog, 12)) << 2);
  for (let b = 0; b < dim; b++) {
    const p = st + <usize>load<i32>(frame + ((<usize>b) << 2));
    const r = v128.load(p),
      i = v128.load(p, 16);
    v128.store(prob + ((<usize>b) << 4), f32x4.add(f32x4.mul(r, r), f32x4.mul(i, i)));
  }
  const rowBytes = (<usize>n) << 2;
  for (let q = 0; q < n; q++) {
    const h = 1 << (n - 1 - q);
    let plus = f32x4.splat(0),
      minus = f32x4.splat(0);
    for (let hi = 0; hi < dim; hi += h << 1) {
      for (let lo = 0; lo < h; lo++) {
        const o = prob + ((<usize>(hi + lo)) << 4);
        plus = f32x4.add(plus, v128.load(o));
        minus = f32x4.add(minus, v128.load(o + ((<usize>h) << 4)));
      }
    }
    const acc = f32x4.sub(plus, minus);
    const out = z + ((<usize>(block * 4 * n + q)) << 2);
    store<f32>(out, f32x4.extract_lane(acc, 0));
    store<f32>(out + rowBytes, f32x4.extract_lane(acc, 1));
    store<f32>(out + 2 * rowBytes, f32x4.extract_lane(acc, 2));
    store<f32>(out + 3 * rowBytes, f32x4.extract_lane(acc, 3));
  }
}

/** ⟨Z⟩ of blocks [from, to): x and z row-major [P, n] (P a multiple of 4). */
export function forward(
  prog: usize,
  n: i32,
  coef: usize,
  x: usize,
  z: usize,
  from: i32,
  to: i32,
  scratch: usize,
): void {
  for (let block = from; block < to; block++) {
    const st = forwardBlock(scratch, 0, n, prog, coef, x, block, scratch);
    readout(st, n, prog, z, block, weightsAt(scratch, n));
  }
}

/** Conjugate-contract amplitude pair (u, v) with a one-qubit state a: u·ā0 + v·ā1, at dst. */
// @inline
function contractPair(u: usize, v: usize, a: usize, dst: usize): void {
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

/** Adds a gradient: slot ≥ 0 into the chunk's v128 sums, slot −1 (`exact` only) π·it to dx. */
function addGradient(
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

/** Whether qubit j's prefix gradients come from host K's (flag 1 on its prefix gates). */
function prefixUsesK(prog: usize, prefix: i32, j: i32): bool {
  for (let g = 0; g < prefix; g++) {
    const gp = prefixAt(prog, g);
    if (load<i32>(gp, 4) == j) return load<i32>(gp, 12) != 0;
  }
  return false;
}

/**
 * The three sums Im tr(K·R) needs, R_ba = ψ_b·conj(λ_a) for one-qubit ψ and λ (as in
 * backwardFused): Im R00 − Im R11, Im R10 + Im R01, Re R10 − Re R01, to out (three v128).
 */
function crossSums(psi: usize, lam: usize, out: usize): void {
  const pr0 = v128.load(psi),
    pi0 = v128.load(psi, 16),
    pr1 = v128.load(psi, 32),
    pi1 = v128.load(psi, 48);
  const lr0 = v128.load(lam),
    li0 = v128.load(lam, 16),
    lr1 = v128.load(lam, 32),
    li1 = v128.load(lam, 48);
  v128.store(
    out,
    f32x4.sub(
      f32x4.sub(f32x4.mul(pi0, lr0), f32x4.mul(pr0, li0)),
      f32x4.sub(f32x4.mul(pi1, lr1), f32x4.mul(pr1, li1)),
    ),
  );
  v128.store(
    out,
    f32x4.add(
      f32x4.sub(f32x4.mul(pi1, lr0), f32x4.mul(pr1, li0)),
      f32x4.sub(f32x4.mul(pi0, lr1), f32x4.mul(pr0, li1)),
    ),
    16,
  );
  v128.store(
    out,
    f32x4.sub(
      f32x4.add(f32x4.mul(pr1, lr0), f32x4.mul(pi1, li0)),
      f32x4.add(f32x4.mul(pr0, lr1), f32x4.mul(pi0, li1)),
    ),
    32,
  );
}

/**
 * Fused op fp walked back: the sums of R = Σ ψ_b·conj(λ_a) its members' gradients need
 * (Im R00 − Im R11, Im R10 + Im R01, Re R10 − Re R01), taken after the run, then ψ (unless
 * `keepPsi`) and λ carried back through U†. Each member's gradient goes out with addGradient.
 */
function backwardFused(
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

/**
 * Gradients of E = Σ dz·⟨Z⟩ for blocks [from, to) (from a multiple of CHUNK): per chunk of CHUNK
 * blocks, slot s's four lanes' ∂E/∂θ summed as a v128 at grads + 16·(chunk·slotCount + s)
 * (chunk counted from `from`); with `exact`, ∂E/∂x added to dx row-major [P, n] (zeroed by the
 * caller). `snaps`, if not 0,
 * has room for fusedCount + 1 states (32·2ⁿ bytes each): the forward keeps them there, so the
 * backward reads ψ instead of un-computing it.
 */
export function backward(
  prog: usize,
  n: i32,
  coef: usize,
  x: usize,
  dz: usize,
  grads: usize,
  dx: usize,
  exact: bool,
  from: i32,
  to: i32,
  scratch: usize,
  snaps: usize,
): void {
  const dim = 1 << n;
  const stateBytes = (<usize>32) << n;
  const lam = lamAt(scratch, n);
  const env = envAt(scratch, n);
  const tmp = tmpAt(scratch, n);
  const weights = weightsAt(scratch, n);
  const amps = ampsAt(scratch, n);
  const mu = muAt(scratch, n);
  const enc = encAt(scratch, n);
  const dzv = dzAt(scratch, n);
  const prefix = load<i32>(prog, 4);
  const fused = load<i32>(prog);
  const slots = load<i32>(prog, 8);
  const frame = prog + ((<usize>load<i32>(prog, 12)) << 2);
  const rowBytes = (<usize>n) << 2;
  for (let block = from; block < to; block++) {
    const chunkBase = grads + ((<usize>(((block - from) / CHUNK) * slots)) << 4);
    if ((block - from) % CHUNK == 0) memory.fill(chunkBase, 0, (<usize>slots) << 4);
    const psi = forwardBlock(scratch, snaps, n, prog, coef, x, block, scratch);
    // λ_b = w_b·ψ_b with w_b = Σ_q dz_q·(±1), built by doubling (qubit 0 most significant).
    const dzBase = dz + ((<usize>(block * 4 * n)) << 2);
    for (let q = 0; q < n; q++) {
      const p = dzBase + ((<usize>q) << 2);
      let d = f32x4.splat(load<f32>(p));
      d = f32x4.replace_lane(d, 1, load<f32>(p + rowBytes));
      d = f32x4.replace_lane(d, 2, load<f32>(p + 2 * rowBytes));
      d = f32x4.replace_lane(d, 3, load<f32>(p + 3 * rowBytes));
      v128.store(dzv + ((<usize>q) << 4), d);
    }
    v128.store(weights, f32x4.splat(0));
    for (let q = 0, len = 1; q < n; q++, len <<= 1) {
      const d = v128.load(dzv + ((<usize>q) << 4));
      for (let k = len - 1; k >= 0; k--) {
        const w = v128.load(weights + ((<usize>k) << 4));
        v128.store(weights + ((<usize>k) << 5), f32x4.add(w, d));
        v128.store(weights + ((<usize>k) << 5), f32x4.sub(w, d), 16);
      }
    }
    for (let b = 0; b < dim; b++) {
      const o = <usize>load<i32>(frame + ((<usize>b) << 2));
      const w = v128.load(weights + ((<usize>b) << 4));
      v128.store(lam + o, f32x4.mul(w, v128.load(psi + o)));
      v128.store(lam + o, f32x4.mul(w, v128.load(psi + o, 16)), 16);
    }
    // The entangled part, op by op, down to the product state (ψ there is not needed): ψ after
    // op f is the kept state f + 1, or un-computed in place without `snaps`.
    for (let f = fused - 1; f >= 0; f--) {
      const fp = fusedAt(prog, f);
      const after = snaps ? snaps + <usize>(f + 1) * stateBytes : psi;
      if (load<i32>(fp) >= LONE_RX) {
        const grad = backwardLone(after, lam, n, prog, fp, coef);
        const slot = load<i32>(prog + ((<usize>load<i32>(fp, 8)) << 2));
        addGradient(grad, slot, 0, n, block, chunkBase, dx);
        if (!snaps && f > 0) applyLone(psi, psi, n, prog, fp, coef, true);
        continue;
      }
      fusedMatrix(fp, coef, enc, tmp);
      backwardFused(
        after,
        lam,
        n,
        prog,
        fp,
        coef,
        tmp,
        !snaps && f > 0,
        block,
        chunkBase,
        dx,
        exact,
      );
    }
    // μ_j: λ contracted with every qubit's prefix state but j's. S_j (λ over qubits > j
    // contracted, 2^(j+1) entries, qubit j least significant) at env + 32·(2^(j+1) − 2).
    for (let j = n - 2; j >= 0; j--) {
      const src = j == n - 2 ? lam : env + ((<usize>((2 << (j + 1)) - 2)) << 5);
      const dst = env + ((<usize>((2 << j) - 2)) << 5);
      const a = amps + ((<usize>(j + 1)) << 6);
      for (let i = 0; i < 2 << j; i++) {
        contractPair(
          src + ((<usize>i) << 6),
          src + ((<usize>i) << 6) + 32,
          a,
          dst + ((<usize>i) << 5),
        );
      }
    }
    // From the last qubit down: qubit j's walk un-computes a_j, which only μ_0 … μ_{j−1}'s
    // suffixes (already built) and no later μ use.
    for (let j = n - 1; j >= 0; j--) {
      let src = j == n - 1 ? lam : env + ((<usize>((2 << j) - 2)) << 5);
      // Contract the more significant qubits 0 … j−1 (the leading index bit first).
      for (let k = 0, half = 1 << j; k < j; k++, half >>= 1) {
        const a = amps + ((<usize>k) << 6);
        for (let i = 0; i < half; i++) {
          contractPair(
            src + ((<usize>i) << 5),
            src + ((<usize>(i + half)) << 5),
            a,
            tmp + ((<usize>i) << 5),
          );
        }
        src = tmp;
      }
      const aj = amps + ((<usize>j) << 6);
      if (prefixUsesK(prog, prefix, j)) {
        // R = a_j·μ_j†: every prefix gradient of qubit j is Im tr(K·R), K from the host.
        crossSums(aj, src, mu);
        const e = v128.load(mu),
          f = v128.load(mu, 16),
          h = v128.load(mu, 32);
        for (let g = prefix - 1; g >= 0; g--) {
          const gp = prefixAt(prog, g);
          if (load<i32>(gp, 4) != j || (load<i32>(gp) == OP_ENCODE && !exact)) continue;
          const k = coef + ((<usize>(2 * prefix + 4 * g)) << 2);
          const grad = f32x4.add(
            f32x4.mul(f32x4.splat(load<f32>(k)), e),
            f32x4.add(
              f32x4.mul(f32x4.splat(load<f32>(k, 4)), f),
              f32x4.mul(f32x4.splat(load<f32>(k, 8)), h),
            ),
          );
          addGradient(grad, load<i32>(gp, 8), j, n, block, chunkBase, dx);
        }
        continue;
      }
      memory.copy(mu, src, 64);
      // Qubit j's prefix gates, walked back in two dimensions.
      for (let g = prefix - 1; g >= 0; g--) {
        const gp = prefixAt(prog, g);
        if (load<i32>(gp, 4) != j) continue;
        const op = load<i32>(gp);
        if (op != OP_ENCODE || exact) {
          addGradient(prefixGradient(aj, mu, op), load<i32>(gp, 8), j, n, block, chunkBase, dx);
        }
        applyPrefixGate(aj, prog, coef, enc, g, true);
        applyPrefixGate(mu, prog, coef, enc, g, true);
      }
    }
  }
}

/**
 * The SIMD peak of this runtime on one core: `iterations` rounds of eight independent f32x4
 * a = a·m + c chains (independent so the latencies overlap), 64 flops per round. Returns a
 * lane sum so the loop cannot be removed.
 */
export function peakLoop(iterations: i32): f32 {
  let a0 = f32x4.splat(1),
    a1 = f32x4.splat(2),
    a2 = f32x4.splat(3),
    a3 = f32x4.splat(4),
    a4 = f32x4.splat(5),
    a5 = f32x4.splat(6),
    a6 = f32x4.splat(7),
    a7 = f32x4.splat(8);
  const m = f32x4.splat(0.9999999),
    c = f32x4.splat(1e-7);
  for (let i = 0; i < iterations; i++) {
    a0 = f32x4.add(f32x4.mul(a0, m), c);
    a1 = f32x4.add(f32x4.mul(a1, m), c);
    a2 = f32x4.add(f32x4.mul(a2, m), c);
    a3 = f32x4.add(f32x4.mul(a3, m), c);
    a4 = f32x4.add(f32x4.mul(a4, m), c);
    a5 = f32x4.add(f32x4.mul(a5, m), c);
    a6 = f32x4.add(f32x4.mul(a6, m), c);
    a7 = f32x4.add(f32x4.mul(a7, m), c);
  }
  const s = f32x4.add(
    f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)),
    f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7)),
  );
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 3);
}
