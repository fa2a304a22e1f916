/*
 * Where a quanv layer's windows come from (docs/model.md §1): rows [P, n] given as they are, or
 * the k×k windows of a feature map [B, H, W, C] (im2col, extractWindows.ts's order), which the CPU kernel
 * gathers itself (assembly/windows.ts) instead of the host materialising them. A cell is the
 * `group` consecutive windows whose ⟨Z⟩ the layer averages (a map's C channels at one position;
 * 1 for rows).
 */
import { windowGeometry, type Padding } from './im2col';

/** The kernel's source record (assembly/windows.ts), Int32 [data offset, rows, group, isMap, …]. */
export const SOURCE_INTS = 16;

export interface WindowSource {
  /** The rows [P, n], or the map [B, H, W, C]. */
  readonly data: Float32Array;
  readonly qubits: number;
  /**
   * The kernel's record, all a source is to the kernel (a worker rebuilds a source from it);
   * entries 0 (where the data lies in its memory), 13 and 14 (a map's cos and sin tables) are the
   * kernel's to fill.
   */
  readonly record: Int32Array;
}

export type MapShape = readonly [number, number, number, number];

/** Windows given as rows [P, n]: cells of one window. */
export function rowsSource(rows: Float32Array, qubits: number): WindowSource {
  const record = new Int32Array(SOURCE_INTS);
  record[1] = rows.length / qubits;
  record[2] = 1;
  return { data: rows, qubits, record };
}

/** Every k×k window of `map` [B, H, W, C] (n = k²): cells of C windows, one per channel. */
export function mapSource(
  data: Float32Array,
  shape: MapShape,
  kernel: number,
  stride: number,
  padding: Padding,
): WindowSource & { readonly outHeight: number; readonly outWidth: number } {
  const [b, h, w, c] = shape;
  const rows = windowGeometry(h, kernel, stride, padding);
  const cols = windowGeometry(w, kernel, stride, padding);
  const record = Int32Array.of(
    0,
    b * rows.out * cols.out * c,
    c,
    1,
    h,
    w,
    c,
    kernel,
    stride,
    rows.before,
    cols.before,
    rows.out,
    cols.out,
    0,
    0,
    0,
  );
  return { data, qubits: kernel * kernel, record, outHeight: rows.out, outWidth: cols.out };
}

export const sourceRows = (s: WindowSource): number => s.record[1];
export const sourceGroup = (s: WindowSource): number => s.record[2];
export const isMapRecord = (s: WindowSource): boolean => s.record[3] === 1;
