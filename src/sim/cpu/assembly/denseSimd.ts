/*
 * The dense head of the typed-array training step (src/model/typed/head.ts) in WebAssembly SIMD:
 * the three products of a dense layer, f32x4 over the feature axis. In scalar JavaScript they
 * were the largest part of the step outside the quantum kernel (~375k multiply-adds a step at
 * the default). Weights come transposed, wt [classes, features], so every inner loop runs over
 * contiguous features. Built by scripts/build-wasm.mjs like circuitSimd.ts.
 */

export function heapBase(): usize {
  return __heap_base;
}

function at(base: usize, index: i32): usize {
  return base + ((<usize>index) << 2);
}

/** out[r, k] = bias[k] + Σ_f x[r, f]·wt[k, f]. */
export function denseForward(
  x: usize,
  wt: usize,
  bias: usize,
  out: usize,
  rows: i32,
  features: i32,
  classes: i32,
): void {
  const whole = features & ~3;
  for (let r = 0; r < rows; r++) {
    const xr = at(x, r * features);
    for (let k = 0; k < classes; k++) {
      const wk = at(wt, k * features);
      let acc = f32x4.splat(0);
      let f = 0;
      for (; f < whole; f += 4) {
        acc = f32x4.add(acc, f32x4.mul(v128.load(at(xr, f)), v128.load(at(wk, f))));
      }
      let s: f32 =
        f32x4.extract_lane(acc, 0) +
        f32x4.extract_lane(acc, 1) +
        f32x4.extract_lane(acc, 2) +
        f32x4.extract_lane(acc, 3);
      for (; f < features; f++) s += load<f32>(at(xr, f)) * load<f32>(at(wk, f));
      store<f32>(at(out, r * classes + k), s + load<f32>(at(bias, k)));
    }
  }
}

/**
 * The backward products for cotangent d [rows, classes]: dx[r, f] = Σ_k d[r, k]·wt[k, f] and
 * dwt[k, f] = Σ_r d[r, k]·x[r, f], both overwritten.
 */
export function denseBackward(
  x: usize,
  wt: usize,
  d: usize,
  dx: usize,
  dwt: usize,
  rows: i32,
  features: i32,
  classes: i32,
): void {
  memory.fill(dx, 0, (<usize>(rows * features)) << 2);
  memory.fill(dwt, 0, (<usize>(classes * features)) << 2);
  const whole = features & ~3;
  for (let r = 0; r < rows; r++) {
    const xr = at(x, r * features);
    const dxr = at(dx, r * features);
    for (let k = 0; k < classes; k++) {
      const c = load<f32>(at(d, r * classes + k));
      const cv = f32x4.splat(c);
      const wk = at(wt, k * features);
      const dwk = at(dwt, k * features);
      let f = 0;
      for (; f < whole; f += 4) {
        v128.store(
          at(dxr, f),
          f32x4.add(v128.load(at(dxr, f)), f32x4.mul(cv, v128.load(at(wk, f)))),
        );
        v128.store(
          at(dwk, f),
          f32x4.add(v128.load(at(dwk, f)), f32x4.mul(cv, v128.load(at(xr, f)))),
        );
      }
      for (; f < features; f++) {
        store<f32>(at(dxr, f), load<f32>(at(dxr, f)) + c * load<f32>(at(wk, f)));
        store<f32>(at(dwk, f), load<f32>(at(dwk, f)) + c * load<f32>(at(xr, f)));
      }
    }
  }
}

/** dst [cols, rows] = srcᵀ for src [rows, cols] (the host's weights to wt, and dwt back). */
export function transpose(src: usize, dst: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const row = at(src, r * cols);
    for (let c = 0; c < cols; c++) store<f32>(at(dst, c * rows + r), load<f32>(at(row, c)));
  }
}
