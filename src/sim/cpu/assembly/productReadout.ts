/*
 * Programs with no one-qubit gate after their first CNOT (fused op count 0: `ryrz`, `basic` at
 * L = 1) skip the 2ⁿ-amplitude state (circuitSimd.ts). Their final state is the prefix's product
 * state with its basis relabelled by the CNOTs, a linear map over GF(2): basis bit q at the end
 * is the parity of the prefix qubits in a set S_q (the program's parity masks, bit k for qubit k).
 * So ⟨Z_q⟩ = Π_{k∈S_q} ⟨Z_k⟩ over the one-qubit states, and the backward's μ_j (λ contracted with
 * every prefix state but j's) is g_j·Z·a_j with g_j = ∂E/∂⟨Z_j⟩, up to a multiple of a_j that
 * adds nothing to any gradient (Im⟨a|σ|a⟩ = 0) and is left out. O(n²) per window, not O(n·2ⁿ).
 * Where no prefix gate is walked (quadraticForms), not even the one-qubit states are made: what
 * a window needs of them is quadratic in its encoding's cos and sin, with coefficients per call.
 *
 * Scratch: ⟨Z_k⟩ per qubit (n v128), then g (n v128), in the readout weights' region; the
 * quadratic forms' coefficients where the state vector ψ would go.
 */
import { ampsAt, lamAt, prefixAt, storeReadouts, weightsAt } from './layout';

// @inline
export function masksOf(prog: usize): usize {
  return prog + ((<usize>load<i32>(prog, 24)) << 2);
}

/** ⟨Z_k⟩ = |a_k0|² − |a_k1|² of every prefix state, at weightsAt. */
export function qubitZ(n: i32, scratch: usize): void {
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
  parityReadout(prog, n, scratch, z, block);
}

/** Bytes of quadraticForms' coefficients per qubit (nine f32). */
export const FORM_BYTES: usize = 36;

/**
 * Whether every qubit's prefix state is a = U_q·(c, s) (mode 1, (c, s) the encoding's cos and
 * sin) or U_q|0⟩ (mode 2), with no gate walked. Then what a block needs of a is quadratic forms
 * in (c, s), whose coefficients (per call, into `forms`) replace the one-qubit states: ⟨Z_q⟩ =
 * |a0|² − |a1|² = P·c² + Q·c·s + R·s², and w = a1·conj(a0) = W2·c² + W1·c·s + W0·s² (complex), all
 * the backward's sums need (formBlocks.ts). Mode 2 is (c, s) = (1, 0): P and W2.
 * Per qubit [P, Q, R, Re W2, Re W1, Re W0, Im W2, Im W1, Im W0].
 */
export function quadraticForms(prog: usize, n: i32, coef: usize, forms: usize): bool {
  const modes = prog + ((<usize>load<i32>(prog, 16)) << 2);
  for (let q = 0; q < n; q++) if (load<i32>(modes + ((<usize>q) << 2)) == 0) return false;
  for (let g = 0; g < load<i32>(prog, 4); g++)
    if (load<i32>(prefixAt(prog, g), 12) == 0) return false;
  const prefixU = coef + ((<usize>load<i32>(prog, 20)) << 2);
  for (let q = 0; q < n; q++) {
    const m = prefixU + ((<usize>q) << 5);
    const u00r = load<f32>(m),
      u00i = load<f32>(m, 4),
      u01r = load<f32>(m, 8),
      u01i = load<f32>(m, 12),
      u10r = load<f32>(m, 16),
      u10i = load<f32>(m, 20),
      u11r = load<f32>(m, 24),
      u11i = load<f32>(m, 28);
    const f = forms + <usize>q * FORM_BYTES;
    store<f32>(f, u00r * u00r + u00i * u00i - (u10r * u10r + u10i * u10i));
    store<f32>(f, 2 * (u00r * u01r + u00i * u01i - (u10r * u11r + u10i * u11i)), 4);
    store<f32>(f, u01r * u01r + u01i * u01i - (u11r * u11r + u11i * u11i), 8);
    // x·conj(y) = (xr·yr + xi·yi) + i·(xi·yr − xr·yi)
    store<f32>(f, u10r * u00r + u10i * u00i, 12);
    store<f32>(f, u10r * u01r + u10i * u01i + (u11r * u00r + u11i * u00i), 16);
    store<f32>(f, u11r * u01r + u11i * u01i, 20);
    store<f32>(f, u10i * u00r - u10r * u00i, 24);
    store<f32>(f, u10i * u01r - u10r * u01i + (u11i * u00r - u11r * u00i), 28);
    store<f32>(f, u11i * u01r - u11r * u01i, 32);
  }
  return true;
}

/** A quadratic form's value per lane, at f (three f32) for (c, s); mode 2: its c² coefficient. */
// @inline
export function formAt(f: usize, mode: i32, c: v128, s: v128): v128 {
  const a = v128.load32_splat(f);
  if (mode != 1) return a;
  return f32x4.add(
    f32x4.mul(a, f32x4.mul(c, c)),
    f32x4.add(
      f32x4.mul(v128.load32_splat(f, 4), f32x4.mul(c, s)),
      f32x4.mul(v128.load32_splat(f, 8), f32x4.mul(s, s)),
    ),
  );
}

/** ⟨Z_k⟩ of every prefix state from the forms, at weightsAt (as qubitZ leaves them). */
export function formZ(prog: usize, n: i32, forms: usize, enc: usize, scratch: usize): void {
  const modes = prog + ((<usize>load<i32>(prog, 16)) << 2);
  const zs = weightsAt(scratch, n);
  for (let q = 0; q < n; q++) {
    const e = enc + ((<usize>q) << 5);
    const mode = load<i32>(modes + ((<usize>q) << 2));
    const zq = formAt(forms + <usize>q * FORM_BYTES, mode, v128.load(e), v128.load(e, 16));
    v128.store(zs + ((<usize>q) << 4), zq);
  }
}

/** productReadout where quadraticForms holds: ⟨Z_q⟩ from the encoding's cos and sin at enc. */
export function formReadout(
  prog: usize,
  n: i32,
  forms: usize,
  enc: usize,
  scratch: usize,
  z: usize,
  block: i32,
): void {
  formZ(prog, n, forms, enc, scratch);
  parityReadout(prog, n, scratch, z, block);
}

/** The readouts' parity products of the ⟨Z_k⟩ at weightsAt, row-major into z [P, n]. */
function parityReadout(prog: usize, n: i32, scratch: usize, z: usize, block: i32): void {
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
 * after qubitZ or formZ; each μ_j then comes from productMu. Per S_q, the products of the
 * members before each one (at `before`, the λ region, unused here) times those after it.
 */
export function productCotangent(prog: usize, n: i32, scratch: usize, dzv: usize): void {
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
