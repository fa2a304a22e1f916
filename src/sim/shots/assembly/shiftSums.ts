/*
 * The shift rule's sums for the typed pass (src/sim/shots/shiftSums.ts): per parameter, the
 * prepared differences Σ_t 2c_t·(Ê₊ − Ê₋) of every estimate against the cotangent dy, summed in
 * float64 in the order of the estimates, as the host's loop summed them. Two parameters share
 * an f64x2 (each lane its own sum, in order), two such pairs in one sweep over dy, so that two
 * chains of additions run side by side.
 */

function term(row: usize, k: usize): f64 {
  return <f64>load<f32>(row + (k << 2));
}

/**
 * sums[i] += Σ_{k < count} rows[i][k]·dy[k], for i < params: rows of float32 `stride` apart at
 * `rows`, dy float32, sums float64; each product and sum rounded as float64 arithmetic does, k in
 * order.
 */
export function shiftSums(
  rows: usize,
  stride: i32,
  count: i32,
  params: i32,
  dy: usize,
  sums: usize,
): void {
  const rowBytes = (<usize>stride) << 2;
  let i = 0;
  for (; i + 4 <= params; i += 4) {
    const a = rows + <usize>i * rowBytes;
    const b = a + rowBytes;
    const c = b + rowBytes;
    const d = c + rowBytes;
    let ab = v128.load(sums + ((<usize>i) << 3));
    let cd = v128.load(sums + ((<usize>i) << 3) + 16);
    for (let k: usize = 0; k < <usize>count; k++) {
      const y = f64x2.splat(term(dy, k));
      ab = f64x2.add(ab, f64x2.mul(f64x2.replace_lane(f64x2.splat(term(a, k)), 1, term(b, k)), y));
      cd = f64x2.add(cd, f64x2.mul(f64x2.replace_lane(f64x2.splat(term(c, k)), 1, term(d, k)), y));
    }
    v128.store(sums + ((<usize>i) << 3), ab);
    v128.store(sums + ((<usize>i) << 3) + 16, cd);
  }
  for (; i < params; i++) {
    const a = rows + <usize>i * rowBytes;
    let s = load<f64>(sums + ((<usize>i) << 3));
    for (let k: usize = 0; k < <usize>count; k++) s += term(a, k) * term(dy, k);
    store<f64>(sums + ((<usize>i) << 3), s);
  }
}
