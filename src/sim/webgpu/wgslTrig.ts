/*
 * WGSL source of `preciseCosSin(x) -> vec2<f32>` (cos x, sin x), exact to float32: the same
 * Cody–Waite reduction and polynomials as src/sim/trig.ts (see there why WGSL's own sin and cos,
 * allowed an absolute error of 2⁻¹¹ and 1.9·10⁻⁴ off on SwiftShader, are not used). x = k·π/2 + r
 * with |r| ≤ π/4, π/2 split in three float32 parts so that k·part and x − k·C1 are exact for
 * |k| < 2¹⁶; degree-9/10 Taylor polynomials at r; the quadrant k mod 4 picks and signs them.
 */

import { COS, HALF_PI_1, HALF_PI_2, HALF_PI_3, SIN_TAIL } from '../trigConstants';

/** A WGSL float literal that parses back to exactly `v` as float32. */
export function f32Literal(v: number): string {
  const s = Math.fround(v).toPrecision(9);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/** `c0 + r2 * (c1 + r2 * (… + r2 * cN))` as WGSL, the coefficients as exact float32 literals. */
function hornerWgsl(coefficients: readonly number[]): string {
  return coefficients
    .slice(0, -1)
    .reduceRight(
      (inner, c) => `${f32Literal(c)} + r2 * (${inner})`,
      f32Literal(coefficients[coefficients.length - 1]),
    );
}

export function preciseTrigWgsl(): string {
  const lit = f32Literal;
  return `
fn preciseCosSin(x : f32) -> vec2<f32> {
  let k = round(x * ${lit(2 / Math.PI)});
  var r = x - k * ${lit(HALF_PI_1)};
  r = r - k * ${lit(HALF_PI_2)};
  r = r - k * ${lit(HALF_PI_3)};
  let r2 = r * r;
  // sin r = r + r·r²·(−1/6 + …): the leading term is added last, so it is rounded once.
  let sp = ${hornerWgsl(SIN_TAIL)};
  let s = r + (r * r2) * sp;
  let c = ${hornerWgsl(COS)};
  // Quadrant m = k mod 4 (two's complement: also right for negative k):
  // sin x = s, c, −s, −c and cos x = c, −s, −c, s.
  let m = i32(k) & 3;
  var sinX = s;
  var cosX = c;
  if ((m & 1) == 1) {
    sinX = c;
    cosX = -s;
  }
  if ((m & 2) == 2) {
    sinX = -sinX;
    cosX = -cosX;
  }
  return vec2<f32>(cosX, sinX);
}
`;
}
