/*
 * Where the kernel's windows come from, and where their results go (src/sim/windowSource.ts
 * writes the record). A source is either rows [P, n] as given, or a feature map [B, H, W, C]
 * whose k×k windows (n = k²) the kernel gathers itself, im2col inside the kernel: windows in
 * order (b, i, j, c), pixels within a window row-major, zero outside the map. That saves the
 * host a pass that materialised every window (four times the map at k = 2) and its copy.
 *
 * A cell is `group` consecutive windows (a map's C channels at one position, 1 for rows): the
 * layer's output is the mean of ⟨Z⟩ over a cell's windows, so the backward's cotangent is one
 * row per cell, shared out (÷ group) by the kernel as it reads it.
 *
 * Record (i32 at src): data (byte offset), rows P, group, isMap, then for a map H, W, C, k,
 * stride, top, left (zero padding before), outH, outW.
 *
 * Blocks are walked in order, so a cursor (scratch at `cur`) counts the window position
 * (b, i, j, c) on from block to block; it decodes one by division only where a walk starts.
 * Cursor: [next window, b, i, j, c, cell] (i32), then per lane [base, y0, x0, cell] at
 * cur + 32 + 16·lane (cell −1: past the last window).
 */
import { transposeInto } from './layout';
import { cosSinHalfPi, encodeTrig } from './oneQubit';

/** Marks the cursor stale: the next block decodes its position afresh. */
export function resetCursor(cur: usize): void {
  store<i32>(cur, -1);
}

/** The block's four lanes' origins in the map, into the cursor. */
function blockOrigins(src: usize, block: i32, cur: usize): void {
  const rows = load<i32>(src, 4);
  const h = load<i32>(src, 16),
    w = load<i32>(src, 20),
    c = load<i32>(src, 24),
    stride = load<i32>(src, 32),
    top = load<i32>(src, 36),
    left = load<i32>(src, 40),
    outH = load<i32>(src, 44),
    outW = load<i32>(src, 48);
  let wi = block * 4;
  let b: i32, i: i32, j: i32, ch: i32, cell: i32;
  if (load<i32>(cur) == wi) {
    b = load<i32>(cur, 4);
    i = load<i32>(cur, 8);
    j = load<i32>(cur, 12);
    ch = load<i32>(cur, 16);
    cell = load<i32>(cur, 20);
  } else {
    ch = wi % c;
    cell = wi / c;
    j = cell % outW;
    const rest = cell / outW;
    i = rest % outH;
    b = rest / outH;
  }
  for (let lane = 0; lane < 4; lane++, wi++) {
    const o = cur + 32 + ((<usize>lane) << 4);
    const y0 = i * stride - top;
    const x0 = j * stride - left;
    store<i32>(o, ((b * h + y0) * w + x0) * c + ch);
    store<i32>(o, y0, 4);
    store<i32>(o, x0, 8);
    store<i32>(o, wi < rows ? cell : -1, 12);
    if (++ch == c) {
      ch = 0;
      cell++;
      if (++j == outW) {
        j = 0;
        if (++i == outH) {
          i = 0;
          b++;
        }
      }
    }
  }
  store<i32>(cur, wi);
  store<i32>(cur, b, 4);
  store<i32>(cur, i, 8);
  store<i32>(cur, j, 12);
  store<i32>(cur, ch, 16);
  store<i32>(cur, cell, 20);
}

/** Lane `o`'s entry (di, dj) of the map, 0 outside it or past the last window. */
// @inline
function mapEntry(data: usize, o: usize, di: i32, dj: i32, h: i32, w: i32, c: i32): f32 {
  if (load<i32>(o, 12) < 0) return 0;
  if (<u32>(load<i32>(o, 4) + di) >= <u32>h || <u32>(load<i32>(o, 8) + dj) >= <u32>w) return 0;
  return load<f32>(data + ((<usize>(load<i32>(o) + (di * w + dj) * c)) << 2));
}

/**
 * The encoding's cos and sin (oneQubit.ts's encodeTrig) of the block's four windows, at enc:
 * rows read in place (a last, partial block through x, zero-padded), or a map's windows gathered
 * straight into lanes.
 */
export function encodeBlock(
  src: usize,
  n: i32,
  block: i32,
  enc: usize,
  x: usize,
  cur: usize,
): void {
  const data = <usize>load<i32>(src);
  const rows = load<i32>(src, 4);
  if (load<i32>(src, 12) == 0) {
    if (block * 4 + 4 <= rows) return encodeTrig(data, n, block, enc);
    const rowBytes = (<usize>n) << 2;
    for (let lane = 0, wi = block * 4; lane < 4; lane++, wi++) {
      const dst = x + <usize>lane * rowBytes;
      if (wi < rows) memory.copy(dst, data + <usize>wi * rowBytes, rowBytes);
      else memory.fill(dst, 0, rowBytes);
    }
    return encodeTrig(x, n, 0, enc);
  }
  blockOrigins(src, block, cur);
  const h = load<i32>(src, 16),
    w = load<i32>(src, 20),
    c = load<i32>(src, 24),
    k = load<i32>(src, 28);
  const o0 = cur + 32,
    o1 = cur + 48,
    o2 = cur + 64,
    o3 = cur + 80;
  for (let di = 0, q = 0; di < k; di++) {
    for (let dj = 0; dj < k; dj++, q++) {
      let v = f32x4.splat(mapEntry(data, o0, di, dj, h, w, c));
      v = f32x4.replace_lane(v, 1, mapEntry(data, o1, di, dj, h, w, c));
      v = f32x4.replace_lane(v, 2, mapEntry(data, o2, di, dj, h, w, c));
      v = f32x4.replace_lane(v, 3, mapEntry(data, o3, di, dj, h, w, c));
      cosSinHalfPi(v, enc + ((<usize>q) << 5));
    }
  }
}

/**
 * The block's cotangent per qubit as v128 (four lanes) at dzv: each window's cell's row of dz,
 * ÷ group; zero past the last window. After encodeBlock of the same block (a map's lane cells).
 */
export function cellCotangent(
  src: usize,
  n: i32,
  block: i32,
  dz: usize,
  dzv: usize,
  cur: usize,
): void {
  const rows = load<i32>(src, 4);
  const rowBytes = (<usize>n) << 2;
  const wi = block * 4;
  let r0: usize, r1: usize, r2: usize, r3: usize;
  let scale = f32x4.splat(1);
  if (load<i32>(src, 12) != 0) {
    // A lane past the last window reads row 0, multiplied by 0.
    const c0 = load<i32>(cur, 44),
      c1 = load<i32>(cur, 60),
      c2 = load<i32>(cur, 76),
      c3 = load<i32>(cur, 92);
    r0 = dz + <usize>c0 * rowBytes;
    r1 = dz + <usize>(c1 < 0 ? 0 : c1) * rowBytes;
    r2 = dz + <usize>(c2 < 0 ? 0 : c2) * rowBytes;
    r3 = dz + <usize>(c3 < 0 ? 0 : c3) * rowBytes;
    scale = f32x4.splat(<f32>1 / <f32>load<i32>(src, 8));
  } else {
    r0 = dz + <usize>wi * rowBytes;
    r1 = wi + 1 < rows ? r0 + rowBytes : dz;
    r2 = wi + 2 < rows ? r0 + 2 * rowBytes : dz;
    r3 = wi + 3 < rows ? r0 + 3 * rowBytes : dz;
  }
  if (wi + 1 >= rows) scale = f32x4.replace_lane(scale, 1, 0);
  if (wi + 2 >= rows) scale = f32x4.replace_lane(scale, 2, 0);
  if (wi + 3 >= rows) scale = f32x4.replace_lane(scale, 3, 0);
  if (n == 4) {
    transposeInto(dzv, 16, v128.load(r0), v128.load(r1), v128.load(r2), v128.load(r3));
    for (let at: usize = 0; at < 64; at += 16) {
      v128.store(dzv + at, f32x4.mul(v128.load(dzv + at), scale));
    }
    return;
  }
  for (let q = 0; q < n; q++) {
    const at = (<usize>q) << 2;
    let d = f32x4.splat(load<f32>(r0 + at));
    d = f32x4.replace_lane(d, 1, load<f32>(r1 + at));
    d = f32x4.replace_lane(d, 2, load<f32>(r2 + at));
    d = f32x4.replace_lane(d, 3, load<f32>(r3 + at));
    v128.store(dzv + at * 4, f32x4.mul(d, scale));
  }
}

/** The mean of each cell's `group` rows of z [P, n] into out [P / group, n]. */
export function channelMean(z: usize, rows: i32, group: i32, n: i32, out: usize): void {
  const cells = rows / group;
  const inv: f32 = <f32>1 / <f32>group;
  const rowBytes = (<usize>n) << 2;
  for (let cell = 0; cell < cells; cell++) {
    const first = z + <usize>(cell * group) * rowBytes;
    const dst = out + <usize>cell * rowBytes;
    for (let q = 0; q < n; q++) {
      const at = first + ((<usize>q) << 2);
      let sum: f32 = 0;
      for (let c = 0; c < group; c++) sum += load<f32>(at + <usize>c * rowBytes);
      store<f32>(dst + ((<usize>q) << 2), sum * inv);
    }
  }
}

/**
 * encodeBlock's gather, undone for a map source: every window's row of dx [P, n] added onto the
 * pixels it was read from, out [B, H, W, C] (zeroed by the caller), windows in order.
 */
export function scatterWindows(src: usize, n: i32, dx: usize, out: usize, cur: usize): void {
  const rows = load<i32>(src, 4);
  const h = load<i32>(src, 16),
    w = load<i32>(src, 20),
    c = load<i32>(src, 24),
    k = load<i32>(src, 28);
  const blocks = (rows + 3) >> 2;
  resetCursor(cur);
  for (let block = 0; block < blocks; block++) {
    blockOrigins(src, block, cur);
    for (let lane = 0; lane < 4; lane++) {
      const o = cur + 32 + ((<usize>lane) << 4);
      if (load<i32>(o, 12) < 0) continue;
      const row = dx + ((<usize>((block * 4 + lane) * n)) << 2);
      const base = load<i32>(o);
      const y0 = load<i32>(o, 4);
      const x0 = load<i32>(o, 8);
      for (let di = 0, q = 0; di < k; di++) {
        const rowInside = <u32>(y0 + di) < <u32>h;
        for (let dj = 0; dj < k; dj++, q++) {
          if (rowInside && <u32>(x0 + dj) < <u32>w) {
            const p = out + ((<usize>(base + (di * w + dj) * c)) << 2);
            store<f32>(p, load<f32>(p) + load<f32>(row + ((<usize>q) << 2)));
          }
        }
      }
    }
  }
}
