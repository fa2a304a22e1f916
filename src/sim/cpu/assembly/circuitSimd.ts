/*
 * The CPU kernel (AssemblyScript → WebAssembly SIMD): executes a compiled circuit program
 * (src/sim/circuitProgram.ts, compiled for the kernel by kernelProgram in src/sim/kernelProgram.ts)
 * for four windows at once, one window per f32x4 lane, forward and adjoint backward.
 * Built by scripts/build-wasm.mjs. This file holds the exports and the per-block walk; the
 * memory layout is in layout.ts, the one-qubit (two-amplitude) pieces in oneQubit.ts, and the
 * ops over the full state's amplitude pairs in pairs.ts.
 *
 * Everything is raw linear memory laid out by the caller, so the module has no allocator and no
 * runtime. Per block of four windows, a state is 2ⁿ amplitudes, each two v128 (re, then im, of
 * the four windows): stored amplitude p at base + 32·p.
 *
 * A program whose first i32 is −1 is the Pauli path's (pauliTerms.ts, src/sim/cpu/pauliProgram.ts):
 * no state vector at all. Otherwise:
 * Program (i32): a header [fusedCount, prefixCount, slotCount, frameAt, modesAt, prefixUAt,
 * parityAt, terminalFrom] (ops from terminalFrom on are terminal: only ops on other qubits of
 * their CNOT segment follow them, so their gradient sums come from the final state, pairs.ts),
 * then
 *  - the prefix, 4 i32 per gate [op, qubit, slot, k]: the gates before the first CNOT (op 0 an
 *    encoding, RY(π·x_qubit) where walked, 1/2/3 RX/RY/RZ(θ)). Up to there the state is a product of one-qubit
 *    states, kept as n two-amplitude states and expanded (a Kronecker product) after it. k = 1
 *    where the gate's qubit has no encoding after another of its gates: its gradients come from
 *    host K's (below) instead of a walk back;
 *  - the fused ops, 8 i32 each [kind, pairsAt, membersAt, members, coefAt, qubit, axis, splatAt]: a
 *    run of one-qubit gates on one qubit between entangling gates, as one 2×2 unitary U (kind 6,
 *    its entries at coef + 4·coefAt; fixed gates are part of U and no member), a lone encoding
 *    gate (kind 7, U per lane from x: RX/RY/RZ(π·x) for axis 1/2/3), or a run of one rotation
 *    (kinds 8/9/10: RX/RY/RZ, applied as such, not as a general U);
 *  - per fused op, its 2ⁿ⁻¹ amplitude pairs [offset of |0⟩, offset of |1⟩] (bytes), and per
 *    member gate [slot, 0, 0, 0] (slot −1: the encoding, whose gradient goes to dx);
 *  - at frameAt, 2ⁿ byte offsets: where basis state b is stored at the end;
 *  - at modesAt, per qubit how its prefix state is made: 0 gate by gate; 1 U_q·(c, s) with
 *    (c, s) the cos and sin of π·x_q/2 (U_q: its prefix gates after the encoding times the
 *    encoding's constant part, so RX(π·x), H·RZ(π·x) and fixed gates before it are the same
 *    code), 2 U_q|0⟩ with U_q its prefix gates' product (coef + 4·prefixUAt + 32·q), where its
 *    gates have k = 1. The prefix has no fixed gate records: the host folds them into U_q and
 *    the K's (kernelProgram.ts), and a walked qubit has only RY(π·x) and rotations;
 *  - at parityAt, per qubit the mask of prefix qubits whose parity its basis bit is at the end:
 *    with no fused op the 2ⁿ-amplitude state is never made (productReadout.ts).
 * CNOTs move no data: they are linear maps of the basis index over GF(2), so the host folds them
 * into each later op's pair table (the frame), and into the readout's frame.
 *
 * coef (f32, per call): per prefix gate g, cos(θ/2), sin(θ/2) at 2g, its K at 2P + 4g (P prefix
 * gates, as for members below); per fused op at coefAt,
 * U (u00, u01, u10, u11, each re then im), then per member k00, re k01, im k01, 0: its generator
 * seen from after the run, K = A·σ·A† (A: the run's later gates), a traceless Hermitian 2×2; a
 * general U (kind 6) again at splatAt, each entry four times (the f32x4 operands, per call).
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
 * sin (32·n), the cotangent dz (16·n), the block's gathered windows (16·n) and its lanes' origins
 * in a map (96), the three gradient sums of each qubit with host K's (48·n). scratchBytes(n) is
 * the total, with room to spare.
 */

import {
  CHUNK,
  chunkSums,
  ampsAt,
  dzAt,
  encAt,
  originsAt,
  stateScratchBytes,
  sumsAt,
  storeReadouts,
  envAt,
  fusedAt,
  lamAt,
  LONE_RX,
  muAt,
  OP_ENCODE,
  prefixAt,
  tmpAt,
  weightsAt,
  xAt,
} from './layout';
import { applyPrefixGate, contractPair, crossSums, prefixGradient } from './oneQubit';
import {
  addGradient,
  applyFused,
  applyLone,
  backwardFused,
  backwardLone,
  fusedMatrix,
  terminalSums,
} from './pairs';
import { pauliBackward, pauliForward } from './pauliTerms';
import { formBackward, formForward } from './formBlocks';
import {
  productCotangent,
  productMu,
  productReadout,
  quadraticForms,
  qubitZ,
} from './productReadout';
import { beginBlocks, cellCotangent, encodeBlock } from './windows';

export { channelMean, scatterWindows } from './windows';
export { chunkTotals } from './layout';

export function heapBase(): usize {
  return __heap_base;
}

export function chunkBlocks(): i32 {
  return CHUNK;
}

export function scratchBytes(n: i32): i32 {
  return stateScratchBytes(n);
}

/**
 * The block's prefix: every qubit's one-qubit state before the first CNOT, at ampsAt (and the
 * encoding's cos and sin at encAt).
 */
function prefixStates(
  n: i32,
  prog: usize,
  coef: usize,
  src: usize,
  block: i32,
  scratch: usize,
): void {
  const amps = ampsAt(scratch, n);
  const enc = encAt(scratch, n);
  encodeBlock(src, n, block, enc, xAt(scratch, n), originsAt(scratch, n));
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
  src: usize,
  block: i32,
  scratch: usize,
): usize {
  const amps = ampsAt(scratch, n);
  const enc = encAt(scratch, n);
  const u = tmpAt(scratch, n);
  if (snaps) st = snaps;
  prefixStates(n, prog, coef, src, block, scratch);
  const zero = f32x4.splat(0);
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
      applyFused(st, dst, n, prog, fp, fusedMatrix(fp, coef, enc, u));
    }
    if (snaps) st = dst;
  }
  return st;
}

/**
 * ⟨Z_q⟩ = Σ_b |ψ_b|²·(±1) for the block's four windows, written row-major into z [P, n]
 * (the probabilities at prob, the readouts' lane vectors at accs on the way).
 */
function readout(
  st: usize,
  n: i32,
  prog: usize,
  z: usize,
  block: i32,
  prob: usize,
  accs: usize,
): void {
  const dim = 1 << n;
  const frame = prog + ((<usize>load<i32>(prog, 12)) << 2);
  for (let b = 0; b < dim; b++) {
    const p = st + <usize>load<i32>(frame + ((<usize>b) << 2));
    const r = v128.load(p),
      i = v128.load(p, 16);
    v128.store(prob + ((<usize>b) << 4), f32x4.add(f32x4.mul(r, r), f32x4.mul(i, i)));
  }
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
    v128.store(accs + ((<usize>q) << 4), f32x4.sub(plus, minus));
  }
  storeReadouts(z, n, block, accs);
}

/** ⟨Z⟩ of blocks [from, to) of the windows src gives (windows.ts), into z row-major [4·blocks, n]. */
export function forward(
  prog: usize,
  n: i32,
  coef: usize,
  src: usize,
  z: usize,
  from: i32,
  to: i32,
  scratch: usize,
): void {
  if (load<i32>(prog) < 0) return pauliForward(prog, n, coef, src, z, from, to, scratch);
  beginBlocks(src, from, to, originsAt(scratch, n));
  const product = load<i32>(prog) == 0;
  const forms = scratch; // where ψ goes, unused on the product path
  if (product && quadraticForms(prog, n, coef, forms)) {
    return formForward(prog, n, forms, src, z, from, to, scratch);
  }
  for (let block = from; block < to; block++) {
    if (product) {
      prefixStates(n, prog, coef, src, block, scratch);
      productReadout(prog, n, scratch, z, block);
      continue;
    }
    const st = forwardBlock(scratch, 0, n, prog, coef, src, block, scratch);
    readout(st, n, prog, z, block, weightsAt(scratch, n), dzAt(scratch, n));
  }
}

/**
 * Gradients of E = Σ dz·⟨Z⟩ for blocks [from, to) (from a multiple of CHUNK), dz one row per
 * cell (windows.ts: each of its windows gets the row ÷ group): per chunk of CHUNK
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
  src: usize,
  dz: usize,
  grads: usize,
  dx: usize,
  exact: bool,
  from: i32,
  to: i32,
  scratch: usize,
  snaps: usize,
): void {
  if (load<i32>(prog) < 0) {
    return pauliBackward(prog, n, coef, src, dz, grads, dx, exact, from, to, scratch);
  }
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
  const terminal = load<i32>(prog, 28);
  const sums = sumsAt(scratch, n);
  beginBlocks(src, from, to, originsAt(scratch, n));
  const forms = scratch; // where ψ goes, unused on the product path
  if (fused == 0 && quadraticForms(prog, n, coef, forms)) {
    return formBackward(prog, n, coef, forms, src, dz, grads, dx, exact, from, to, scratch);
  }
  for (let block = from; block < to; block++) {
    const chunkBase = chunkSums(grads, from, block, slots);
    if (fused == 0) {
      prefixStates(n, prog, coef, src, block, scratch);
      cellCotangent(src, n, block, dz, dzv, originsAt(scratch, n));
      qubitZ(n, scratch);
      productCotangent(prog, n, scratch, dzv);
      for (let j = n - 1; j >= 0; j--) {
        productMu(n, scratch, j, tmp);
        prefixGradients(prog, n, coef, enc, scratch, tmp, j, exact, block, chunkBase, dx);
      }
      kGradients(prog, n, coef, scratch, exact, block, chunkBase, dx);
      continue;
    }
    const psi = forwardBlock(scratch, snaps, n, prog, coef, src, block, scratch);
    // λ_b = w_b·ψ_b with w_b = Σ_q dz_q·(±1), built by doubling (qubit 0 most significant).
    cellCotangent(src, n, block, dz, dzv, originsAt(scratch, n));
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
      v128.store(env + (o >> 1), w); // w per stored amplitude, for terminalSums
    }
    // The terminal ops' sums, from the final state before any op is walked back (the sums
    // region is free until the prefix).
    for (let f = terminal; f < fused; f++) {
      const fp = fusedAt(prog, f);
      if (load<i32>(fp) < LONE_RX)
        terminalSums(psi, env, n, prog, fp, sums + <usize>(32 * (f - terminal)));
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
      const u = fusedMatrix(fp, coef, enc, tmp);
      const given = f >= terminal ? sums + <usize>(32 * (f - terminal)) : 0;
      backwardFused(
        after,
        lam,
        n,
        prog,
        fp,
        coef,
        u,
        !snaps && f > 0,
        block,
        chunkBase,
        dx,
        exact,
        given,
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
      prefixGradients(prog, n, coef, enc, scratch, src, j, exact, block, chunkBase, dx);
    }
    kGradients(prog, n, coef, scratch, exact, block, chunkBase, dx);
  }
}

/**
 * The prefix gradients of every qubit whose gates have host K's (flag 1), once prefixGradients
 * has left each such qubit's three sums: Im tr(K·R) per gate.
 */
function kGradients(
  prog: usize,
  n: i32,
  coef: usize,
  scratch: usize,
  exact: bool,
  block: i32,
  chunkBase: usize,
  dx: usize,
): void {
  const sums = sumsAt(scratch, n);
  const prefix = load<i32>(prog, 4);
  for (let g = 0; g < prefix; g++) {
    const gp = prefixAt(prog, g);
    if (load<i32>(gp, 12) == 0 || (load<i32>(gp) == OP_ENCODE && !exact)) continue;
    const q = load<i32>(gp, 4);
    const at = sums + <usize>(48 * q);
    const k = coef + ((<usize>(2 * prefix + 4 * g)) << 2);
    const grad = f32x4.add(
      f32x4.mul(f32x4.splat(load<f32>(k)), v128.load(at)),
      f32x4.add(
        f32x4.mul(f32x4.splat(load<f32>(k, 4)), v128.load(at, 16)),
        f32x4.mul(f32x4.splat(load<f32>(k, 8)), v128.load(at, 32)),
      ),
    );
    addGradient(grad, load<i32>(gp, 8), q, n, block, chunkBase, dx);
  }
}

/**
 * Qubit j's prefix gradients from μ_j at src (λ contracted with every prefix state but j's):
 * each Im tr(K·R), R = a_j·μ_j†, with host K's, or the qubit's gates walked back in two
 * dimensions (un-computing a_j).
 */
function prefixGradients(
  prog: usize,
  n: i32,
  coef: usize,
  enc: usize,
  scratch: usize,
  src: usize,
  j: i32,
  exact: bool,
  block: i32,
  chunkBase: usize,
  dx: usize,
): void {
  const amps = ampsAt(scratch, n);
  const mu = muAt(scratch, n);
  const prefix = load<i32>(prog, 4);
  const aj = amps + ((<usize>j) << 6);
  const modes = prog + ((<usize>load<i32>(prog, 16)) << 2);
  if (load<i32>(modes + ((<usize>j) << 2)) != 0) {
    // R = a_j·μ_j†: every prefix gradient of qubit j is Im tr(K·R), K from the host: its three
    // sums kept for kGradients, which takes all such qubits' gates in one walk.
    crossSums(aj, src, sumsAt(scratch, n) + <usize>(48 * j));
    return;
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
