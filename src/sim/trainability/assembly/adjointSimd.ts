/*
 * The trainability adjoint (AssemblyScript → WebAssembly SIMD, f64x2): one sample's every
 * gradient, the lanes holding two neighbouring amplitudes of that sample (not two samples: a
 * random-axis gate is then one axis per kernel call, so each gate runs its own few products
 * instead of the general 2×2 on every lane). Built by scripts/build-wasm.mjs; the host side is
 * src/sim/trainability/wasmAdjoint.ts, which lays out memory and writes the program. One file
 * past 400 lines on purpose: the kernels read the tile geometry and D from module globals that
 * gate() and sample() set, which another module could read but not assign.
 *
 * Memory (bytes, D = 2ⁿ·8): ψ re at psi, ψ im at psi + D, λ re at psi + 2D, λ im at psi + 3D.
 * Gate g: i32 [stride (amplitudes), kind 0/1/2 RX/RY/RZ, 3 a fixed 2×2, param or −1, matrix]
 * at gates + 16g; f64 [cos θ/2, sin θ/2] at coefs + 16g; a fixed gate's U then U† (8 f64 each,
 * u00 u01 u10 u11 as re, im) at mats + 128·matrix. Ops, 8 i32 each:
 *   [1, first gate, high count, low count, diag, kept]: a run of one-qubit gates (the first
 *     `high` on qubits of stride ≥ T, then the rest), then × diag table `diag` (−1: none); kept:
 *     its copy of ψ's index (run1q), −1 none;
 *   [2, diag]: × a diag table; [3, control bit, target bit]: a CNOT.
 *
 * Why the runs are tiled: gates on different qubits commute, and so does a rotation with its own
 * generator, so a run's gates can be applied qubit group by qubit group and a rotation's gradient
 * Im⟨λ|σ|ψ⟩ read anywhere inside its run. The low qubits (stride < T = 2^12 amplitudes) go
 * block by block (a block of ψ and λ, 128 KiB, stays in L2 while every low gate passes over it),
 * the high ones column strip by column strip (2^(n−12) rows of W amplitudes, W·2^(n−12) = 8192),
 * so a run costs two passes over memory, not one per gate. Measured at n = 16 (McClean, AMD
 * EPYC): 2^10-amplitude blocks with 16-amplitude strips took twice as long, the strips' rows
 * 8 KiB apart all falling in the same L1 sets; 2^12 blocks and 8192-amplitude strips run at
 * n = 14's speed per amplitude. The backward pass un-computes ψ (two states, never one
 * per gate) and fuses each gate's gradient with carrying ψ and λ back through it.
 */

// Axis tags for the generic kernels (told apart by size at compile time, so each is its own loop).
type AxisX = u8;
type AxisY = u16;
type AxisZ = u32;

const LOW_BITS = 12;
const STRIP_AMPS = 8192;

let D: usize = 0;
let dim: i32 = 0;
let T: i32 = 0;
let W: i32 = 0;
let gatesAt: usize = 0;
let coefsAt: usize = 0;
let matsAt: usize = 0;
let diagsAt: usize = 0;
let gradsAt: usize = 0;
// The current gate's pairs inside a tile (gate() sets them): runsA·runsB runs of runBytes, run
// (a, b) at p + a·stepA + b·stepB, each amplitude's partner `partner` bytes further (stride 1:
// one run of runBytes, each vector a whole pair).
let runsA: i32 = 0;
let runsB: i32 = 0;
let stepA: usize = 0;
let stepB: usize = 0;
let runBytes: usize = 0;
let partner: usize = 0;

/**
 * Static methods so that `@inline` (AssemblyScript's, on a function a decorator Prettier cannot
 * parse) puts them into the loops.
 */
class V {
  @inline
  static swap(v: v128): v128 {
    return v128.shuffle<f64>(v, v, 1, 0);
  }

  @inline
  static pairOf(x: f64, y: f64): v128 {
    return f64x2.replace_lane(f64x2.splat(x), 1, y);
  }

  @inline
  static sum(v: v128): f64 {
    return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
  }

  /** u·x + v·y for complex u, v, x, y (each as re and im vectors): re at `at`, im at at + D. */
  @inline
  static storeProduct(
    at: usize,
    ur: v128,
    ui: v128,
    vr: v128,
    vi: v128,
    xr: v128,
    xi: v128,
    yr: v128,
    yi: v128,
  ): void {
    v128.store(
      at,
      f64x2.sub(
        f64x2.add(f64x2.mul(ur, xr), f64x2.mul(vr, yr)),
        f64x2.add(f64x2.mul(ui, xi), f64x2.mul(vi, yi)),
      ),
    );
    v128.store(
      at + D,
      f64x2.add(
        f64x2.add(f64x2.mul(ur, xi), f64x2.mul(vr, yi)),
        f64x2.add(f64x2.mul(ui, xr), f64x2.mul(vi, yr)),
      ),
    );
  }

  /** exp(−iθσ/2) (s = sin θ/2; −sin undoes it) on the pair of amplitude vectors at x and y. */
  @inline
  static rotatePair<T>(x: usize, y: usize, cv: v128, sv: v128): void {
    const r0 = v128.load(x);
    const i0 = v128.load(x + D);
    const r1 = v128.load(y);
    const i1 = v128.load(y + D);
    if (sizeof<T>() == 1) {
      v128.store(x, f64x2.add(f64x2.mul(cv, r0), f64x2.mul(sv, i1)));
      v128.store(x + D, f64x2.sub(f64x2.mul(cv, i0), f64x2.mul(sv, r1)));
      v128.store(y, f64x2.add(f64x2.mul(sv, i0), f64x2.mul(cv, r1)));
      v128.store(y + D, f64x2.sub(f64x2.mul(cv, i1), f64x2.mul(sv, r0)));
    } else if (sizeof<T>() == 2) {
      v128.store(x, f64x2.sub(f64x2.mul(cv, r0), f64x2.mul(sv, r1)));
      v128.store(x + D, f64x2.sub(f64x2.mul(cv, i0), f64x2.mul(sv, i1)));
      v128.store(y, f64x2.add(f64x2.mul(sv, r0), f64x2.mul(cv, r1)));
      v128.store(y + D, f64x2.add(f64x2.mul(sv, i0), f64x2.mul(cv, i1)));
    } else {
      v128.store(x, f64x2.add(f64x2.mul(cv, r0), f64x2.mul(sv, i0)));
      v128.store(x + D, f64x2.sub(f64x2.mul(cv, i0), f64x2.mul(sv, r0)));
      v128.store(y, f64x2.sub(f64x2.mul(cv, r1), f64x2.mul(sv, i1)));
      v128.store(y + D, f64x2.add(f64x2.mul(cv, i1), f64x2.mul(sv, r1)));
    }
  }

  /** Im⟨λ|σ|ψ⟩ summands of one pair (ψ at x, y; λ at x + dl, y + dl), lane by lane. */
  @inline
  static gradientPair<T>(x: usize, y: usize, dl: usize): v128 {
    const a0r = v128.load(x);
    const a0i = v128.load(x + D);
    const a1r = v128.load(y);
    const a1i = v128.load(y + D);
    const l0r = v128.load(x + dl);
    const l0i = v128.load(x + dl + D);
    const l1r = v128.load(y + dl);
    const l1i = v128.load(y + dl + D);
    if (sizeof<T>() == 1) {
      return f64x2.add(
        f64x2.sub(f64x2.mul(l0r, a1i), f64x2.mul(l0i, a1r)),
        f64x2.sub(f64x2.mul(l1r, a0i), f64x2.mul(l1i, a0r)),
      );
    } else if (sizeof<T>() == 2) {
      return f64x2.sub(
        f64x2.add(f64x2.mul(l1r, a0r), f64x2.mul(l1i, a0i)),
        f64x2.add(f64x2.mul(l0r, a1r), f64x2.mul(l0i, a1i)),
      );
    }
    return f64x2.add(
      f64x2.sub(f64x2.mul(l0r, a0i), f64x2.mul(l0i, a0r)),
      f64x2.sub(f64x2.mul(l1i, a1r), f64x2.mul(l1r, a1i)),
    );
  }
}

// What a kernel does to a gate's pairs: FORWARD rotates the state at p (sv = sin, or −sin to
// carry it back); BACK sums the gradient and carries ψ (at p) and λ (at p + dl) back; READ only
// sums the gradient (ψ a kept copy at p, λ at p + dl).
const FORWARD = 0;
const BACK = 1;
const READ = 3;
// (gate() only: LAMBDA carries the state at p back, λ alone, no gradient.)
const LAMBDA = 2;

/** A rotation on the current gate's pairs of the tile at p; `mode` as above. */
function rotateSet<T>(p: usize, c: f64, s: f64, mode: i32, dl: usize): f64 {
  const A = runsA;
  const Bn = runsB;
  const aStep = stepA;
  const bStep = stepB;
  const w = runBytes;
  const st = partner;
  const cv = f64x2.splat(c);
  const sv = f64x2.splat(s);
  let acc = f64x2.splat(0);
  for (let a = 0; a < A; a++) {
    for (let b = 0; b < Bn; b++) {
      const row = p + <usize>a * aStep + <usize>b * bStep;
      const end = row + w;
      if (mode == BACK) {
        for (let x = row; x < end; x += 16) {
          acc = f64x2.add(acc, V.gradientPair<T>(x, x + st, dl));
          V.rotatePair<T>(x, x + st, cv, sv);
          V.rotatePair<T>(x + dl, x + st + dl, cv, sv);
        }
      } else if (mode == READ) {
        for (let x = row; x < end; x += 16) {
          acc = f64x2.add(acc, V.gradientPair<T>(x, x + st, dl));
        }
      } else {
        for (let x = row; x < end; x += 16) V.rotatePair<T>(x, x + st, cv, sv);
      }
    }
  }
  return V.sum(acc);
}

/** The same for stride 1: each vector holds a whole pair (|…0⟩, |…1⟩); w bytes from p. */
function rotateAdjacent<T>(p: usize, c: f64, s: f64, mode: i32, dl: usize): f64 {
  const w = runBytes;
  const cv = f64x2.splat(c);
  const sv = f64x2.splat(s);
  const sm = V.pairOf(-s, s);
  let acc = f64x2.splat(0);
  const states = mode == BACK ? 2 : mode == READ ? 0 : 1;
  for (let x = p; x < p + w; x += 16) {
    if (mode != FORWARD) {
      const ar = v128.load(x);
      const ai = v128.load(x + D);
      const lr = v128.load(x + dl);
      const li = v128.load(x + dl + D);
      if (sizeof<T>() == 1) {
        acc = f64x2.add(acc, f64x2.sub(f64x2.mul(lr, V.swap(ai)), f64x2.mul(li, V.swap(ar))));
      } else if (sizeof<T>() == 2) {
        acc = f64x2.add(acc, f64x2.add(f64x2.mul(lr, V.swap(ar)), f64x2.mul(li, V.swap(ai))));
      } else {
        acc = f64x2.add(acc, f64x2.sub(f64x2.mul(lr, ai), f64x2.mul(li, ar)));
      }
    }
    for (let k = 0; k < states; k++) {
      const at = x + <usize>k * dl;
      const vr = v128.load(at);
      const vi = v128.load(at + D);
      if (sizeof<T>() == 1) {
        v128.store(at, f64x2.add(f64x2.mul(cv, vr), f64x2.mul(sv, V.swap(vi))));
        v128.store(at + D, f64x2.sub(f64x2.mul(cv, vi), f64x2.mul(sv, V.swap(vr))));
      } else if (sizeof<T>() == 2) {
        v128.store(at, f64x2.add(f64x2.mul(cv, vr), f64x2.mul(sm, V.swap(vr))));
        v128.store(at + D, f64x2.add(f64x2.mul(cv, vi), f64x2.mul(sm, V.swap(vi))));
      } else {
        v128.store(at, f64x2.sub(f64x2.mul(cv, vr), f64x2.mul(sm, vi)));
        v128.store(at + D, f64x2.add(f64x2.mul(cv, vi), f64x2.mul(sm, vr)));
      }
    }
  }
  // Y's first lane and Z's second carry the opposite sign
  if (sizeof<T>() == 2) return f64x2.extract_lane(acc, 1) - f64x2.extract_lane(acc, 0);
  if (sizeof<T>() == 4) return f64x2.extract_lane(acc, 0) - f64x2.extract_lane(acc, 1);
  return V.sum(acc);
}

/** A fixed 2×2 U (8 f64 at m) on the current gate's pairs of the tile at p. */
function matrixSet(p: usize, m: usize): void {
  const A = runsA;
  const Bn = runsB;
  const aStep = stepA;
  const bStep = stepB;
  const w = runBytes;
  const st = partner;
  const ar = f64x2.splat(load<f64>(m));
  const ai = f64x2.splat(load<f64>(m, 8));
  const br = f64x2.splat(load<f64>(m, 16));
  const bi = f64x2.splat(load<f64>(m, 24));
  const cr = f64x2.splat(load<f64>(m, 32));
  const ci = f64x2.splat(load<f64>(m, 40));
  const dr = f64x2.splat(load<f64>(m, 48));
  const di = f64x2.splat(load<f64>(m, 56));
  for (let a = 0; a < A; a++) {
    for (let b = 0; b < Bn; b++) {
      const row = p + <usize>a * aStep + <usize>b * bStep;
      for (let x = row; x < row + w; x += 16) {
        const y = x + st;
        const r0 = v128.load(x);
        const i0 = v128.load(x + D);
        const r1 = v128.load(y);
        const i1 = v128.load(y + D);
        V.storeProduct(x, ar, ai, br, bi, r0, i0, r1, i1);
        V.storeProduct(y, cr, ci, dr, di, r0, i0, r1, i1);
      }
    }
  }
}

/** A fixed 2×2 on stride 1 (each vector a whole pair). */
function matrixAdjacent(p: usize, m: usize): void {
  const w = runBytes;
  const diagR = V.pairOf(load<f64>(m), load<f64>(m, 48));
  const diagI = V.pairOf(load<f64>(m, 8), load<f64>(m, 56));
  const offR = V.pairOf(load<f64>(m, 16), load<f64>(m, 32));
  const offI = V.pairOf(load<f64>(m, 24), load<f64>(m, 40));
  for (let x = p; x < p + w; x += 16) {
    const vr = v128.load(x);
    const vi = v128.load(x + D);
    // lane 0: u00·x0 + u01·x1; lane 1: u11·x1 + u10·x0
    const sr = V.swap(vr);
    const si = V.swap(vi);
    V.storeProduct(x, diagR, diagI, offR, offI, vr, vi, sr, si);
  }
}

/**
 * Gate g over one tile at p: `high` a column strip (rows T apart), else a block of T; `mode` as
 * rotateSet's, or LAMBDA; BACK and READ add the gradient to grads[param].
 */
function gate(g: i32, p: usize, high: bool, mode: i32, dl: usize): void {
  const backward = mode != FORWARD;
  const rec = gatesAt + ((<usize>g) << 4);
  const stride = load<i32>(rec);
  const kind = load<i32>(rec, 4);
  const param = load<i32>(rec, 8);
  const adjacent = !high && stride == 1;
  partner = (<usize>stride) << 3;
  stepA = partner << 1;
  if (high) {
    runsB = stride / T;
    runsA = dim / T / runsB / 2;
    stepB = (<usize>T) << 3;
    runBytes = (<usize>W) << 3;
  } else {
    runsA = adjacent ? 1 : T / stride / 2;
    runsB = 1;
    stepB = 0;
    runBytes = adjacent ? (<usize>T) << 3 : partner;
  }
  if (kind == 3) {
    const m = matsAt + ((<usize>load<i32>(rec, 12)) << 7) + (backward ? 64 : 0);
    for (let k = 0; k < (mode == BACK ? 2 : mode == READ ? 0 : 1); k++) {
      if (adjacent) matrixAdjacent(p + <usize>k * dl, m);
      else matrixSet(p + <usize>k * dl, m);
    }
    return;
  }
  const c = load<f64>(coefsAt + ((<usize>g) << 4));
  const s = load<f64>(coefsAt + ((<usize>g) << 4), 8);
  const sg = backward ? -s : s;
  const m = mode == LAMBDA ? FORWARD : mode;
  let gr: f64 = 0;
  if (adjacent) {
    if (kind == 0) gr = rotateAdjacent<AxisX>(p, c, sg, m, dl);
    else if (kind == 1) gr = rotateAdjacent<AxisY>(p, c, sg, m, dl);
    else gr = rotateAdjacent<AxisZ>(p, c, sg, m, dl);
  } else {
    if (kind == 0) gr = rotateSet<AxisX>(p, c, sg, m, dl);
    else if (kind == 1) gr = rotateSet<AxisY>(p, c, sg, m, dl);
    else gr = rotateSet<AxisZ>(p, c, sg, m, dl);
  }
  if ((mode == BACK || mode == READ) && param >= 0) {
    const at = gradsAt + ((<usize>param) << 3);
    store<f64>(at, load<f64>(at) + gr);
  }
}

/** ψ (and λ when `both`) × diag table d over w bytes from offset o. */
function scale(psi: usize, d: usize, o: usize, w: usize, both: bool): void {
  const states = both ? 2 : 1;
  for (let k = 0; k < states; k++) {
    const base = psi + <usize>k * 2 * D;
    for (let x: usize = 0; x < w; x += 16) {
      const f = v128.load(d + o + x);
      v128.store(base + o + x, f64x2.mul(f, v128.load(base + o + x)));
      v128.store(base + o + x + D, f64x2.mul(f, v128.load(base + o + x + D)));
    }
  }
}

/**
 * A run of one-qubit gates (op: [1, first, high, low, diag, kept index]; forward: the high
 * strips, then the low blocks, then × diag). With a kept copy `ck` (≠ 0) the forward pass stores ψ after the high gates (M) there, and the
 * backward pass leaves ψ alone: it carries λ back to M through the low gates, reads every
 * gradient at M from ψ's copy (each gate on its own qubit, so every gate's gradient may be read
 * there), then carries λ on through the high gates. Without it, ψ and λ go back gate by gate.
 */
function run1q(psi: usize, op: usize, kept: usize, backward: bool): void {
  const first = load<i32>(op, 4);
  const high = load<i32>(op, 8);
  const low = load<i32>(op, 12);
  const diag = load<i32>(op, 16);
  const keptIndex = load<i32>(op, 20);
  const ck = kept != 0 && keptIndex >= 0 ? kept + <usize>keptIndex * 2 * D : 0;
  const d = diag >= 0 ? diagsAt + <usize>diag * D : 0;
  const blockBytes = (<usize>T) << 3;
  const stripBytes = (<usize>W) << 3;
  const lam = psi + 2 * D;
  const lowEnd = first + high + low;
  if (backward && ck != 0) {
    const dl = lam - ck;
    for (let o: usize = 0; o < D && (low > 0 || diag >= 0); o += blockBytes) {
      if (diag >= 0) scale(lam, d, o, blockBytes, false);
      for (let g = lowEnd - 1; g >= first + high; g--) gate(g, lam + o, false, LAMBDA, 0);
      for (let g = first + high; g < lowEnd; g++) gate(g, ck + o, false, READ, dl);
    }
    for (let o: usize = 0; o < blockBytes && high > 0; o += stripBytes) {
      for (let g = first; g < first + high; g++) gate(g, ck + o, true, READ, dl);
      for (let g = first + high - 1; g >= first; g--) gate(g, lam + o, true, LAMBDA, 0);
    }
    return;
  }
  if (backward) {
    for (let o: usize = 0; o < D && (low > 0 || diag >= 0); o += blockBytes) {
      if (diag >= 0) scale(psi, d, o, blockBytes, true);
      for (let g = lowEnd - 1; g >= first + high; g--) gate(g, psi + o, false, BACK, 2 * D);
    }
    for (let o: usize = 0; o < blockBytes && high > 0; o += stripBytes) {
      for (let g = first + high - 1; g >= first; g--) gate(g, psi + o, true, BACK, 2 * D);
    }
    return;
  }
  for (let o: usize = 0; o < blockBytes && high > 0; o += stripBytes) {
    for (let g = first; g < first + high; g++) gate(g, psi + o, true, FORWARD, 0);
  }
  for (let o: usize = 0; o < D && (low > 0 || diag >= 0 || ck != 0); o += blockBytes) {
    if (ck != 0) {
      memory.copy(ck + o, psi + o, blockBytes);
      memory.copy(ck + D + o, psi + D + o, blockBytes);
    }
    for (let g = first + high; g < lowEnd; g++) gate(g, psi + o, false, FORWARD, 0);
    if (diag >= 0) scale(psi, d, o, blockBytes, false);
  }
}

function cnot(psi: usize, controlBit: i32, targetBit: i32, both: bool): void {
  const states = both ? 2 : 1;
  for (let k = 0; k < states; k++) {
    const base = psi + <usize>k * 2 * D;
    for (let idx = 0; idx < dim; idx++) {
      if (!(idx & controlBit) || idx & targetBit) continue;
      const x = base + ((<usize>idx) << 3);
      const y = base + ((<usize>(idx | targetBit)) << 3);
      const r = load<f64>(x);
      store<f64>(x, load<f64>(y));
      store<f64>(y, r);
      const i = load<f64>(x + D);
      store<f64>(x + D, load<f64>(y + D));
      store<f64>(y + D, i);
    }
  }
}

/** T for n qubits: the amplitudes of a low block (the host sorts each run's gates by it). */
export function tile(n: i32): i32 {
  return n < LOW_BITS ? 1 << n : 1 << LOW_BITS;
}

/**
 * One sample: ψ ← base state, the ops forward, C = Σ cost[idx]·|ψ_idx|², λ = cost ⊙ ψ, then the
 * ops backward, adding each rotation's ∂C/∂θ into grads[param] (zeroed here). Returns C.
 * kept: 0, or where every run's kept copy of ψ goes (2D bytes each, at its op's kept index; the
 * host gives them only where every run has each gate on its own qubit).
 */
export function sample(
  n: i32,
  psi: usize,
  base: usize,
  cost: usize,
  diags: usize,
  gates: usize,
  coefs: usize,
  mats: usize,
  ops: usize,
  opCount: i32,
  grads: usize,
  paramCount: i32,
  kept: usize,
): f64 {
  dim = 1 << n;
  D = (<usize>dim) << 3;
  T = tile(n);
  W = max(2, STRIP_AMPS >> (n - (n < LOW_BITS ? n : LOW_BITS)));
  W = min(W, T);
  gatesAt = gates;
  coefsAt = coefs;
  matsAt = mats;
  diagsAt = diags;
  gradsAt = grads;
  memory.copy(psi, base, 2 * D);
  memory.fill(grads, 0, (<usize>paramCount) << 3);
  for (let i = 0; i < opCount; i++) {
    const op = ops + ((<usize>i) << 5);
    const kind = load<i32>(op);
    if (kind == 1) run1q(psi, op, kept, false);
    else if (kind == 2) scale(psi, diags + <usize>load<i32>(op, 4) * D, 0, D, false);
    else cnot(psi, load<i32>(op, 4), load<i32>(op, 8), false);
  }
  let acc = f64x2.splat(0);
  for (let x: usize = 0; x < D; x += 16) {
    const f = v128.load(cost + x);
    const r = v128.load(psi + x);
    const im = v128.load(psi + D + x);
    acc = f64x2.add(acc, f64x2.mul(f, f64x2.add(f64x2.mul(r, r), f64x2.mul(im, im))));
    v128.store(psi + 2 * D + x, f64x2.mul(f, r));
    v128.store(psi + 3 * D + x, f64x2.mul(f, im));
  }
  for (let i = opCount - 1; i >= 0; i--) {
    const op = ops + ((<usize>i) << 5);
    const kind = load<i32>(op);
    // with kept copies ψ is never carried back: only λ goes through the ops
    const states = kept != 0 ? psi + 2 * D : psi;
    if (kind == 1) run1q(psi, op, kept, true);
    else if (kind == 2) scale(states, diags + <usize>load<i32>(op, 4) * D, 0, D, kept == 0);
    else cnot(states, load<i32>(op, 4), load<i32>(op, 8), kept == 0);
  }
  return V.sum(acc);
}
