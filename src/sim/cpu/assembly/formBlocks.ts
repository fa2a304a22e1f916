/*
 * The block walks of programs where productReadout.ts's quadraticForms holds (`ryrz`, `basic` at
 * L = 1): no state at all, each qubit's ⟨Z⟩ and the backward's sums are quadratic forms in the
 * encoding's cos and sin, with coefficients per call.
 *
 * Backward: a qubit's sums for its host K's are (0, 2g·Im w, 2g·Re w), the same for every gate of
 * the qubit, and both are forms in (c, s). Forms and K's are per call, so a chunk's blocks only
 * add up 2g·c², 2g·c·s and 2g·s² per qubit, and each gate takes them through its qubit's forms
 * and its K once as the chunk ends, not once per block (the encodings', whose gradients go to dx
 * per window, still per block). Chunks stay the unit, so any split of whole chunks across
 * threads gives the same bits.
 *
 * At four qubits with every qubit encoded, the forward's parity products and the backward's
 * cotangents keep the four ⟨Z⟩'s in registers (readout4, cotangent4).
 */
import {
  addInputGradients,
  CHUNK,
  chunkSums,
  dzAt,
  encAt,
  envAt,
  lamAt,
  transposeInto,
  originsAt,
  prefixAt,
  sumsAt,
  tmpAt,
  weightsAt,
  xAt,
} from './layout';
import {
  formAt,
  FORM_BYTES,
  formReadout,
  formZ,
  masksOf,
  productCotangent,
} from './productReadout';
import { cellCotangent, encodeBlock } from './windows';

/** forward's blocks [from, to) where quadraticForms has left its coefficients at `forms`. */
export function formForward(
  prog: usize,
  n: i32,
  forms: usize,
  src: usize,
  z: usize,
  from: i32,
  to: i32,
  scratch: usize,
): void {
  const enc = encAt(scratch, n);
  const plan = envAt(scratch, n);
  const four = fourQubitPlan(prog, n, plan);
  for (let block = from; block < to; block++) {
    encodeBlock(src, n, block, enc, xAt(scratch, n), originsAt(scratch, n));
    if (four) readout4(forms, enc, plan, z + ((<usize>block) << 6));
    else formReadout(prog, n, forms, enc, scratch, z, block);
  }
}

/**
 * backward's blocks [from, to) where quadraticForms has left its coefficients at `forms`. A
 * qubit's sums 2g·Im w and 2g·Re w are forms in (c, s) with per-call coefficients, so per chunk
 * only 2g·c², 2g·c·s and 2g·s² are summed (at sumsAt, three v128 per qubit); the forms and each
 * gate's K take them once as the chunk ends. The gates that go to dx (the encodings, with
 * `exact`) per block.
 */
export function formBackward(
  prog: usize,
  n: i32,
  coef: usize,
  forms: usize,
  src: usize,
  dz: usize,
  grads: usize,
  dx: usize,
  exact: bool,
  from: i32,
  to: i32,
  scratch: usize,
): void {
  const enc = encAt(scratch, n);
  const dzv = dzAt(scratch, n);
  const cur = originsAt(scratch, n);
  const acc = sumsAt(scratch, n);
  const gs = weightsAt(scratch, n) + ((<usize>n) << 4);
  const modes = prog + ((<usize>load<i32>(prog, 16)) << 2);
  const prefix = load<i32>(prog, 4);
  const slots = load<i32>(prog, 8);
  const kAt = coef + ((<usize>(2 * prefix)) << 2);
  // Per qubit, the block's gradient onto dx, and its encodings' K's against its two forms.
  const dxq = tmpAt(scratch, n);
  const kin = dxq + ((<usize>n) << 4);
  const toDx = exact && inputForms(prog, n, kAt, forms, kin);
  const plan = envAt(scratch, n);
  const four = fourQubitPlan(prog, n, plan);
  const one = f32x4.splat(1),
    zero = f32x4.splat(0);
  let chunkBase: usize = 0;
  for (let block = from; block < to; block++) {
    if ((block - from) % CHUNK == 0) {
      chunkBase = chunkSums(grads, from, block, slots);
      memory.fill(acc, 0, <usize>(48 * n));
    }
    encodeBlock(src, n, block, enc, xAt(scratch, n), cur);
    cellCotangent(src, n, block, dz, dzv, cur);
    if (four) cotangent4(forms, enc, dzv, plan, gs);
    else {
      formZ(prog, n, forms, enc, scratch);
      productCotangent(prog, n, scratch, dzv);
    }
    for (let q = 0; q < n; q++) {
      const e = enc + ((<usize>q) << 5);
      // Mode 2: the form's c² coefficient alone, as (c, s) = (1, 0).
      const encoded = load<i32>(modes + ((<usize>q) << 2)) == 1;
      const c = encoded ? v128.load(e) : one,
        s = encoded ? v128.load(e, 16) : zero;
      const g = v128.load(gs + ((<usize>q) << 4));
      const g2 = f32x4.add(g, g);
      const cc = f32x4.mul(g2, f32x4.mul(c, c)),
        cs = f32x4.mul(g2, f32x4.mul(c, s)),
        ss = f32x4.mul(g2, f32x4.mul(s, s));
      const a = acc + <usize>(48 * q);
      v128.store(a, f32x4.add(v128.load(a), cc));
      v128.store(a, f32x4.add(v128.load(a, 16), cs), 16);
      v128.store(a, f32x4.add(v128.load(a, 32), ss), 32);
      if (toDx) v128.store(dxq + ((<usize>q) << 4), moments(kin + <usize>(12 * q), cc, cs, ss));
    }
    if (toDx) addInputGradients(dx, n, block, dxq, lamAt(scratch, n));
    if ((block + 1 - from) % CHUNK != 0 && block + 1 < to) continue;
    // The chunk ends: every slot gate's K against its qubit's two forms of the chunk's sums.
    for (let gi = 0; gi < prefix; gi++) {
      const gp = prefixAt(prog, gi);
      const slot = load<i32>(gp, 8);
      if (load<i32>(gp, 12) == 0 || slot < 0) continue;
      const q = load<i32>(gp, 4);
      const a = acc + <usize>(48 * q);
      const f = forms + <usize>q * FORM_BYTES;
      const cc = v128.load(a),
        cs = v128.load(a, 16),
        ss = v128.load(a, 32);
      const p = chunkBase + ((<usize>slot) << 4);
      const grad = contract(kAt, gi, moments(f + 24, cc, cs, ss), moments(f + 12, cc, cs, ss));
      v128.store(p, f32x4.add(v128.load(p), grad));
    }
  }
}

/** A form's three coefficients at f (of c², c·s, s²) against those moments. */
// @inline
function moments(f: usize, cc: v128, cs: v128, ss: v128): v128 {
  return f32x4.add(
    f32x4.mul(v128.load32_splat(f), cc),
    f32x4.add(f32x4.mul(v128.load32_splat(f, 4), cs), f32x4.mul(v128.load32_splat(f, 8), ss)),
  );
}

/** Gate gi's K (at kAt + 16·gi) against a qubit's sums: (0, 2g·Im w, 2g·Re w). */
// @inline
function contract(kAt: usize, gi: i32, im: v128, re: v128): v128 {
  const k = kAt + ((<usize>gi) << 4);
  return f32x4.add(f32x4.mul(v128.load32_splat(k, 4), im), f32x4.mul(v128.load32_splat(k, 8), re));
}

/**
 * The host-K gates whose gradients go to dx (slot −1: the encodings; at most one per qubit here,
 * as a second would have its qubit's gates walked): whether there is any, and per qubit
 * k1·Im w + k2·Re w of its encoding's K as three form coefficients at kin (0 where it has none).
 */
function inputForms(prog: usize, n: i32, kAt: usize, forms: usize, kin: usize): bool {
  memory.fill(kin, 0, <usize>(12 * n));
  let found = false;
  for (let gi = 0; gi < load<i32>(prog, 4); gi++) {
    const gp = prefixAt(prog, gi);
    if (load<i32>(gp, 12) == 0 || load<i32>(gp, 8) >= 0) continue;
    found = true;
    const k = kAt + ((<usize>gi) << 4);
    const q = load<i32>(gp, 4);
    const f = forms + <usize>q * FORM_BYTES;
    const d = kin + <usize>(12 * q);
    // Added, so that even a second encoding of the qubit would count.
    for (let j: usize = 0; j < 12; j += 4) {
      const kf = load<f32>(k, 4) * load<f32>(f + j, 24) + load<f32>(k, 8) * load<f32>(f + j, 12);
      store<f32>(d + j, load<f32>(d + j) + kf);
    }
  }
  return found;
}

/*
 * Four qubits (k = 2), every one encoded (mode 1): formZ, the parity products and
 * productCotangent with the ⟨Z⟩'s in registers, the same products in the same order. A qubit
 * outside a readout's parity set enters its product as 1 (a bit select), which changes no bit.
 * The plan (per call, 256 bytes): per readout q and qubit m, all ones where m is in S_q, at
 * 16·(4q + m).
 */

/** Lays out the plan; false where the four-qubit walks do not apply. */
function fourQubitPlan(prog: usize, n: i32, plan: usize): bool {
  if (n != 4) return false;
  const modes = prog + ((<usize>load<i32>(prog, 16)) << 2);
  for (let q = 0; q < 4; q++) if (load<i32>(modes + ((<usize>q) << 2)) != 1) return false;
  const masks = masksOf(prog);
  for (let q = 0; q < 4; q++) {
    const mask = load<i32>(masks + ((<usize>q) << 2));
    for (let m = 0; m < 4; m++) {
      const at = plan + ((<usize>(4 * q + m)) << 4);
      v128.store(at, i32x4.splat((mask >> m) & 1 ? -1 : 0));
    }
  }
  return true;
}

/** Qubit q's ⟨Z⟩ per lane from its form and the encoding's cos and sin at enc (formZ's). */
// @inline
function zOf(forms: usize, enc: usize, q: i32): v128 {
  const e = enc + ((<usize>q) << 5);
  return formAt(forms + <usize>q * FORM_BYTES, 1, v128.load(e), v128.load(e, 16));
}

/** A factor of readout q's product: ⟨Z_m⟩ where m is in S_q, else 1. */
// @inline
function factor(plan: usize, q: i32, m: i32, z: v128): v128 {
  return v128.bitselect(z, f32x4.splat(1), v128.load(plan + ((<usize>(4 * q + m)) << 4)));
}

/** Readout q: Π ⟨Z_m⟩ over S_q, lowest first (parityProduct's order). */
// @inline
function parity4(plan: usize, q: i32, z0: v128, z1: v128, z2: v128, z3: v128): v128 {
  const p = f32x4.mul(factor(plan, q, 0, z0), factor(plan, q, 1, z1));
  return f32x4.mul(f32x4.mul(p, factor(plan, q, 2, z2)), factor(plan, q, 3, z3));
}

/** formReadout at four qubits: the block's four rows of ⟨Z_q⟩ at rows. */
function readout4(forms: usize, enc: usize, plan: usize, rows: usize): void {
  const z0 = zOf(forms, enc, 0),
    z1 = zOf(forms, enc, 1),
    z2 = zOf(forms, enc, 2),
    z3 = zOf(forms, enc, 3);
  transposeInto(
    rows,
    16,
    parity4(plan, 0, z0, z1, z2, z3),
    parity4(plan, 1, z0, z1, z2, z3),
    parity4(plan, 2, z0, z1, z2, z3),
    parity4(plan, 3, z0, z1, z2, z3),
  );
}

/**
 * productCotangent at four qubits, into g at gs: readout q's members from the highest down, each
 * member k's g_k gaining (the product of the members below k)·dz_q·(those above k).
 */
function cotangent4(forms: usize, enc: usize, dzv: usize, plan: usize, gs: usize): void {
  const z0 = zOf(forms, enc, 0),
    z1 = zOf(forms, enc, 1),
    z2 = zOf(forms, enc, 2),
    z3 = zOf(forms, enc, 3);
  const zero = f32x4.splat(0);
  let g0 = zero,
    g1 = zero,
    g2 = zero,
    g3 = zero;
  for (let q = 0; q < 4; q++) {
    const sel = plan + ((<usize>(4 * q)) << 4);
    const t0 = factor(plan, q, 0, z0),
      t1 = factor(plan, q, 1, z1),
      t2 = factor(plan, q, 2, z2),
      t3 = factor(plan, q, 3, z3);
    const b2 = f32x4.mul(t0, t1),
      b3 = f32x4.mul(b2, t2);
    let after = v128.load(dzv + ((<usize>q) << 4));
    g3 = f32x4.add(g3, v128.and(f32x4.mul(b3, after), v128.load(sel, 48)));
    after = f32x4.mul(after, t3);
    g2 = f32x4.add(g2, v128.and(f32x4.mul(b2, after), v128.load(sel, 32)));
    after = f32x4.mul(after, t2);
    g1 = f32x4.add(g1, v128.and(f32x4.mul(t0, after), v128.load(sel, 16)));
    after = f32x4.mul(after, t1);
    g0 = f32x4.add(g0, v128.and(after, v128.load(sel)));
  }
  v128.store(gs, g0);
  v128.store(gs, g1, 16);
  v128.store(gs, g2, 32);
  v128.store(gs, g3, 48);
}
