/*
 * The CPU kernel's memory layout (circuitSimd.ts, "Program" and "Scratch"): op codes, where the
 * program's records are, the offsets of the per-thread scratch regions, and how a block's four
 * windows go out to row-major [P, n] arrays (the readouts, ∂E/∂x).
 */

export const OP_ENCODE = 0;

export const OP_RX = 1;

export const OP_RZ = 3;

export const FUSED_LANE_ENCODE = 7;

export const LONE_RX = 8;

export const LONE_RY = 9;

export const LONE_RZ = 10;

export const HALF_PI: f32 = 1.5707963267948966;

export const CHUNK = 16;

/**
 * Where block `block`'s gradient sums go in a backward over blocks [from, …): its chunk's `slots`
 * v128 at grads (chunks counted from `from`), zeroed as the chunk's first block reaches them.
 */
export function chunkSums(grads: usize, from: i32, block: i32, slots: i32): usize {
  const base = grads + ((<usize>(((block - from) / CHUNK) * slots)) << 4);
  if ((block - from) % CHUNK == 0) memory.fill(base, 0, (<usize>slots) << 4);
  return base;
}

/**
 * Every slot's sum over `chunks` chunks of chunkSums' layout, its four lanes and the chunks in
 * order, in float64, at out (f64 per slot): the same bits however the chunks were split across
 * threads.
 */
export function chunkTotals(grads: usize, chunks: i32, slots: i32, out: usize): void {
  memory.fill(out, 0, (<usize>slots) << 3);
  let at = grads;
  for (let c = 0; c < chunks; c++) {
    for (let s = 0, o = out; s < slots; s++, o += 8, at += 16) {
      const sum =
        <f64>load<f32>(at) + <f64>load<f32>(at, 4) + <f64>load<f32>(at, 8) + <f64>load<f32>(at, 12);
      store<f64>(o, load<f64>(o) + sum);
    }
  }
}

export const HEADER = 8;

/** The state-vector path's scratch per thread (circuitSimd.ts, "Scratch"), with room to spare. */
export function stateScratchBytes(n: i32): i32 {
  return (1 << n) * 144 + n * 224 + 128;
}

// Offsets of the scratch regions (see the file overview).
export function lamAt(scratch: usize, n: i32): usize {
  return scratch + ((<usize>1) << n) * 32;
}

export function envAt(scratch: usize, n: i32): usize {
  return scratch + ((<usize>1) << n) * 64;
}

export function tmpAt(scratch: usize, n: i32): usize {
  return scratch + ((<usize>1) << n) * 96;
}

export function weightsAt(scratch: usize, n: i32): usize {
  return scratch + ((<usize>1) << n) * 128;
}

export function ampsAt(scratch: usize, n: i32): usize {
  return scratch + ((<usize>1) << n) * 144;
}

export function muAt(scratch: usize, n: i32): usize {
  return ampsAt(scratch, n) + ((<usize>n) << 6);
}

export function encAt(scratch: usize, n: i32): usize {
  return muAt(scratch, n) + 64;
}

export function dzAt(scratch: usize, n: i32): usize {
  return encAt(scratch, n) + ((<usize>n) << 5);
}

/** The block's four windows, gathered [4, n] (windows.ts). */
export function xAt(scratch: usize, n: i32): usize {
  return dzAt(scratch, n) + ((<usize>n) << 4);
}

/** The cursor over a map source's windows, 96 bytes (windows.ts). */
export function originsAt(scratch: usize, n: i32): usize {
  return xAt(scratch, n) + ((<usize>n) << 4);
}

// @inline
export function prefixAt(prog: usize, g: i32): usize {
  return prog + ((<usize>(HEADER + 4 * g)) << 2);
}

// @inline
export function fusedAt(prog: usize, f: i32): usize {
  return prog + ((<usize>(HEADER + 4 * load<i32>(prog, 4) + 8 * f)) << 2);
}

/** Per qubit with host K's, its three prefix gradient sums, 48 bytes each (circuitSimd.ts). */
export function sumsAt(scratch: usize, n: i32): usize {
  return originsAt(scratch, n) + 96;
}

/** The block's four lanes of readout q into z, row-major [P, n] (a window per row). */
// @inline
export function storeReadout(z: usize, n: i32, block: i32, q: i32, acc: v128): void {
  const rowBytes = (<usize>n) << 2;
  const out = z + ((<usize>(block * 4 * n + q)) << 2);
  store<f32>(out, f32x4.extract_lane(acc, 0));
  store<f32>(out + rowBytes, f32x4.extract_lane(acc, 1));
  store<f32>(out + 2 * rowBytes, f32x4.extract_lane(acc, 2));
  store<f32>(out + 3 * rowBytes, f32x4.extract_lane(acc, 3));
}

/*
 * At four qubits a window's row is one v128, so a block's four rows and its four per-qubit lane
 * vectors are a 4×4 transpose of each other: eight shuffles instead of sixteen scalar loads or
 * stores and their lane inserts or extracts.
 */

/** Rows a, b, c, d (four floats each) → their columns, four v128 at dst + k·stride. */
// @inline
export function transposeInto(dst: usize, stride: usize, a: v128, b: v128, c: v128, d: v128): void {
  const ab0 = v128.shuffle<f32>(a, b, 0, 4, 1, 5);
  const ab1 = v128.shuffle<f32>(a, b, 2, 6, 3, 7);
  const cd0 = v128.shuffle<f32>(c, d, 0, 4, 1, 5);
  const cd1 = v128.shuffle<f32>(c, d, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(ab0, cd0, 0, 1, 4, 5));
  v128.store(dst + stride, v128.shuffle<f32>(ab0, cd0, 2, 3, 6, 7));
  v128.store(dst + 2 * stride, v128.shuffle<f32>(ab1, cd1, 0, 1, 4, 5));
  v128.store(dst + 3 * stride, v128.shuffle<f32>(ab1, cd1, 2, 3, 6, 7));
}

/**
 * The block's readouts into z [P, n], from n lane vectors at accs (one per qubit): at four
 * qubits transposed into four rows, otherwise lane by lane.
 */
export function storeReadouts(z: usize, n: i32, block: i32, accs: usize): void {
  if (n != 4) {
    for (let q = 0; q < n; q++) storeReadout(z, n, block, q, v128.load(accs + ((<usize>q) << 4)));
    return;
  }
  const a = v128.load(accs),
    b = v128.load(accs, 16),
    c = v128.load(accs, 32),
    d = v128.load(accs, 48);
  transposeInto(z + ((<usize>block) << 6), 16, a, b, c, d);
}

/**
 * π·grad (∂E/∂φ of qubit q's four windows, φ = π·x) added into dx [P, n]: added, not stored, as a
 * gate list may encode a pixel more than once (dx starts at zero).
 */
// @inline
export function addInputGradient(dx: usize, n: i32, block: i32, q: i32, grad: v128): void {
  const rowBytes = (<usize>n) << 2;
  const out = dx + ((<usize>(block * 4 * n + q)) << 2);
  const g = f32x4.mul(grad, f32x4.splat(<f32>Math.PI));
  store<f32>(out, load<f32>(out) + f32x4.extract_lane(g, 0));
  store<f32>(out + rowBytes, load<f32>(out + rowBytes) + f32x4.extract_lane(g, 1));
  store<f32>(out + 2 * rowBytes, load<f32>(out + 2 * rowBytes) + f32x4.extract_lane(g, 2));
  store<f32>(out + 3 * rowBytes, load<f32>(out + 3 * rowBytes) + f32x4.extract_lane(g, 3));
}

/**
 * addInputGradient for every qubit of the block, from n lane vectors at grads: at four qubits
 * one transpose (through the four v128 at tmp) and four row additions.
 */
export function addInputGradients(dx: usize, n: i32, block: i32, grads: usize, tmp: usize): void {
  if (n != 4) {
    for (let q = 0; q < n; q++)
      addInputGradient(dx, n, block, q, v128.load(grads + ((<usize>q) << 4)));
    return;
  }
  const pi = f32x4.splat(<f32>Math.PI);
  transposeInto(
    tmp,
    16,
    f32x4.mul(v128.load(grads), pi),
    f32x4.mul(v128.load(grads, 16), pi),
    f32x4.mul(v128.load(grads, 32), pi),
    f32x4.mul(v128.load(grads, 48), pi),
  );
  const rows = dx + ((<usize>block) << 6);
  for (let r: usize = 0; r < 64; r += 16) {
    v128.store(rows + r, f32x4.add(v128.load(rows + r), v128.load(tmp + r)));
  }
}
