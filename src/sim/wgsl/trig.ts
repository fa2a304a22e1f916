/**
 * WGSL source of `preciseCosSin(x) -> vec2<f32>` (cos x, sin x), exact to float32: the same
 * Cody–Waite reduction and polynomials as src/sim/trig.ts (see there why WGSL's own sin and cos,
 * allowed an absolute error of 2⁻¹¹ and 1.9·10⁻⁴ off on SwiftShader, are not used). x = k·π/2 + r
 * with |r| ≤ π/4, π/2 split in three float32 parts so that k·part and x − k·C1 are exact for
 * |k| < 2¹⁶; degree-9/10 Taylor polynomials at r; the quadrant k mod 4 picks and signs them.
 */

const HALF_PI_1 = 1.5703125; // 8 significant bits
const HALF_PI_2 = 4.837512969970703125e-4; // 11 bits
const HALF_PI_3 = Math.fround(Math.PI / 2 - HALF_PI_1 - HALF_PI_2);

/** A WGSL float literal that parses back to exactly `v` as float32. */
export function f32Literal(v: number): string {
  const s = Math.fround(v).toPrecision(9);
  return /[.e]/.test(s) ? s : `${s}.0`;
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
  let sp = ${lit(-1 / 6)} + r2 * (${lit(1 / 120)} + r2 * (${lit(-1 / 5040)} + r2 * ${lit(1 / 362880)}));
  let s = r + (r * r2) * sp;
  let c = 1.0 + r2 * (-0.5 + r2 * (${lit(1 / 24)} + r2 * (${lit(-1 / 720)} + r2 * (${lit(1 / 40320)} + r2 * ${lit(-1 / 3628800)}))));
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
