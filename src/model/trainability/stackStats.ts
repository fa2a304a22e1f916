/*
 * The deep-stack study's statistic: per layer, the median and the interquartile range of the
 * gradient norm over the K random initialisations. Quantiles interpolate linearly between order
 * statistics (Hyndman & Fan's type 7, R's and NumPy's default), so they are defined for any K ≥ 1.
 */

export interface Quartiles {
  readonly median: number;
  readonly q1: number;
  readonly q3: number;
}

/** The q-quantile (0 ≤ q ≤ 1) of values sorted ascending; NaN for none. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/** The 0.25, 0.5 and 0.75 quantiles of values (in any order). */
export function quartiles(values: readonly number[]): Quartiles {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    q1: quantile(sorted, 0.25),
    median: quantile(sorted, 0.5),
    q3: quantile(sorted, 0.75),
  };
}
