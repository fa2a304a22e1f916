/*
 * Statistics across seeds (docs/model.md §7): mean, sample standard deviation, and the
 * Student-t 95% confidence interval of a mean, plus Welch's interval for a difference of two
 * means. Pure functions on plain numbers; the t quantile is computed from the t distribution's
 * CDF (a regularised incomplete beta) so small samples (2–10 seeds) get the exact width rather
 * than a normal approximation.
 */
import { logGamma } from '../../util/logGamma';

export interface Summary {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1 in the denominator); null for fewer than two values. */
  readonly sd: number | null;
  /** The t-interval of the mean at 95%; null for fewer than two values. */
  readonly ci95: readonly [number, number] | null;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Unbiased sample variance; null for fewer than two values (it is undefined there). */
export function variance(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const m = mean(values);
  let s = 0;
  for (const v of values) s += (v - m) ** 2;
  return s / (values.length - 1);
}

export function sd(values: readonly number[]): number | null {
  const v = variance(values);
  return v === null ? null : Math.sqrt(v);
}

/**
 * Mean, sd and the 95% t-interval of `values`. With `range` (the values' possible range, e.g.
 * [0, 1] for an accuracy) the interval is cut to it: the true mean lies in the range, so the cut
 * interval covers it whenever the whole one does, and no accuracy's interval reads below 0%.
 */
export function summarize(
  values: readonly number[],
  range: readonly [number, number] = [-Infinity, Infinity],
): Summary {
  const n = values.length;
  const m = mean(values);
  const s = sd(values);
  if (s === null) return { n, mean: m, sd: null, ci95: null };
  const half = tQuantile(0.975, n - 1) * (s / Math.sqrt(n));
  return {
    n,
    mean: m,
    sd: s,
    ci95: [Math.max(range[0], m - half), Math.min(range[1], m + half)],
  };
}

export interface Difference {
  /** mean(a) − mean(b). */
  readonly difference: number;
  /** Welch's 95% interval of the difference; null when either side has fewer than two values. */
  readonly ci95: readonly [number, number] | null;
  /** Welch–Satterthwaite degrees of freedom. */
  readonly df: number | null;
}

/**
 * The difference of two means with Welch's t-interval (unequal variances): the comparison of
 * two groups of runs, e.g. configurations with gradient in every layer against the others.
 */
export function meanDifference(a: readonly number[], b: readonly number[]): Difference {
  const difference = mean(a) - mean(b);
  const va = variance(a);
  const vb = variance(b);
  if (va === null || vb === null) return { difference, ci95: null, df: null };
  const sa = va / a.length;
  const sb = vb / b.length;
  const se = Math.sqrt(sa + sb);
  if (se === 0) return { difference, ci95: [difference, difference], df: Infinity };
  const df = (sa + sb) ** 2 / (sa ** 2 / (a.length - 1) + sb ** 2 / (b.length - 1));
  const half = tQuantile(0.975, df) * se;
  return { difference, ci95: [difference - half, difference + half], df };
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom (df > 0, not necessarily whole). */
export function tCdf(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`tCdf: degrees of freedom must be positive (got ${df})`);
  if (!Number.isFinite(df)) return normalCdf(t);
  const x = df / (df + t * t);
  const tail = 0.5 * incompleteBeta(x, df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t (0 < p < 1): bisection on tCdf, to 1e-12. */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`tQuantile: p must be in (0, 1) (got ${p})`);
  if (p < 0.5) return -tQuantile(1 - p, df);
  if (p === 0.5) return 0;
  let lo = 0;
  let hi = 1;
  while (tCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function normalCdf(x: number): number {
  return 0.5 * (1 + erf(x / Math.SQRT2));
}

/** Abramowitz–Stegun 7.1.26 is too coarse for quantiles; this series/continued fraction is 1e-15. */
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const z = Math.abs(x);
  // erf(z) = P(1/2, z²), the regularised lower incomplete gamma.
  return sign * lowerGammaRegularized(0.5, z * z);
}

function lowerGammaRegularized(a: number, x: number): number {
  if (x === 0) return 0;
  const lnPrefix = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 500; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return sum * Math.exp(lnPrefix);
  }
  // Continued fraction for the upper tail (Lentz).
  let b = x + 1 - a;
  let c = 1 / 1e-300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 - Math.exp(lnPrefix) * h;
}

/** The regularised incomplete beta I_x(a, b), by its continued fraction (Numerical Recipes 6.4). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront =
    logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  // The fraction converges fast for x < (a+1)/(a+b+2); use the symmetry otherwise.
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 1000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (Math.exp(lnFront) * h) / a;
}
