/*
 * The barren-plateau rate: a least-squares line through (n, ln Var) as PennyLane's demo fits it,
 * Var ≈ A·e^(−decay·n). decayPerQubit is minus the slope, with the Student-t 95% interval of the
 * slope (n − 2 degrees of freedom).
 */
import { tQuantile } from '../sweep/statistics';

export interface DecayFit {
  readonly decayPerQubit: number;
  /** null with fewer than three points (no residual degree of freedom). */
  readonly ci95: [number, number] | null;
  /** ln A: the line's value at n = 0. */
  readonly intercept: number;
  readonly points: number;
}

/** The fit of ln(variance) against n; points with variance ≤ 0 are skipped. null with fewer than two. */
export function fitDecay(qubits: readonly number[], variances: readonly number[]): DecayFit | null {
  const xs: number[] = [];
  const ys: number[] = [];
  qubits.forEach((n, i) => {
    if (variances[i] > 0 && Number.isFinite(variances[i])) {
      xs.push(n);
      ys.push(Math.log(variances[i]));
    }
  });
  const m = xs.length;
  if (m < 2) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / m;
  const my = ys.reduce((a, b) => a + b, 0) / m;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < m; i++) {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let ci95: [number, number] | null = null;
  if (m > 2) {
    let sse = 0;
    for (let i = 0; i < m; i++) sse += (ys[i] - intercept - slope * xs[i]) ** 2;
    const se = Math.sqrt(sse / (m - 2) / sxx);
    const t = tQuantile(0.975, m - 2);
    ci95 = [-slope - t * se, -slope + t * se];
  }
  return { decayPerQubit: -slope, ci95, intercept, points: m };
}
