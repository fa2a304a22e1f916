/*
 * Var[∂C/∂θ_k] over the K samples for every parameter, their mean over parameters, and a
 * bootstrap 95% interval of that mean (samples resampled with replacement; the parameters of
 * one sample stay together, since they come from one draw).
 */
import { deriveSeed, mulberry32 } from '../../util/prng';

/** How many bootstrap resamples the interval uses. */
export const BOOTSTRAP_RESAMPLES = 200;

export interface GradientStats {
  readonly variance: number;
  readonly variancePerParam: number[];
  readonly ci95: [number, number];
  /** Mean over samples of |∂C/∂θ| averaged over parameters (a scale, for the histogram). */
  readonly meanAbsGradient: number;
}

/** Unbiased sample variance of grads[p·K + 0 … K−1] at the sample indices `pick` (or all). */
function paramVariance(
  grads: Float64Array,
  p: number,
  K: number,
  pick: Uint32Array | null,
): number {
  let sum = 0;
  let sumSq = 0;
  const base = p * K;
  for (let i = 0; i < K; i++) {
    const v = grads[base + (pick ? pick[i] : i)];
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / K;
  return Math.max(0, (sumSq - K * mean * mean) / (K - 1));
}

/** `grads[p·K + sample]` for P parameters and K ≥ 2 samples. */
export function gradientStats(
  grads: Float64Array,
  paramCount: number,
  samples: number,
  seed: number,
  resamples = BOOTSTRAP_RESAMPLES,
): GradientStats {
  const K = samples;
  const variancePerParam = Array.from({ length: paramCount }, (_, p) =>
    paramVariance(grads, p, K, null),
  );
  const variance = variancePerParam.reduce((a, b) => a + b, 0) / paramCount;
  const random = mulberry32(deriveSeed(seed, 0x626f6f74));
  const pick = new Uint32Array(K);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < K; i++) pick[i] = Math.floor(random() * K);
    let s = 0;
    for (let p = 0; p < paramCount; p++) s += paramVariance(grads, p, K, pick);
    means[r] = s / paramCount;
  }
  means.sort();
  const at = (q: number) =>
    means[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))];
  let abs = 0;
  for (const g of grads) abs += Math.abs(g);
  return {
    variance,
    variancePerParam,
    ci95: [at(0.025), at(0.975)],
    meanAbsGradient: abs / grads.length,
  };
}
