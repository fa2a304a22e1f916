/*
 * Shot estimates in WebAssembly (docs/model.md §6): for each exact ⟨Z⟩ a Binomial(S, p) draw,
 * p = (1 − ⟨Z⟩)/2, as the float32 estimate 1 − 2k/S. Built by scripts/build-wasm.mjs; the host
 * side (src/sim/shots/shotSampler.ts) builds the tables below once per S and lays out memory.
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
 */

/** mulberry32's constant: uniform i of a stream seeded s comes from state s + i·C. */
const STEP: u32 = 0x6d2b79f5;
/** The guide's starting points per row: 2^6. */
const GUIDE_BITS: i32 = 6;
const TO_UNIT: f64 = 1.0 / 4294967296.0;

let state: u32 = 0;

function next(): u32 {
  state += STEP;
  let t = state;
  t = (t ^ (t >>> 15)) * (t | 1);
  t ^= t + (t ^ (t >>> 7)) * (t | 61);
  return t ^ (t >>> 14);
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
  state = seedState;
  const g = <f64>grid;
  const cell = 1.0 / g;
  const rowBytes = (<usize>(n + 4)) << 2;
  for (let i = 0; i < count; i++) {
    const u1bits = next();
    const u2 = <f64>next() * TO_UNIT;
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
      k = <i32>(
        load<u16>(guide + ((<usize>(a << GUIDE_BITS) + <usize>(u1bits >>> (32 - GUIDE_BITS))) << 1))
      );
      // The answer is the first k from the guide on whose threshold u₁ does not pass: four at
      // a time, without a branch per entry (thresholds rise, so the count of those u₁ passes is
      // the distance to it, when under four).
      const at = cdf + <usize>a * rowBytes;
      const uu = i32x4.splat(u1bits);
      let steps = <i32>popcnt(i32x4.bitmask(i32x4.gt_u(uu, v128.load(at + ((<usize>k) << 2)))));
      k += steps;
      // Four or more past the guide: rare (a bucket's tail), so out of the common path's loop.
      while (steps == 4) {
        steps = <i32>popcnt(i32x4.bitmask(i32x4.gt_u(uu, v128.load(at + ((<usize>k) << 2)))));
        k += steps;
      }
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
}

/** The state after the draws (the host continues the stream from it). */
export function streamState(): u32 {
  return state;
}

export function heapBase(): usize {
  return __heap_base;
}
