/*
 * The CPU kernel's memory layout (circuitSimd.ts, "Program" and "Scratch"): op codes, where the
 * program's records are, and the offsets of the per-thread scratch regions.
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
