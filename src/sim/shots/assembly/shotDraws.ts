/*
 * Shot estimates in WebAssembly (docs/model.md §6): for each exact ⟨Z⟩ a Binomial(S, p) draw,
 * p = (1 − ⟨Z⟩)/2, as the float32 estimate 1 − 2k/S. Built by scripts/build-wasm.mjs; the host
 * side (src/sim/shots/binomial.ts) builds the tables below once per S and lays out memory.
 *
 * A draw is exact, by composition: with p ≤ 1/2 (p > 1/2 draws S − k at 1 − p) and the grid
 * point p_a = ⌊p·G⌋/G below it, k = A + B with A ~ Binomial(S, p_a) and B ~ Binomial(S − A, r),
 * r = (p − p_a)/(1 − p_a): each shot succeeds with p_a, and one that did not gets a second chance
 * r, so with p_a + (1 − p_a)·r = p in all.
 * - A from u₁ by an alias table per grid point (Walker): u₁'s top bits pick one of 2^bits ≥ S + 1
 *   equal buckets, its other bits say whether the bucket's own k or its alias: one table read, no
 *   search, no logarithm. The probabilities are the pmf's to 2⁻³², as the CDF thresholds before.
 * - B from u₂: nearly always 0, and otherwise nearly always 1, which bounds on its pmf settle
 *   without evaluating it (secondChance); in what is left (~1 draw in 10³) it is inverted
 *   outward from its mode (ln k! table, pmf ratios).
 * Two uniforms per draw (mulberry32, src/util/prng.ts's stream): u₁ for A, u₂ for B.
 *
 * mulberry32 hashes a counter (uniform i from state s + i·C), so four draws' uniforms are made at
 * once in i32x4 lanes; drawEstimates makes the draws four at a time with the same operations in the
 * same order per lane as the one-at-a-time loop, so the bits are its own (binomial.test.ts
 * compares them).
 */

/** mulberry32's constant: uniform i of a stream seeded s comes from state s + i·C. */
const STEP: u32 = 0x6d2b79f5;
const TO_UNIT: f64 = 1.0 / 4294967296.0;
/**
 * The margin of secondChance's bounds for their own rounding: each is a few float64 operations
 * on numbers ≤ 1, each off by at most 2⁻⁵³ ≈ 1.1e-16.
 */
const MARGIN: f64 = 1e-15;

let state: u32 = 0;

/** mulberry32's output at state `t` (the state already advanced by STEP). */
function mix(t: u32): u32 {
  t = (t ^ (t >>> 15)) * (t | 1);
  t ^= t + (t ^ (t >>> 7)) * (t | 61);
  return t ^ (t >>> 14);
}

/** mix on four states at once (i32x4.mul wraps as u32 multiplication does). */
function mix4(t: v128): v128 {
  t = i32x4.mul(v128.xor(t, i32x4.shr_u(t, 15)), v128.or(t, i32x4.splat(1)));
  t = v128.xor(
    t,
    i32x4.add(t, i32x4.mul(v128.xor(t, i32x4.shr_u(t, 7)), v128.or(t, i32x4.splat(61)))),
  );
  return v128.xor(t, i32x4.shr_u(t, 14));
}

function lf(table: usize, k: i32): f64 {
  return load<f64>(table + ((<usize>k) << 3));
}

/**
 * Binomial(n, r) at uniform u, inverted over the support ordered outward from the mode
 * (m, m+1, m−1, m+2, …): f(m) from the ln k! table at `logFactorials`, its neighbours by ratios.
 */
function outward(n: i32, r: f64, u: f64, logFactorials: usize): i32 {
  if (n <= 0 || r <= 0) return 0;
  const q = 1.0 - r;
  let mode = <i32>Math.floor(<f64>(n + 1) * r);
  if (mode > n) mode = n;
  const logPmf =
    lf(logFactorials, n) -
    lf(logFactorials, mode) -
    lf(logFactorials, n - mode) +
    <f64>mode * Math.log(r) +
    <f64>(n - mode) * Math.log1p(-r);
  const ratio = r / q;
  const atMode = Math.exp(logPmf);
  u -= atMode;
  if (u < 0) return mode;
  let up = mode;
  let down = mode;
  let fUp = atMode;
  let fDown = atMode;
  while (up < n || down > 0) {
    if (up < n) {
      fUp *= (<f64>(n - up) / <f64>(up + 1)) * ratio;
      up++;
      u -= fUp;
      if (u < 0) return up;
    }
    if (down > 0) {
      fDown *= <f64>down / <f64>(n - down + 1) / ratio;
      down--;
      u -= fDown;
      if (u < 0) return down;
    }
  }
  // Rounding left a sliver of probability unassigned (≲1e-12): the mode is the likeliest answer.
  return mode;
}

/**
 * A from the alias table's rows at `alias` (row a: 2^bits u32 entries, the bucket's threshold
 * above its `bits` low bits of alias): bucket j = u₁'s top bits; j itself when u₁'s other bits are
 * below the threshold, else its alias.
 */
function aliasDraw(alias: usize, bits: i32, a: i32, u1: u32): i32 {
  const j = <i32>(u1 >>> (32 - bits));
  const entry = load<u32>(alias + ((((<usize>a) << bits) + <usize>j) << 2));
  const keep = <i32>(u1 & (((<u32>1) << (32 - bits)) - 1)) < <i32>(entry >>> bits);
  return select<i32>(j, <i32>(entry & (((<u32>1) << bits) - 1)), keep);
}

/**
 * A + B, B ~ Binomial(N, r) with N = n − k drawn at u₂ by inversion (outward from its mode, 0
 * when (N + 1)·r < 1): B = 0 when u₂ < f(0) = (1 − r)^N, 1 when f(0) ≤ u₂ < f(0) + f(1). With
 * q = (N·r)²/2 ≥ C(N, 2)·r², 1 − N·r ≤ f(0) ≤ 1 − N·r + q (Bonferroni) and f(0) + f(1) =
 * P(B ≤ 1) ≥ 1 − q (Markov on C(B, 2)): u₂ below the first bound gives 0, and between the second
 * and the third 1, without f(0); only u₂ near f(0) or past 1 − q (~1 draw in 10³) needs outward.
 * drawEstimates tests the same bounds four lanes at a time, the same way.
 */
function secondChance(k: i32, n: i32, r: f64, u2: f64, logFactorials: usize): i32 {
  const rest = n - k;
  const nr = <f64>rest * r;
  const q = 0.5 * nr * nr;
  if (<f64>(rest + 1) * r < 1.0) {
    if (u2 < 1.0 - nr - MARGIN) return k;
    if (u2 >= 1.0 - nr + q + MARGIN && u2 < 1.0 - q - MARGIN) return k + 1;
  }
  return k + outward(rest, r, u2, logFactorials);
}

/** Two f64x2 halves' lane masks as one i32x4 mask (a 64-bit lane's mask is all ones or none). */
function narrow(lo: v128, hi: v128): v128 {
  return i32x4.shuffle(lo, hi, 0, 2, 4, 6);
}

/** Lanes 2 and 3 of `v` in lanes 0 and 1 (for the f64x2 conversions, which read the low two). */
function high(v: v128): v128 {
  return i32x4.shuffle(v, v, 2, 3, 2, 3);
}

/** Draws per pass of the four-at-a-time draws: their scratch (24 bytes a draw) stays in the core's L1 cache. */
const PASS: i32 = 256;
const SCRATCH: usize = memory.data(PASS * 24, 16);
/** Where their first pass leaves, per draw: u₁, u₂, the flip mask, the alias entry, r. */
const U1: usize = SCRATCH;
const U2: usize = SCRATCH + <usize>PASS * 4;
const FLIP: usize = SCRATCH + <usize>PASS * 8;
const ENTRY: usize = SCRATCH + <usize>PASS * 12;
const R: usize = SCRATCH + <usize>PASS * 16;

/**
 * `count` estimates from the exact values at `z` (float32) into `out` (float32), or with
 * `accumulate` `weight` times them added to `out` (and, where `spread` is not 0,
 * spreadWeight·(1 − z²) added to `spread`), drawing from the stream at `seedState` (the
 * state before the draws' first uniform). `alias`: rows a = 0 … G/2 of 2^bits u32 entries
 * (2^bits ≥ n + 1), Binomial(n, a/G)'s alias table (aliasDraw); `estimates`: f32 1 − 2k/n per k.
 * `grid` 0 (no table: S too large for one) leaves every draw to `outward`, u₁ unused.
 */
export function drawEstimates(
  z: usize,
  count: i32,
  out: usize,
  n: i32,
  grid: i32,
  alias: usize,
  bits: i32,
  logFactorials: usize,
  estimates: usize,
  seedState: u32,
  accumulate: bool,
  weight: f64,
  spread: usize,
  spreadWeight: f64,
): void {
  // The stream's state in a local: a global is read and written through memory at every step.
  let s = seedState;
  const g = <f64>grid;
  const cell = 1.0 / g;
  let i = 0;
  if (grid > 0) {
    // Four at a time, while four values are left: the same uniforms, operations and results as
    // the loop below, in f64x2 and i32x4 lanes, the table reads per lane. In two passes over up
    // to PASS values, each with a short chain of dependent operations, so that the core overlaps
    // many blocks (one pass over the whole chain let it overlap little more than one): the first
    // draws the uniforms and reads the tables, the second finishes A, settles B by
    // secondChance's bounds (the lanes they leave open, ~1 block in 250, by secondChance itself)
    // and writes the estimates.
    const one = f64x2.splat(1.0);
    const half = f64x2.splat(0.5);
    const zero = f64x2.splat(0.0);
    const g = f64x2.splat(<f64>grid);
    const cell = f64x2.splat(1.0 / <f64>grid);
    const toUnit = f64x2.splat(TO_UNIT);
    const margin = f64x2.splat(MARGIN);
    const w = f64x2.splat(weight);
    const sw = f64x2.splat(spreadWeight);
    const nn = i32x4.splat(n);
    const lowMask = i32x4.splat((1 << (32 - bits)) - 1);
    const aliasMask = i32x4.splat((1 << bits) - 1);
    // Lane j of a block draws u₁ at state s + (2j + 1)·STEP and u₂ at the next.
    let s1 = i32x4.splat(<i32>s);
    s1 = i32x4.add(s1, i32x4(<i32>STEP, <i32>(3 * STEP), <i32>(5 * STEP), <i32>(7 * STEP)));
    const step = i32x4.splat(<i32>STEP);
    const block = i32x4.splat(<i32>(8 * STEP));
    const blocks = count & ~3;
    for (let start = 0; start < blocks; start += PASS) {
      const end = min(blocks, start + PASS);
      for (let i = start; i < end; i += 4) {
        const u1 = mix4(s1);
        const u2 = mix4(i32x4.add(s1, step));
        s1 = i32x4.add(s1, block);
        const z4 = v128.load(z + ((<usize>i) << 2));
        // p clamped to [0, 1] (pmax/pmin keep p where it is not below/above, as the loop's selects
        // do, NaN included), then folded to p ≤ 1/2: 1 − p < p exactly when p > 1/2.
        let pLo = f64x2.pmin(
          f64x2.pmax(f64x2.mul(f64x2.sub(one, f64x2.promote_low_f32x4(z4)), half), zero),
          one,
        );
        let pHi = f64x2.pmin(
          f64x2.pmax(f64x2.mul(f64x2.sub(one, f64x2.promote_low_f32x4(high(z4))), half), zero),
          one,
        );
        const flip = narrow(f64x2.gt(pLo, half), f64x2.gt(pHi, half));
        pLo = f64x2.pmin(pLo, f64x2.sub(one, pLo));
        pHi = f64x2.pmin(pHi, f64x2.sub(one, pHi));
        const aLo = i32x4.trunc_sat_f64x2_s_zero(f64x2.mul(pLo, g));
        const aHi = i32x4.trunc_sat_f64x2_s_zero(f64x2.mul(pHi, g));
        const a = i32x4.shuffle(aLo, aHi, 0, 1, 4, 5);
        // The alias entry of bucket j in row a, read per lane, and r = (p − a/G)·(1/(1 − a/G)) (each
        // step exact but the two roundings of the division and the product, as in the loop).
        const entryAt = i32x4.add(
          i32x4.splat(<i32>alias),
          i32x4.shl(i32x4.add(i32x4.shl(a, bits), i32x4.shr_u(u1, 32 - bits)), 2),
        );
        let entry = v128.load32_lane(<usize>i32x4.extract_lane(entryAt, 0), zero, 0);
        entry = v128.load32_lane(<usize>i32x4.extract_lane(entryAt, 1), entry, 1);
        entry = v128.load32_lane(<usize>i32x4.extract_lane(entryAt, 2), entry, 2);
        entry = v128.load32_lane(<usize>i32x4.extract_lane(entryAt, 3), entry, 3);
        const gridLo = f64x2.mul(f64x2.convert_low_i32x4_s(aLo), cell);
        const gridHi = f64x2.mul(f64x2.convert_low_i32x4_s(aHi), cell);
        const rLo = f64x2.mul(f64x2.sub(pLo, gridLo), f64x2.div(one, f64x2.sub(one, gridLo)));
        const rHi = f64x2.mul(f64x2.sub(pHi, gridHi), f64x2.div(one, f64x2.sub(one, gridHi)));
        const at = (<usize>(i - start)) << 2;
        v128.store(U1 + at, u1);
        v128.store(U2 + at, u2);
        v128.store(FLIP + at, flip);
        v128.store(ENTRY + at, entry);
        v128.store(R + (at << 1), rLo);
        v128.store(R + (at << 1) + 16, rHi);
      }
      for (let i = start; i < end; i += 4) {
        const at = (<usize>(i - start)) << 2;
        const u1 = v128.load(U1 + at);
        const u2bits = v128.load(U2 + at);
        const entry = v128.load(ENTRY + at);
        const rLo = v128.load(R + (at << 1));
        const rHi = v128.load(R + (at << 1) + 16);
        const keep = i32x4.lt_s(v128.and(u1, lowMask), i32x4.shr_u(entry, bits));
        let k = v128.bitselect(i32x4.shr_u(u1, 32 - bits), v128.and(entry, aliasMask), keep);
        // secondChance's bounds, lane by lane.
        const rest = i32x4.sub(nn, k);
        const restLo = f64x2.convert_low_i32x4_s(rest);
        const restHi = f64x2.convert_low_i32x4_s(high(rest));
        const u2Lo = f64x2.mul(f64x2.convert_low_i32x4_u(u2bits), toUnit);
        const u2Hi = f64x2.mul(f64x2.convert_low_i32x4_u(high(u2bits)), toUnit);
        const nrLo = f64x2.mul(restLo, rLo);
        const nrHi = f64x2.mul(restHi, rHi);
        const modeLo = f64x2.lt(f64x2.mul(f64x2.add(restLo, one), rLo), one);
        const modeHi = f64x2.lt(f64x2.mul(f64x2.add(restHi, one), rHi), one);
        const noneLo = v128.and(modeLo, f64x2.lt(u2Lo, f64x2.sub(f64x2.sub(one, nrLo), margin)));
        const noneHi = v128.and(modeHi, f64x2.lt(u2Hi, f64x2.sub(f64x2.sub(one, nrHi), margin)));
        // B = 0 in all four lanes in ~9 blocks of 10; the other bounds only where it is not.
        if (!i32x4.all_true(narrow(noneLo, noneHi))) {
          const qLo = f64x2.mul(f64x2.mul(half, nrLo), nrLo);
          const qHi = f64x2.mul(f64x2.mul(half, nrHi), nrHi);
          const oneLo = v128.and(
            modeLo,
            v128.and(
              f64x2.ge(u2Lo, f64x2.add(f64x2.add(f64x2.sub(one, nrLo), qLo), margin)),
              f64x2.lt(u2Lo, f64x2.sub(f64x2.sub(one, qLo), margin)),
            ),
          );
          const oneHi = v128.and(
            modeHi,
            v128.and(
              f64x2.ge(u2Hi, f64x2.add(f64x2.add(f64x2.sub(one, nrHi), qHi), margin)),
              f64x2.lt(u2Hi, f64x2.sub(f64x2.sub(one, qHi), margin)),
            ),
          );
          // A mask lane is −1: subtracting it adds the one.
          k = i32x4.sub(k, narrow(oneLo, oneHi));
          const open = ~i32x4.bitmask(narrow(v128.or(noneLo, oneLo), v128.or(noneHi, oneHi)));
          if (open & 15) {
            const lf = logFactorials;
            let k0 = i32x4.extract_lane(k, 0);
            let k1 = i32x4.extract_lane(k, 1);
            let k2 = i32x4.extract_lane(k, 2);
            let k3 = i32x4.extract_lane(k, 3);
            if (open & 1)
              k0 = secondChance(k0, n, f64x2.extract_lane(rLo, 0), f64x2.extract_lane(u2Lo, 0), lf);
            if (open & 2)
              k1 = secondChance(k1, n, f64x2.extract_lane(rLo, 1), f64x2.extract_lane(u2Lo, 1), lf);
            if (open & 4)
              k2 = secondChance(k2, n, f64x2.extract_lane(rHi, 0), f64x2.extract_lane(u2Hi, 0), lf);
            if (open & 8)
              k3 = secondChance(k3, n, f64x2.extract_lane(rHi, 1), f64x2.extract_lane(u2Hi, 1), lf);
            k = i32x4.replace_lane(i32x4.splat(k0), 1, k1);
            k = i32x4.replace_lane(i32x4.replace_lane(k, 2, k2), 3, k3);
          }
        }
        k = v128.bitselect(i32x4.sub(nn, k), k, v128.load(FLIP + at));
        const eAt = i32x4.add(i32x4.splat(<i32>estimates), i32x4.shl(k, 2));
        let e = v128.load32_lane(<usize>i32x4.extract_lane(eAt, 0), zero, 0);
        e = v128.load32_lane(<usize>i32x4.extract_lane(eAt, 1), e, 1);
        e = v128.load32_lane(<usize>i32x4.extract_lane(eAt, 2), e, 2);
        e = v128.load32_lane(<usize>i32x4.extract_lane(eAt, 3), e, 3);
        const to = (<usize>i) << 2;
        if (accumulate) {
          // out += weight·estimate in float64, rounded once.
          const o = v128.load(out + to);
          const sumLo = f64x2.add(
            f64x2.promote_low_f32x4(o),
            f64x2.mul(w, f64x2.promote_low_f32x4(e)),
          );
          const sumHi = f64x2.add(
            f64x2.promote_low_f32x4(high(o)),
            f64x2.mul(w, f64x2.promote_low_f32x4(high(e))),
          );
          e = i32x4.shuffle(
            f32x4.demote_f64x2_zero(sumLo),
            f32x4.demote_f64x2_zero(sumHi),
            0,
            1,
            4,
            5,
          );
        }
        v128.store(out + to, e);
        if (spread != 0) {
          // spread += spreadWeight·(1 − z²), the same way.
          const z4 = v128.load(z + to);
          const zLo = f64x2.promote_low_f32x4(z4);
          const zHi = f64x2.promote_low_f32x4(high(z4));
          const o = v128.load(spread + to);
          const sumLo = f64x2.add(
            f64x2.promote_low_f32x4(o),
            f64x2.mul(sw, f64x2.sub(one, f64x2.mul(zLo, zLo))),
          );
          const sumHi = f64x2.add(
            f64x2.promote_low_f32x4(high(o)),
            f64x2.mul(sw, f64x2.sub(one, f64x2.mul(zHi, zHi))),
          );
          v128.store(
            spread + to,
            i32x4.shuffle(
              f32x4.demote_f64x2_zero(sumLo),
              f32x4.demote_f64x2_zero(sumHi),
              0,
              1,
              4,
              5,
            ),
          );
        }
      }
    }
    i = blocks;
    s += <u32>(2 * i) * STEP;
  }
  // What the blocks of four left (under four values), and every draw where there is no table.
  for (; i < count; i++) {
    s += STEP;
    const u1 = mix(s);
    s += STEP;
    const u2 = <f64>mix(s) * TO_UNIT;
    let p = (1.0 - <f64>load<f32>(z + ((<usize>i) << 2))) * 0.5;
    p = select<f64>(0.0, p, p < 0.0);
    p = select<f64>(1.0, p, p > 1.0);
    // Selects, not branches: which side of 1/2 p lies on is a coin flip per value.
    const flip = p > 0.5;
    p = select<f64>(1.0 - p, p, flip);
    let k = 0;
    let r = p;
    if (grid > 0) {
      const a = <i32>(p * g); // p ≥ 0: truncation is the floor
      k = aliasDraw(alias, bits, a, u1);
      const at = <f64>a * cell;
      r = (p - at) * (1.0 / (1.0 - at));
    }
    k = secondChance(k, n, r, u2, logFactorials);
    k = select<i32>(n - k, k, flip);
    const estimate = load<f32>(estimates + ((<usize>k) << 2));
    const to = out + ((<usize>i) << 2);
    // out = estimate, or out += weight·estimate (in float64, rounded once, as the host's
    // float32 arrays do it).
    store<f32>(to, accumulate ? <f32>(<f64>load<f32>(to) + weight * <f64>estimate) : estimate);
    if (spread != 0) {
      // spread += spreadWeight·(1 − z²), the same way.
      const zi = <f64>load<f32>(z + ((<usize>i) << 2));
      const into = spread + ((<usize>i) << 2);
      store<f32>(into, <f32>(<f64>load<f32>(into) + spreadWeight * (1.0 - zi * zi)));
    }
  }
  state = s;
}

/** The state after the draws (the host continues the stream from it). */
export function streamState(): u32 {
  return state;
}

export function heapBase(): usize {
  return __heap_base;
}

// The module's other entry: the typed pass's shift-rule sums (shiftSums.ts).
export { shiftSums } from './shiftSums';
