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

/*
 * Every sum is taken in the order of the plain loops (features in f32x4 lanes, then the lanes,
 * then the tail; classes and rows in order), so the results are the same bits; only several
 * independent sums run side by side, as one chain of adds waits on each add.
 */

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
  const rowBytes = (<usize>features) << 2;
  for (let r = 0; r < rows; r++) {
    const xr = at(x, r * features);
    const o = at(out, r * classes);
    let k = 0;
    // Four classes at a time: four chains over the same row.
    for (; k + 4 <= classes; k += 4) {
      const w0 = at(wt, k * features);
      let a0 = f32x4.splat(0),
        a1 = f32x4.splat(0),
        a2 = f32x4.splat(0),
        a3 = f32x4.splat(0);
      let f = 0;
      for (; f + 4 <= features; f += 4) {
        const xv = v128.load(at(xr, f));
        const w = at(w0, f);
        a0 = f32x4.add(a0, f32x4.mul(xv, v128.load(w)));
        a1 = f32x4.add(a1, f32x4.mul(xv, v128.load(w + rowBytes)));
        a2 = f32x4.add(a2, f32x4.mul(xv, v128.load(w + 2 * rowBytes)));
        a3 = f32x4.add(a3, f32x4.mul(xv, v128.load(w + 3 * rowBytes)));
      }
      store<f32>(o + ((<usize>k) << 2), finish(a0, xr, w0, f, features, bias, k));
      store<f32>(
        o + ((<usize>(k + 1)) << 2),
        finish(a1, xr, w0 + rowBytes, f, features, bias, k + 1),
      );
      store<f32>(
        o + ((<usize>(k + 2)) << 2),
        finish(a2, xr, w0 + 2 * rowBytes, f, features, bias, k + 2),
      );
      store<f32>(
        o + ((<usize>(k + 3)) << 2),
        finish(a3, xr, w0 + 3 * rowBytes, f, features, bias, k + 3),
      );
    }
    for (; k < classes; k++) {
      const wk = at(wt, k * features);
      let acc = f32x4.splat(0);
      let f = 0;
      for (; f + 4 <= features; f += 4) {
        acc = f32x4.add(acc, f32x4.mul(v128.load(at(xr, f)), v128.load(at(wk, f))));
      }
      store<f32>(o + ((<usize>k) << 2), finish(acc, xr, wk, f, features, bias, k));
    }
  }
}

/** A dot product's lanes added, then its tail from feature f, then bias[k]. */
// @inline
function finish(
  acc: v128,
  xr: usize,
  wk: usize,
  from: i32,
  features: i32,
  bias: usize,
  k: i32,
): f32 {
  let s: f32 =
    f32x4.extract_lane(acc, 0) +
    f32x4.extract_lane(acc, 1) +
    f32x4.extract_lane(acc, 2) +
    f32x4.extract_lane(acc, 3);
  for (let f = from; f < features; f++) s += load<f32>(at(xr, f)) * load<f32>(at(wk, f));
  return s + load<f32>(at(bias, k));
}

/**
 * dx[r, f] = Σ_k d[r, k]·wt[k, f] and dwt[k, f] = Σ_r d[r, k]·x[r, f] (dx and dwt overwritten):
 * each four features' sum kept in a register over its classes or rows and stored once, sixteen
 * features (four chains) at a time.
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
  // dx's row r: classes k in order, each scaling wt's row k.
  for (let r = 0; r < rows; r++) {
    sumRows(wt, features, at(d, r * classes), 1, classes, at(dx, r * features), features);
  }
  // dwt's row k: rows r in order, each scaling x's row r.
  for (let k = 0; k < classes; k++) {
    sumRows(x, features, at(d, k), classes, rows, at(dwt, k * features), features);
  }
}

/**
 * out[f] = Σ_j c_j·m[j, f] over j = 0 … count − 1 in order, for a matrix m with rows of `stride`
 * floats and the scales c_j at c + 4·step·j.
 */
function sumRows(
  m: usize,
  stride: i32,
  c: usize,
  step: i32,
  count: i32,
  out: usize,
  features: i32,
): void {
  const rowBytes = (<usize>stride) << 2;
  const cStep = (<usize>step) << 2;
  let f = 0;
  for (; f + 16 <= features; f += 16) {
    let a0 = f32x4.splat(0),
      a1 = f32x4.splat(0),
      a2 = f32x4.splat(0),
      a3 = f32x4.splat(0);
    for (let j = 0, row = at(m, f), cj = c; j < count; j++, row += rowBytes, cj += cStep) {
      const s = v128.load32_splat(cj);
      a0 = f32x4.add(a0, f32x4.mul(s, v128.load(row)));
      a1 = f32x4.add(a1, f32x4.mul(s, v128.load(row, 16)));
      a2 = f32x4.add(a2, f32x4.mul(s, v128.load(row, 32)));
      a3 = f32x4.add(a3, f32x4.mul(s, v128.load(row, 48)));
    }
    const o = at(out, f);
    v128.store(o, a0);
    v128.store(o, a1, 16);
    v128.store(o, a2, 32);
    v128.store(o, a3, 48);
  }
  for (; f + 4 <= features; f += 4) {
    let acc = f32x4.splat(0);
    for (let j = 0, row = at(m, f), cj = c; j < count; j++, row += rowBytes, cj += cStep) {
      acc = f32x4.add(acc, f32x4.mul(v128.load32_splat(cj), v128.load(row)));
    }
    v128.store(at(out, f), acc);
  }
  for (; f < features; f++) {
    let sum: f32 = 0;
    for (let j = 0, row = at(m, f), cj = c; j < count; j++, row += rowBytes, cj += cStep) {
      sum += load<f32>(cj) * load<f32>(row);
    }
    store<f32>(at(out, f), sum);
  }
}

/** dst [cols, rows] = srcᵀ for src [rows, cols] (the host's weights to wt, and dwt back). */
export function transpose(src: usize, dst: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const row = at(src, r * cols);
    for (let c = 0; c < cols; c++) store<f32>(at(dst, c * rows + r), load<f32>(at(row, c)));
  }
}
