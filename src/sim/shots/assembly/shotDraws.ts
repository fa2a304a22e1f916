/*
 * Shot estimates in WebAssembly (docs/model.md §6): for each exact ⟨Z⟩ a Binomial(S, p) draw,
 * p = (1 − ⟨Z⟩)/2, as the float32 estimate 1 − 2k/S. Built by scripts/build-wasm.mjs; the host
 * side (src/sim/shots/binomial.ts) builds the tables below once per S and lays out memory.
 *
 * A draw is exact, by composition: with p ≤ 1/2 (p > 1/2 draws S − k at 1 − p) and the grid
 * point p_a = ⌊p·G⌋/G below it, k = A + B with A ~ Binomial(S, p_a) and B ~ Binomial(S − A, r),
 * r = (p − p_a)/(1 − p_a): each shot succeeds with p_a, and one that did not gets a second chance
 * r, so with p_a + (1 − p_a)·r = p in all. A is inverted from a table of the grid's CDFs (rows of
 * S + 4 32-bit thresholds, walked up four entries at a time from a guide of 64 starting points per row):
 * no logarithm, no exponential. B is 0 with probability (1 − r)^(S − A) ≥ 1 − (S − A)·r, ≈ 1 − S/(2G) on average,
 * which one comparison settles; otherwise it is inverted outward from its mode as before this
 * module (ln k! table, pmf ratios). Two uniforms per draw (mulberry32, src/util/prng.ts's stream):
 * u₁ for A, u₂ for B.
 *
 * mulberry32 hashes a counter (uniform i from state s + i·C), so four draws' uniforms are made at
 * once in i32x4 lanes; drawBlocks makes everything but the table walk and B four draws at a time,
 * with the same operations in the same order per lane, so the bits are those of the
 * one-at-a-time loop (binomial.test.ts compares them).
 */

/** mulberry32's constant: uniform i of a stream seeded s comes from state s + i·C. */
const STEP: u32 = 0x6d2b79f5;
/** The guide's starting points per row: 2^6. */
const GUIDE_BITS: i32 = 6;
const TO_UNIT: f64 = 1.0 / 4294967296.0;

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

/**
 * A's inverse CDF at the 32-bit uniform `u`: the first k from the guide's entry (at `from`) on
 * whose threshold in the row at `row` u does not pass, four at a time without a branch per entry
 * (thresholds rise, so the count of those u passes is the distance to it, when under four).
 */
function walk(from: usize, row: usize, u: u32): i32 {
  let k = <i32>load<u16>(from);
  const uu = i32x4.splat(u);
  let steps = <i32>popcnt(i32x4.bitmask(i32x4.gt_u(uu, v128.load(row + ((<usize>k) << 2)))));
  k += steps;
  // Four or more past the guide: rare (a bucket's tail), so out of the common path's loop.
  while (steps == 4) {
    steps = <i32>popcnt(i32x4.bitmask(i32x4.gt_u(uu, v128.load(row + ((<usize>k) << 2)))));
    k += steps;
  }
  return k;
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

/** Two f64x2 halves' lane masks as one i32x4 mask (a 64-bit lane's mask is all ones or none). */
function narrow(lo: v128, hi: v128): v128 {
  return i32x4.shuffle(lo, hi, 0, 2, 4, 6);
}

/**
 * drawEstimates' draws four at a time, while four values are left, with a table (grid > 0):
 * the same uniforms, decisions and results as its one-at-a-time loop, made with f64x2 and
 * i32x4 lanes (the stream, p and its grid point, r, whether B can be nonzero, the estimate),
 * the table walk per lane. B itself, needed in ~1 block of 10, is drawn per lane as there.
 * Returns how many values it drew (a multiple of four).
 */
function drawBlocks(
  z: usize,
  count: i32,
  out: usize,
  n: i32,
  grid: i32,
  cdf: usize,
  guide: usize,
  logFactorials: usize,
  estimates: usize,
  seedState: u32,
  accumulate: bool,
  weight: f64,
  spread: usize,
  spreadWeight: f64,
): i32 {
  const one = f64x2.splat(1.0);
  const half = f64x2.splat(0.5);
  const zero = f64x2.splat(0.0);
  const g = f64x2.splat(<f64>grid);
  const cell = f64x2.splat(1.0 / <f64>grid);
  const toUnit = f64x2.splat(TO_UNIT);
  const margin = f64x2.splat(4.4e-16);
  const w = f64x2.splat(weight);
  const sw = f64x2.splat(spreadWeight);
  const nn = i32x4.splat(n);
  const rowBytes = i32x4.splat((n + 4) << 2);
  const rows = i32x4.splat(<i32>cdf);
  // Lane j of a block draws u₁ at state s + (2j + 1)·STEP and u₂ at the next.
  let s1 = i32x4.splat(<i32>seedState);
  s1 = i32x4.add(s1, i32x4(<i32>STEP, <i32>(3 * STEP), <i32>(5 * STEP), <i32>(7 * STEP)));
  const step = i32x4.splat(<i32>STEP);
  const block = i32x4.splat(<i32>(8 * STEP));
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const u1 = mix4(s1);
    const u2bits = mix4(i32x4.add(s1, step));
    s1 = i32x4.add(s1, block);
    const at = (<usize>i) << 2;
    const z4 = v128.load(z + at);
    const zLo = f64x2.promote_low_f32x4(z4);
    const zHi = f64x2.promote_low_f32x4(i32x4.shuffle(z4, z4, 2, 3, 2, 3));
    let pLo = f64x2.mul(f64x2.sub(one, zLo), half);
    let pHi = f64x2.mul(f64x2.sub(one, zHi), half);
    pLo = v128.bitselect(zero, pLo, f64x2.lt(pLo, zero));
    pHi = v128.bitselect(zero, pHi, f64x2.lt(pHi, zero));
    pLo = v128.bitselect(one, pLo, f64x2.gt(pLo, one));
    pHi = v128.bitselect(one, pHi, f64x2.gt(pHi, one));
    const flip = narrow(f64x2.gt(pLo, half), f64x2.gt(pHi, half));
    pLo = v128.bitselect(f64x2.sub(one, pLo), pLo, f64x2.gt(pLo, half));
    pHi = v128.bitselect(f64x2.sub(one, pHi), pHi, f64x2.gt(pHi, half));
    const a = i32x4.shuffle(
      i32x4.trunc_sat_f64x2_s_zero(f64x2.mul(pLo, g)),
      i32x4.trunc_sat_f64x2_s_zero(f64x2.mul(pHi, g)),
      0,
      1,
      4,
      5,
    );
    const from = i32x4.add(
      i32x4.splat(<i32>guide),
      i32x4.shl(i32x4.add(i32x4.shl(a, GUIDE_BITS), i32x4.shr_u(u1, 32 - GUIDE_BITS)), 1),
    );
    const row = i32x4.add(rows, i32x4.mul(a, rowBytes));
    let k0 = walk(
      <usize>i32x4.extract_lane(from, 0),
      <usize>i32x4.extract_lane(row, 0),
      <u32>i32x4.extract_lane(u1, 0),
    );
    let k1 = walk(
      <usize>i32x4.extract_lane(from, 1),
      <usize>i32x4.extract_lane(row, 1),
      <u32>i32x4.extract_lane(u1, 1),
    );
    let k2 = walk(
      <usize>i32x4.extract_lane(from, 2),
      <usize>i32x4.extract_lane(row, 2),
      <u32>i32x4.extract_lane(u1, 2),
    );
    let k3 = walk(
      <usize>i32x4.extract_lane(from, 3),
      <usize>i32x4.extract_lane(row, 3),
      <u32>i32x4.extract_lane(u1, 3),
    );
    // r = (p − a/G)/(1 − a/G), as the one-at-a-time loop's table gives 1/(1 − a/G): exactly.
    const aLo = f64x2.mul(f64x2.convert_low_i32x4_s(a), cell);
    const aHi = f64x2.mul(f64x2.convert_low_i32x4_s(i32x4.shuffle(a, a, 2, 3, 2, 3)), cell);
    const rLo = f64x2.mul(f64x2.sub(pLo, aLo), f64x2.div(one, f64x2.sub(one, aLo)));
    const rHi = f64x2.mul(f64x2.sub(pHi, aHi), f64x2.div(one, f64x2.sub(one, aHi)));
    let k = i32x4.replace_lane(i32x4.splat(k0), 1, k1);
    k = i32x4.replace_lane(i32x4.replace_lane(k, 2, k2), 3, k3);
    const rest = i32x4.sub(nn, k);
    const restLo = f64x2.convert_low_i32x4_s(rest);
    const restHi = f64x2.convert_low_i32x4_s(i32x4.shuffle(rest, rest, 2, 3, 2, 3));
    const u2Lo = f64x2.mul(f64x2.convert_low_i32x4_u(u2bits), toUnit);
    const u2Hi = f64x2.mul(
      f64x2.convert_low_i32x4_u(i32x4.shuffle(u2bits, u2bits, 2, 3, 2, 3)),
      toUnit,
    );
    // Where B may be nonzero (the one-at-a-time loop's test, lane by lane).
    const needLo = v128.or(
      f64x2.ge(f64x2.mul(f64x2.add(restLo, one), rLo), one),
      f64x2.ge(u2Lo, f64x2.sub(f64x2.sub(one, f64x2.mul(restLo, rLo)), margin)),
    );
    const needHi = v128.or(
      f64x2.ge(f64x2.mul(f64x2.add(restHi, one), rHi), one),
      f64x2.ge(u2Hi, f64x2.sub(f64x2.sub(one, f64x2.mul(restHi, rHi)), margin)),
    );
    if (v128.any_true(v128.or(needLo, needHi))) {
      const need = i32x4.bitmask(narrow(needLo, needHi));
      if (need & 1)
        k0 += outward(
          n - k0,
          f64x2.extract_lane(rLo, 0),
          f64x2.extract_lane(u2Lo, 0),
          logFactorials,
        );
      if (need & 2)
        k1 += outward(
          n - k1,
          f64x2.extract_lane(rLo, 1),
          f64x2.extract_lane(u2Lo, 1),
          logFactorials,
        );
      if (need & 4)
        k2 += outward(
          n - k2,
          f64x2.extract_lane(rHi, 0),
          f64x2.extract_lane(u2Hi, 0),
          logFactorials,
        );
      if (need & 8)
        k3 += outward(
          n - k3,
          f64x2.extract_lane(rHi, 1),
          f64x2.extract_lane(u2Hi, 1),
          logFactorials,
        );
      k = i32x4.replace_lane(i32x4.splat(k0), 1, k1);
      k = i32x4.replace_lane(i32x4.replace_lane(k, 2, k2), 3, k3);
    }
    k = v128.bitselect(i32x4.sub(nn, k), k, flip);
    let e = f32x4.splat(load<f32>(estimates + ((<usize>i32x4.extract_lane(k, 0)) << 2)));
    e = f32x4.replace_lane(e, 1, load<f32>(estimates + ((<usize>i32x4.extract_lane(k, 1)) << 2)));
    e = f32x4.replace_lane(e, 2, load<f32>(estimates + ((<usize>i32x4.extract_lane(k, 2)) << 2)));
    e = f32x4.replace_lane(e, 3, load<f32>(estimates + ((<usize>i32x4.extract_lane(k, 3)) << 2)));
    if (accumulate) {
      // out += weight·estimate in float64, rounded once.
      const o = v128.load(out + at);
      const sumLo = f64x2.add(f64x2.promote_low_f32x4(o), f64x2.mul(w, f64x2.promote_low_f32x4(e)));
      const sumHi = f64x2.add(
        f64x2.promote_low_f32x4(i32x4.shuffle(o, o, 2, 3, 2, 3)),
        f64x2.mul(w, f64x2.promote_low_f32x4(i32x4.shuffle(e, e, 2, 3, 2, 3))),
      );
      e = i32x4.shuffle(f32x4.demote_f64x2_zero(sumLo), f32x4.demote_f64x2_zero(sumHi), 0, 1, 4, 5);
    }
    v128.store(out + at, e);
    if (spread != 0) {
      // spread += spreadWeight·(1 − z²), the same way.
      const o = v128.load(spread + at);
      const sumLo = f64x2.add(
        f64x2.promote_low_f32x4(o),
        f64x2.mul(sw, f64x2.sub(one, f64x2.mul(zLo, zLo))),
      );
      const sumHi = f64x2.add(
        f64x2.promote_low_f32x4(i32x4.shuffle(o, o, 2, 3, 2, 3)),
        f64x2.mul(sw, f64x2.sub(one, f64x2.mul(zHi, zHi))),
      );
      v128.store(
        spread + at,
        i32x4.shuffle(f32x4.demote_f64x2_zero(sumLo), f32x4.demote_f64x2_zero(sumHi), 0, 1, 4, 5),
      );
    }
  }
  return i;
}

/**
 * `count` estimates from the exact values at `z` (float32) into `out` (float32), or with
 * `accumulate` `weight` times them added to `out` (and, where `spread` is not 0,
 * spreadWeight·(1 − z²) added to `spread`), drawing from the stream at `seedState` (the
 * state before the draws' first uniform). `cdf`: rows a = 0 … G/2 of n + 4 u32, the CDF F of
 * Binomial(n, a/G) as thresholds ⌈F·2³²⌉ − 1 (u₁ = U/2³² is below F exactly when the 32-bit U
 * does not pass its threshold), entries n … n + 3 at 2³² − 1 (no U passes them); `stretch`:
 * per row, f64 1/(1 − a/G), the second chance's r per unit of p − a/G; `guide`: per row, u16 × 64, the first k whose CDF exceeds b/64;
 * `estimates`: f32 1 − 2k/n per k. `grid` 0 (no table: S too large for one) leaves every draw to
 * `outward`, u₁ unused.
 */
export function drawEstimates(
  z: usize,
  count: i32,
  out: usize,
  n: i32,
  grid: i32,
  cdf: usize,
  guide: usize,
  logFactorials: usize,
  estimates: usize,
  stretch: usize,
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
  const rowBytes = (<usize>(n + 4)) << 2;
  let i = 0;
  if (grid > 0) {
    i = drawBlocks(
      z,
      count,
      out,
      n,
      grid,
      cdf,
      guide,
      logFactorials,
      estimates,
      s,
      accumulate,
      weight,
      spread,
      spreadWeight,
    );
    s += <u32>(2 * i) * STEP;
  }
  // What the blocks of four left (under four values), and every draw where there is no table.
  for (; i < count; i++) {
    s += STEP;
    const u1bits = mix(s);
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
      const from =
        guide + ((<usize>(a << GUIDE_BITS) + <usize>(u1bits >>> (32 - GUIDE_BITS))) << 1);
      k = walk(from, cdf + <usize>a * rowBytes, u1bits);
      r = (p - <f64>a * cell) * load<f64>(stretch + ((<usize>a) << 3));
    }
    const rest = n - k;
    // B = 0 in one comparison for nearly every draw: its mode is 0, so outward's first step
    // (u₂ < f(0)) decides, and 1 − N·r ≤ (1 − r)^N = f(0) (Bernoulli's inequality), less an
    // ulp's margin for its own rounding, settles it without f(0).
    if (<f64>(rest + 1) * r >= 1.0 || u2 >= 1.0 - <f64>rest * r - 4.4e-16) {
      k += outward(rest, r, u2, logFactorials);
    }
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
