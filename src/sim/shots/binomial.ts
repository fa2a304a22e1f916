/*
 * Exact Binomial(n, p) draws from a seeded uniform source, for finite shots (docs/model.md §6).
 *
 * Inversion over the support ordered outward from the mode (m, m+1, m−1, m+2, …): any fixed order
 * of the support gives an exact sampler, and this one needs O(√(n·p·(1−p))) probability terms
 * per draw instead of O(n·p), so 10⁶ shots cost ~10³ steps, not ~10⁶. The pmf at the mode comes
 * from log-gamma; its neighbours from the ratio f(k+1)/f(k) = (n−k)/(k+1)·p/(1−p).
 */
import { logGamma } from '../../util/logGamma';

/**
 * ln k! for k = 0 … n of the last n asked for, each computed once (logGamma(k + 1), the same
 * number as without the table): a step draws ~10⁵–10⁶ times with one n (the shots), and three
 * log-gammas were most of a draw's time (scripts/measure/shotStep.ts).
 */
let tableN = -1;
let logFactorials = new Float64Array(0);
/** The outward steps' factors without p: (n − k)/(k + 1) up from k, k/(n − k + 1) down from k. */
let upFactors = new Float64Array(0);
let downFactors = new Float64Array(0);

function useTables(n: number): void {
  if (n === tableN) return;
  tableN = n;
  logFactorials = new Float64Array(n + 1).fill(NaN);
  upFactors = new Float64Array(n + 1);
  downFactors = new Float64Array(n + 1);
  for (let k = 0; k <= n; k++) {
    upFactors[k] = (n - k) / (k + 1);
    downFactors[k] = k / (n - k + 1);
  }
}

function logFactorial(k: number): number {
  let v = logFactorials[k];
  if (v !== v) v = logFactorials[k] = logGamma(k + 1);
  return v;
}

/** One draw of the number of successes in n trials of probability p. */
export function binomial(n: number, p: number, random: () => number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const q = 1 - p;
  const mode = Math.min(n, Math.floor((n + 1) * p));
  useTables(n);
  const logPmf =
    logFactorial(n) -
    logFactorial(mode) -
    logFactorial(n - mode) +
    mode * Math.log(p) +
    (n - mode) * Math.log(q);
  const ratio = p / q;
  let u = random();
  const atMode = Math.exp(logPmf);
  u -= atMode;
  if (u < 0) return mode;
  let up = mode;
  let down = mode;
  let fUp = atMode;
  let fDown = atMode;
  // Alternate outward until the uniform is used up; stop at the support's ends. While both
  // directions are open (nearly every draw) without the two bound checks per step.
  while (up < n && down > 0) {
    fUp *= upFactors[up] * ratio;
    up++;
    u -= fUp;
    if (u < 0) return up;
    fDown *= downFactors[down] / ratio;
    down--;
    u -= fDown;
    if (u < 0) return down;
  }
  while (up < n || down > 0) {
    if (up < n) {
      fUp *= upFactors[up] * ratio;
      up++;
      u -= fUp;
      if (u < 0) return up;
    }
    if (down > 0) {
      fDown *= downFactors[down] / ratio;
      down--;
      u -= fDown;
      if (u < 0) return down;
    }
  }
  // Rounding left a sliver of probability unassigned (≲1e-12): the mode is the likeliest answer.
  return mode;
}

/**
 * ⟨Z⟩ estimated from `shots` measurements of each qubit: with p = (1 − ⟨Z⟩)/2 the chance of
 * reading 1, k ~ Binomial(shots, p) ones give the estimate 1 − 2k/shots. Per entry, independent.
 */
export function shotEstimates(
  z: ArrayLike<number>,
  shots: number,
  random: () => number,
): Float32Array {
  const out = new Float32Array(z.length);
  for (let i = 0; i < z.length; i++) out[i] = shotEstimate(z[i], shots, random);
  return out;
}

/** One entry of shotEstimates, as the float32 it is stored as: one draw from `random`. */
export function shotEstimate(z: number, shots: number, random: () => number): number {
  const p = Math.min(1, Math.max(0, (1 - z) / 2));
  return Math.fround(1 - (2 * binomial(shots, p, random)) / shots);
}
