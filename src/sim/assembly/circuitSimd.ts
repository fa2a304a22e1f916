/*
 * The CPU kernel (AssemblyScript → WebAssembly SIMD): executes a compiled circuit program
 * (src/sim/circuitProgram.ts) for four windows at once, one window per f32x4 lane, forward and
 * adjoint backward. Built by scripts/build-wasm.mjs; wired in src/sim/simdCpu.ts.
 *
 * Everything is raw linear memory laid out by the caller (simdKernel.ts), so the module has no
 * allocator and no runtime. Per block of four windows, a state is 2ⁿ amplitudes, each two v128
 * (re, then im, of the four windows): amplitude b at base + 32·b.
 *
 * Program: four i32 per gate, [op, a, b, param]: op 0 encode RY(π·x_a) on qubit a; 1/2/3 a
 * rotation RX/RY/RZ(θ) on qubit a; 4 CNOT control a, target b; 5 a run of CNOTs as one basis
 * permutation: at prog + 4·a, 2ⁿ i32 sources (amplitude b takes what src[b] held), then the
 * 2ⁿ sources of its inverse (the host compiles the runs, after the gate records). `trig` holds, per gate, f32
 * cos(θ/2), sin(θ/2) of its parameter (the caller's, once per call).
 *
 * Backward (adjoint method, docs/model.md): λ = O·ψ with O = Σ_q dz_q·Z_q; walking the gates
 * backwards, a rotation exp(−iθσ/2) contributes ∂E/∂θ = Im⟨λ|σ|ψ⟩ (ψ, λ after the gate), then
 * both are carried back through G† (unitary: the state is un-computed, never stored).
 *
 * Product prefix: every gate before the program's first CNOT acts on one qubit, so up to there
 * the state is a product of one-qubit states, kept as n two-amplitude states and expanded (a
 * Kronecker product) at the first CNOT. Backward, λ at that point is contracted with every
 * qubit's state but one (μ_j), and each qubit's prefix gates are walked back in two dimensions.
 * Any family gains (its encoding and first rotations); nothing here knows which family it runs.
 *
 * Scratch per thread (bytes, dim = 2ⁿ): ψ, λ (32·dim each), the contractions (32·dim), a
 * temporary (16·dim), the permutation's buffer (32·dim), then per qubit its prefix state (64), μ (64), the encoding's cos and sin
 * (32), the cotangent dz (16). scratchBytes(n) is the total.
 */

const OP_ENCODE = 0;
const OP_RX = 1;
const OP_RY = 2;
const OP_RZ = 3;
const OP_CNOT = 4;
const OP_PERMUTE = 5;
const HALF_PI: f32 = 1.5707963267948966;

export function heapBase(): usize {
  return __heap_base;
}

export function scratchBytes(n: i32): i32 {
  return (1 << n) * 144 + n * 128 + 64;
}

// Offsets of the small per-block regions (see the file overview).
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

/** Index of the first CNOT: every gate before it acts on one qubit. */
function prefixEnd(prog: usize, gateCount: i32): i32 {
  let g = 0;
  while (g < gateCount && load<i32>(prog + ((<usize>g) << 4)) < OP_CNOT) g++;
  return g;
}

function permAt(scratch: usize, n: i32): usize {
  return scratch + ((<usize>1) << n) * 112;
}

/** ψ'[b] = ψ[src[b]] through the buffer at buf. */
function applyPermute(st: usize, n: i32, src: usize, buf: usize): void {
  const dim = 1 << n;
  for (let b = 0; b < dim; b++) {
    const from = st + ((<usize>load<i32>(src + ((<usize>b) << 2))) << 5);
    const to = buf + ((<usize>b) << 5);
    v128.store(to, v128.load(from));
    v128.store(to, v128.load(from, 16), 16);
  }
  memory.copy(st, buf, (<usize>dim) << 5);
}

// @inline
function stride(n: i32, q: i32): i32 {
  return 1 << (n - 1 - q);
}

/** A real rotation [[c, −s], [s, c]] on qubit q (RY; RY† with −s). */
function applyRy(st: usize, n: i32, q: i32, c: v128, s: v128): void {
  const dim = 1 << n;
  const h = stride(n, q);
  for (let hi = 0; hi < dim; hi += h << 1) {
    for (let lo = 0; lo < h; lo++) {
      const p0 = st + ((<usize>(hi + lo)) << 5);
      const p1 = p0 + ((<usize>h) << 5);
      const r0 = v128.load(p0),
        i0 = v128.load(p0, 16),
        r1 = v128.load(p1),
        i1 = v128.load(p1, 16);
      v128.store(p0, f32x4.sub(f32x4.mul(c, r0), f32x4.mul(s, r1)));
      v128.store(p0, f32x4.sub(f32x4.mul(c, i0), f32x4.mul(s, i1)), 16);
      v128.store(p1, f32x4.add(f32x4.mul(s, r0), f32x4.mul(c, r1)));
      v128.store(p1, f32x4.add(f32x4.mul(s, i0), f32x4.mul(c, i1)), 16);
    }
  }
}

/** RX = [[c, −is], [−is, c]] (RX† with −s). */
function applyRx(st: usize, n: i32, q: i32, c: v128, s: v128): void {
  const dim = 1 << n;
  const h = stride(n, q);
  for (let hi = 0; hi < dim; hi += h << 1) {
    for (let lo = 0; lo < h; lo++) {
      const p0 = st + ((<usize>(hi + lo)) << 5);
      const p1 = p0 + ((<usize>h) << 5);
      const r0 = v128.load(p0),
        i0 = v128.load(p0, 16),
        r1 = v128.load(p1),
        i1 = v128.load(p1, 16);
      v128.store(p0, f32x4.add(f32x4.mul(c, r0), f32x4.mul(s, i1)));
      v128.store(p0, f32x4.sub(f32x4.mul(c, i0), f32x4.mul(s, r1)), 16);
      v128.store(p1, f32x4.add(f32x4.mul(s, i0), f32x4.mul(c, r1)));
      v128.store(p1, f32x4.sub(f32x4.mul(c, i1), f32x4.mul(s, r0)), 16);
    }
  }
}

/** RZ = diag(c − is, c + is) (RZ† with −s). */
function applyRz(st: usize, n: i32, q: i32, c: v128, s: v128): void {
  const dim = 1 << n;
  const h = stride(n, q);
  for (let hi = 0; hi < dim; hi += h << 1) {
    for (let lo = 0; lo < h; lo++) {
      const p0 = st + ((<usize>(hi + lo)) << 5);
      const p1 = p0 + ((<usize>h) << 5);
      const r0 = v128.load(p0),
        i0 = v128.load(p0, 16),
        r1 = v128.load(p1),
        i1 = v128.load(p1, 16);
      v128.store(p0, f32x4.add(f32x4.mul(c, r0), f32x4.mul(s, i0)));
      v128.store(p0, f32x4.sub(f32x4.mul(c, i0), f32x4.mul(s, r0)), 16);
      v128.store(p1, f32x4.sub(f32x4.mul(c, r1), f32x4.mul(s, i1)));
      v128.store(p1, f32x4.add(f32x4.mul(c, i1), f32x4.mul(s, r1)), 16);
    }
  }
}

/** CNOT: swap the target's two amplitudes wherever the control is 1 (its own inverse). */
function applyCnot(st: usize, n: i32, control: i32, target: i32): void {
  const dim = 1 << n;
  const cm = stride(n, control);
  const tm = stride(n, target);
  for (let b = 0; b < dim; b++) {
    if ((b & cm) == 0 || (b & tm) != 0) continue;
    const p0 = st + ((<usize>b) << 5);
    const p1 = st + ((<usize>(b | tm)) << 5);
    const r0 = v128.load(p0),
      i0 = v128.load(p0, 16);
    v128.store(p0, v128.load(p1));
    v128.store(p0, v128.load(p1, 16), 16);
    v128.store(p1, r0);
    v128.store(p1, i0, 16);
  }
}

/** Per-lane cos and sin of π·x_q/2 for the block's four windows, cached at enc (x is [P, n]). */
function encodeTrig(x: usize, n: i32, block: i32, enc: usize): void {
  const rowBytes = (<usize>n) << 2;
  for (let q = 0; q < n; q++) {
    const base = x + ((<usize>(block * 4 * n + q)) << 2);
    let c = f32x4.splat(0),
      s = f32x4.splat(0);
    for (let lane = 0; lane < 4; lane++) {
      const a = <f64>load<f32>(base + <usize>lane * rowBytes) * HALF_PI;
      // Lanes are compile-time constants in wasm: unrolled by the switch.
      const cv = <f32>Math.cos(a),
        sv = <f32>Math.sin(a);
      if (lane == 0) {
        c = f32x4.replace_lane(c, 0, cv);
        s = f32x4.replace_lane(s, 0, sv);
      } else if (lane == 1) {
        c = f32x4.replace_lane(c, 1, cv);
        s = f32x4.replace_lane(s, 1, sv);
      } else if (lane == 2) {
        c = f32x4.replace_lane(c, 2, cv);
        s = f32x4.replace_lane(s, 2, sv);
      } else {
        c = f32x4.replace_lane(c, 3, cv);
        s = f32x4.replace_lane(s, 3, sv);
      }
    }
    v128.store(enc + ((<usize>q) << 5), c);
    v128.store(enc + ((<usize>q) << 5), s, 16);
  }
}

/**
 * Gate g (or its adjoint) on the state at st of `sn` qubits; `sq` is its qubit there (the
 * program's qubit on the full state, 0 on a prefix's one-qubit state).
 */
function applyGate(
  st: usize,
  sn: i32,
  sq: i32,
  prog: usize,
  trig: usize,
  enc: usize,
  buf: usize,
  g: i32,
  adjoint: bool,
): void {
  const gp = prog + ((<usize>g) << 4);
  const op = load<i32>(gp);
  if (op == OP_CNOT) {
    applyCnot(st, sn, load<i32>(gp, 4), load<i32>(gp, 8));
    return;
  }
  if (op == OP_PERMUTE) {
    const table = prog + ((<usize>load<i32>(gp, 4)) << 2) + (adjoint ? ((<usize>1) << sn) << 2 : 0);
    applyPermute(st, sn, table, buf);
    return;
  }
  let c: v128, s: v128;
  if (op == OP_ENCODE) {
    const e = enc + ((<usize>load<i32>(gp, 4)) << 5);
    c = v128.load(e);
    s = v128.load(e, 16);
  } else {
    c = f32x4.splat(load<f32>(trig + ((<usize>g) << 3)));
    s = f32x4.splat(load<f32>(trig + ((<usize>g) << 3), 4));
  }
  if (adjoint) s = f32x4.neg(s);
  if (op == OP_RX) applyRx(st, sn, sq, c, s);
  else if (op == OP_RZ) applyRz(st, sn, sq, c, s);
  else applyRy(st, sn, sq, c, s);
}

/** The program on |0…0⟩ for one block (prefix as product state); final state left at st. */
function forwardBlock(
  st: usize,
  n: i32,
  prog: usize,
  gateCount: i32,
  prefix: i32,
  trig: usize,
  x: usize,
  block: i32,
  scratch: usize,
): void {
  const amps = ampsAt(scratch, n);
  const enc = encAt(scratch, n);
  encodeTrig(x, n, block, enc);
  const zero = f32x4.splat(0);
  for (let q = 0; q < n; q++) {
    const a = amps + ((<usize>q) << 6);
    v128.store(a, f32x4.splat(1));
    v128.store(a, zero, 16);
    v128.store(a, zero, 32);
    v128.store(a, zero, 48);
  }
  for (let g = 0; g < prefix; g++) {
    const q = load<i32>(prog + ((<usize>g) << 4), 4);
    applyGate(amps + ((<usize>q) << 6), 1, 0, prog, trig, enc, 0, g, false);
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
  for (let g = prefix; g < gateCount; g++) {
    const gp = prog + ((<usize>g) << 4);
    applyGate(st, n, load<i32>(gp, 4), prog, trig, enc, permAt(scratch, n), g, false);
  }
}

/** ⟨Z_q⟩ = Σ_b |ψ_b|²·(±1) for the block's four windows, written row-major into z [P, n]. */
function readout(st: usize, n: i32, z: usize, block: i32): void {
  const dim = 1 << n;
  for (let q = 0; q < n; q++) {
    const m = stride(n, q);
    let acc = f32x4.splat(0);
    for (let b = 0; b < dim; b++) {
      const p = st + ((<usize>b) << 5);
      const r = v128.load(p),
        i = v128.load(p, 16);
      const prob = f32x4.add(f32x4.mul(r, r), f32x4.mul(i, i));
      acc = (b & m) == 0 ? f32x4.add(acc, prob) : f32x4.sub(acc, prob);
    }
    const out = z + ((<usize>(block * 4 * n + q)) << 2);
    const rowBytes = (<usize>n) << 2;
    store<f32>(out, f32x4.extract_lane(acc, 0));
    store<f32>(out + rowBytes, f32x4.extract_lane(acc, 1));
    store<f32>(out + 2 * rowBytes, f32x4.extract_lane(acc, 2));
    store<f32>(out + 3 * rowBytes, f32x4.extract_lane(acc, 3));
  }
}

/** ⟨Z⟩ of blocks [from, to): x and z row-major [P, n] (P a multiple of 4). */
export function forward(
  prog: usize,
  gateCount: i32,
  n: i32,
  trig: usize,
  x: usize,
  z: usize,
  from: i32,
  to: i32,
  scratch: usize,
): void {
  const prefix = prefixEnd(prog, gateCount);
  for (let block = from; block < to; block++) {
    forwardBlock(scratch, n, prog, gateCount, prefix, trig, x, block, scratch);
    readout(scratch, n, z, block);
  }
}

/** Im⟨λ|σ|ψ⟩ per lane for a rotation axis σ on qubit q (σ_y for the encoding). */
function rotationGradient(psi: usize, lam: usize, n: i32, q: i32, op: i32): v128 {
  const dim = 1 << n;
  const h = stride(n, q);
  let acc = f32x4.splat(0);
  for (let hi = 0; hi < dim; hi += h << 1) {
    for (let lo = 0; lo < h; lo++) {
      const o0 = (<usize>(hi + lo)) << 5;
      const o1 = o0 + ((<usize>h) << 5);
      const pr0 = v128.load(psi + o0),
        pi0 = v128.load(psi + o0, 16),
        pr1 = v128.load(psi + o1),
        pi1 = v128.load(psi + o1, 16);
      const lr0 = v128.load(lam + o0),
        li0 = v128.load(lam + o0, 16),
        lr1 = v128.load(lam + o1),
        li1 = v128.load(lam + o1, 16);
      if (op == OP_RX) {
        // (λr0·ψi1 − λi0·ψr1) + (λr1·ψi0 − λi1·ψr0)
        acc = f32x4.add(acc, f32x4.sub(f32x4.mul(lr0, pi1), f32x4.mul(li0, pr1)));
        acc = f32x4.add(acc, f32x4.sub(f32x4.mul(lr1, pi0), f32x4.mul(li1, pr0)));
      } else if (op == OP_RZ) {
        // (λr0·ψi0 − λi0·ψr0) − (λr1·ψi1 − λi1·ψr1)
        acc = f32x4.add(acc, f32x4.sub(f32x4.mul(lr0, pi0), f32x4.mul(li0, pr0)));
        acc = f32x4.sub(acc, f32x4.sub(f32x4.mul(lr1, pi1), f32x4.mul(li1, pr1)));
      } else {
        // (λr1·ψr0 + λi1·ψi0) − (λr0·ψr1 + λi0·ψi1)
        acc = f32x4.add(acc, f32x4.add(f32x4.mul(lr1, pr0), f32x4.mul(li1, pi0)));
        acc = f32x4.sub(acc, f32x4.add(f32x4.mul(lr0, pr1), f32x4.mul(li0, pi1)));
      }
    }
  }
  return acc;
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

/** The gradient of a gate: ∂E/∂θ lanes to gateGrads, or (encoding, `exact`) π·∂E/∂x to dx. */
function storeGradient(
  grad: v128,
  op: i32,
  g: i32,
  q: i32,
  n: i32,
  block: i32,
  gradBase: usize,
  dx: usize,
): void {
  if (op == OP_ENCODE) {
    const rowBytes = (<usize>n) << 2;
    const out = dx + ((<usize>(block * 4 * n + q)) << 2);
    const scaled = f32x4.mul(grad, f32x4.splat(<f32>Math.PI));
    store<f32>(out, f32x4.extract_lane(scaled, 0));
    store<f32>(out + rowBytes, f32x4.extract_lane(scaled, 1));
    store<f32>(out + 2 * rowBytes, f32x4.extract_lane(scaled, 2));
    store<f32>(out + 3 * rowBytes, f32x4.extract_lane(scaled, 3));
  } else {
    v128.store(gradBase + ((<usize>g) << 4), grad);
  }
}

/**
 * Gradients of E = Σ dz·⟨Z⟩ for blocks [from, to): per block and gate, the four lanes'
 * ∂E/∂θ as a v128 at gateGrads + 16·(block·gateCount + g) (the caller sums them in a fixed
 * order, so any split of blocks across threads gives the same bits; slots of gates without a
 * parameter are left alone); with `exact`, ∂E/∂x into dx row-major [P, n].
 */
export function backward(
  prog: usize,
  gateCount: i32,
  n: i32,
  trig: usize,
  x: usize,
  dz: usize,
  gateGrads: usize,
  dx: usize,
  exact: bool,
  from: i32,
  to: i32,
  scratch: usize,
): void {
  const dim = 1 << n;
  const psi = scratch;
  const lam = scratch + ((<usize>dim) << 5);
  const env = lam + ((<usize>dim) << 5);
  const tmp = env + ((<usize>dim) << 5);
  const buf = permAt(scratch, n);
  const amps = ampsAt(scratch, n);
  const mu = muAt(scratch, n);
  const enc = encAt(scratch, n);
  const dzv = dzAt(scratch, n);
  const prefix = prefixEnd(prog, gateCount);
  const rowBytes = (<usize>n) << 2;
  for (let block = from; block < to; block++) {
    forwardBlock(psi, n, prog, gateCount, prefix, trig, x, block, scratch);
    // λ_b = (Σ_q dz_q·Z_q(b))·ψ_b
    const dzBase = dz + ((<usize>(block * 4 * n)) << 2);
    for (let q = 0; q < n; q++) {
      const p = dzBase + ((<usize>q) << 2);
      let d = f32x4.splat(0);
      d = f32x4.replace_lane(d, 0, load<f32>(p));
      d = f32x4.replace_lane(d, 1, load<f32>(p + rowBytes));
      d = f32x4.replace_lane(d, 2, load<f32>(p + 2 * rowBytes));
      d = f32x4.replace_lane(d, 3, load<f32>(p + 3 * rowBytes));
      v128.store(dzv + ((<usize>q) << 4), d);
    }
    for (let b = 0; b < dim; b++) {
      let w = f32x4.splat(0);
      for (let q = 0; q < n; q++) {
        const d = v128.load(dzv + ((<usize>q) << 4));
        w = (b & stride(n, q)) == 0 ? f32x4.add(w, d) : f32x4.sub(w, d);
      }
      const o = (<usize>b) << 5;
      v128.store(lam + o, f32x4.mul(w, v128.load(psi + o)));
      v128.store(lam + o, f32x4.mul(w, v128.load(psi + o, 16)), 16);
    }
    const gradBase = gateGrads + ((<usize>block * gateCount) << 4);
    // The entangled part, gate by gate, down to the product state.
    for (let g = gateCount - 1; g >= prefix; g--) {
      const gp = prog + ((<usize>g) << 4);
      const op = load<i32>(gp);
      const q = load<i32>(gp, 4);
      if (op < OP_CNOT) {
        storeGradient(rotationGradient(psi, lam, n, q, op), op, g, q, n, block, gradBase, dx);
      }
      if (g > prefix) applyGate(psi, n, q, prog, trig, enc, buf, g, true);
      applyGate(lam, n, q, prog, trig, enc, buf, g, true);
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
      memory.copy(mu, src, 64);
      // Qubit j's prefix gates, walked back in two dimensions.
      const aj = amps + ((<usize>j) << 6);
      for (let g = prefix - 1; g >= 0; g--) {
        const gp = prog + ((<usize>g) << 4);
        if (load<i32>(gp, 4) != j) continue;
        const op = load<i32>(gp);
        if (op == OP_ENCODE && !exact) break;
        storeGradient(rotationGradient(aj, mu, 1, 0, op), op, g, j, n, block, gradBase, dx);
        applyGate(aj, 1, 0, prog, trig, enc, 0, g, true);
        applyGate(mu, 1, 0, prog, trig, enc, 0, g, true);
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
