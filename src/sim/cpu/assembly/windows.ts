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
 * stride, top, left (zero padding before), outH, outW, then cos and sin (byte offsets of room
 * for the map's size rounded up to 4 f32 each; 0: none).
 *
 * A map's windows overlap (each pixel is in k² of them at stride 1), so a call first takes the
 * encoding's cos and sin of each pixel its blocks read once, into the cos and sin tables, and
 * windows gather those: k² times fewer polynomials, the same values.
 *
 * Blocks are walked in order, so a cursor (scratch at `cur`) counts the window position
 * (b, i, j, c) on from block to block; it decodes one by division only where a walk starts.
 * Cursor: [next window, b, i, j, c, cell, contiguous] (i32; c is the channel), then the four lanes' [base], [y0],
 * [x0] and [cell] as i32x4 at cur + 32, 48, 64, 80 (cell −1: past the last window). A block is
 * contiguous when its lanes are four neighbouring floats of one map row (stride 1, the block not
 * wrapping a row): then an entry inside the map is one load, which is nearly every block of a
 * default network.
 */
import { transposeInto } from './layout';
import { cosSinInto, encodeTrig } from './oneQubit';

const LANES = i32x4(0, 1, 2, 3);

/** Marks the cursor stale: the next block decodes its position afresh. */
export function resetCursor(cur: usize): void {
  store<i32>(cur, -1);
}

/** The map row (b·H + y, y clamped into the map) of window wi's pixel row dy. */
function mapRow(src: usize, wi: i32, dy: i32): i32 {
  const h = load<i32>(src, 16),
    c = load<i32>(src, 24),
    stride = load<i32>(src, 32),
    top = load<i32>(src, 36),
    outH = load<i32>(src, 44),
    outW = load<i32>(src, 48);
  const rest = wi / c / outW;
  const y = (rest % outH) * stride - top + dy;
  return (rest / outH) * h + min(max(y, 0), h - 1);
}

/**
 * Before blocks [from, to) run: the cursor reset and, for a map, the cos and sin of every pixel
 * in the map rows those blocks' windows read (the rows from their first window's top row to their
 * last window's bottom row), into the tables.
 */
export function beginBlocks(src: usize, from: i32, to: i32, cur: usize): void {
  resetCursor(cur);
  const cos = <usize>load<i32>(src, 52),
    sin = <usize>load<i32>(src, 56);
  const rows = load<i32>(src, 4);
  if (load<i32>(src, 12) == 0 || cos == 0 || from >= to || from * 4 >= rows) return;
  const rowFloats = load<i32>(src, 20) * load<i32>(src, 24);
  const lo = (mapRow(src, from * 4, 0) * rowFloats) & ~3;
  const hi = (mapRow(src, min(to * 4, rows) - 1, load<i32>(src, 28) - 1) + 1) * rowFloats;
  const data = <usize>load<i32>(src);
  // The last vector may read up to three floats past the map: their values are never gathered.
  for (let at = (<usize>lo) << 2; at < (<usize>hi) << 2; at += 16) {
    cosSinInto(v128.load(data + at), cos + at, sin + at);
  }
}

/** The cursor's position (b, i, j) moved `by` along its output row (wrapping at most once). */
function nextPosition(cur: usize, by: i32, outH: i32, outW: i32): void {
  const j = load<i32>(cur, 12) + by;
  if (j < outW) return store<i32>(cur, j, 12);
  store<i32>(cur, j - outW, 12);
  const i = load<i32>(cur, 8) + 1;
  if (i < outH) return store<i32>(cur, i, 8);
  store<i32>(cur, 0, 8);
  store<i32>(cur, load<i32>(cur, 4) + 1, 4);
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
  const wi = block * 4;
  if (load<i32>(cur) != wi) {
    const cell = wi / c;
    store<i32>(cur, cell / outW / outH, 4);
    store<i32>(cur, (cell / outW) % outH, 8);
    store<i32>(cur, cell % outW, 12);
    store<i32>(cur, wi % c, 16);
    store<i32>(cur, cell, 20);
  }
  store<i32>(cur, wi + 4);
  const ch = load<i32>(cur, 16),
    cell = load<i32>(cur, 20);
  const y0 = load<i32>(cur, 8) * stride - top;
  const x0 = load<i32>(cur, 12) * stride - left;
  const base = ((load<i32>(cur, 4) * h + y0) * w + x0) * c + ch;
  if (wi + 4 <= rows && ch + 3 < c) {
    // Four channels of one position.
    v128.store(cur + 32, i32x4.add(i32x4.splat(base), LANES));
    v128.store(cur + 48, i32x4.splat(y0));
    v128.store(cur + 64, i32x4.splat(x0));
    v128.store(cur + 80, i32x4.splat(cell));
    store<i32>(cur, 1, 24);
    if (ch + 4 < c) return store<i32>(cur, ch + 4, 16);
    store<i32>(cur, 0, 16);
    store<i32>(cur, cell + 1, 20);
    return nextPosition(cur, 1, outH, outW);
  }
  if (wi + 4 <= rows && c == 1 && load<i32>(cur, 12) + 3 < outW) {
    // Four positions along one output row.
    const steps = i32x4.mul(LANES, i32x4.splat(stride));
    v128.store(cur + 32, i32x4.add(i32x4.splat(base), steps));
    v128.store(cur + 48, i32x4.splat(y0));
    v128.store(cur + 64, i32x4.add(i32x4.splat(x0), steps));
    v128.store(cur + 80, i32x4.add(i32x4.splat(cell), LANES));
    store<i32>(cur, i32(stride == 1), 24);
    store<i32>(cur, cell + 4, 20);
    return nextPosition(cur, 4, outH, outW);
  }
  for (let lane = 0; lane < 4; lane++) {
    const at = cur + ((<usize>lane) << 2);
    const lch = load<i32>(cur, 16),
      lcell = load<i32>(cur, 20);
    const ly = load<i32>(cur, 8) * stride - top;
    const lx = load<i32>(cur, 12) * stride - left;
    store<i32>(at, ((load<i32>(cur, 4) * h + ly) * w + lx) * c + lch, 32);
    store<i32>(at, ly, 48);
    store<i32>(at, lx, 64);
    store<i32>(at, wi + lane < rows ? lcell : -1, 80);
    if (lch + 1 < c) {
      store<i32>(cur, lch + 1, 16);
      continue;
    }
    store<i32>(cur, 0, 16);
    store<i32>(cur, lcell + 1, 20);
    nextPosition(cur, 1, outH, outW);
  }
  const contiguous =
    load<i32>(cur, 44) == base + 3 && load<i32>(cur, 60) == y0 && load<i32>(cur, 92) >= 0;
  store<i32>(cur, i32(contiguous), 24);
}

/** Whether the cursor's block is contiguous with every entry of its k×k windows inside the map. */
// @inline
function insideMap(cur: usize, h: i32, w: i32, k: i32): bool {
  const y0 = load<i32>(cur, 48),
    xFirst = load<i32>(cur, 64);
  return (
    load<i32>(cur, 24) != 0 && y0 >= 0 && y0 + k <= h && xFirst >= 0 && load<i32>(cur, 76) + k <= w
  );
}

/**
 * scatterWindows for a block that insideMap holds for: its four rows at rows [4, n], each entry's
 * four lanes added onto their four neighbouring floats of the map at once.
 */
function scatterInside(n: i32, rows: usize, out: usize, cur: usize, w: i32, c: i32, k: i32): void {
  const rowBytes = (<usize>n) << 2;
  const rowStep = (<usize>(w * c)) << 2,
    step = (<usize>c) << 2;
  let q: usize = 0;
  for (let row = out + ((<usize>load<i32>(cur, 32)) << 2), di = 0; di < k; di++, row += rowStep) {
    for (let p = row, dj = 0; dj < k; dj++, p += step, q += 4) {
      let d = f32x4.splat(load<f32>(rows + q));
      d = f32x4.replace_lane(d, 1, load<f32>(rows + rowBytes + q));
      d = f32x4.replace_lane(d, 2, load<f32>(rows + 2 * rowBytes + q));
      d = f32x4.replace_lane(d, 3, load<f32>(rows + 3 * rowBytes + q));
      v128.store(p, f32x4.add(v128.load(p), d));
    }
  }
}

/**
 * The encoding's cos and sin (oneQubit.ts's encodeTrig) of the block's four windows, at enc:
 * rows read in place (a last, partial block through x, zero-padded), or a map's windows gathered
 * from its tables straight into lanes (0 outside the map: cos 1, sin 0).
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
  const cos = <usize>load<i32>(src, 52),
    sin = <usize>load<i32>(src, 56);
  const contiguous = load<i32>(cur, 24) != 0;
  const base = load<i32>(cur, 32),
    y0 = load<i32>(cur, 48),
    xFirst = load<i32>(cur, 64),
    xLast = load<i32>(cur, 76);
  if (insideMap(cur, h, w, k)) {
    // Every entry inside the map (nearly every block): k² loads of each table, nothing else.
    const rowStep = (<usize>(w * c)) << 2,
      step = (<usize>c) << 2;
    let e = enc;
    for (let row = (<usize>base) << 2, di = 0; di < k; di++, row += rowStep) {
      for (let at = row, dj = 0; dj < k; dj++, at += step, e += 32) {
        v128.store(e, v128.load(cos + at));
        v128.store(e, v128.load(sin + at), 16);
      }
    }
    return;
  }
  for (let di = 0, q = 0; di < k; di++) {
    for (let dj = 0; dj < k; dj++, q++) {
      const e = enc + ((<usize>q) << 5);
      const shift = (di * w + dj) * c;
      if (contiguous) {
        if (<u32>(y0 + di) >= <u32>h) {
          v128.store(e, f32x4.splat(1));
          v128.store(e, f32x4.splat(0), 16);
          continue;
        }
        if (xFirst + dj >= 0 && xLast + dj < w) {
          const at = (<usize>(base + shift)) << 2;
          v128.store(e, v128.load(cos + at));
          v128.store(e, v128.load(sin + at), 16);
          continue;
        }
      }
      // An edge: lane by lane, each lane's table entry or (1, 0) outside the map.
      for (let lane: usize = 0; lane < 16; lane += 4) {
        const o = cur + lane;
        const inside =
          load<i32>(o, 80) >= 0 &&
          <u32>(load<i32>(o, 48) + di) < <u32>h &&
          <u32>(load<i32>(o, 64) + dj) < <u32>w;
        const at = inside ? (<usize>(load<i32>(o, 32) + shift)) << 2 : 0;
        store<f32>(e + lane, inside ? load<f32>(cos + at) : 1);
        store<f32>(e + lane, inside ? load<f32>(sin + at) : 0, 16);
      }
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
    const c0 = load<i32>(cur, 80),
      c1 = load<i32>(cur, 84),
      c2 = load<i32>(cur, 88),
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
  if (n == 4) {
    // A row is one vector.
    const scale = f32x4.splat(inv);
    for (let cell = 0, at = z; cell < cells; cell++) {
      let sum = f32x4.splat(0);
      for (let c = 0; c < group; c++, at += 16) sum = f32x4.add(sum, v128.load(at));
      v128.store(out + ((<usize>cell) << 4), f32x4.mul(sum, scale));
    }
    return;
  }
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
    if (insideMap(cur, h, w, k)) {
      // The lanes are four neighbouring floats of each entry's map row: a vector per entry.
      scatterInside(n, dx + ((<usize>(block * 4 * n)) << 2), out, cur, w, c, k);
      continue;
    }
    for (let lane = 0; lane < 4; lane++) {
      const o = cur + ((<usize>lane) << 2);
      if (load<i32>(o, 80) < 0) continue;
      const row = dx + ((<usize>((block * 4 + lane) * n)) << 2);
      const base = load<i32>(o, 32);
      const y0 = load<i32>(o, 48);
      const x0 = load<i32>(o, 64);
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
