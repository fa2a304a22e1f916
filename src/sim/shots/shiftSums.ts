/*
 * The shift rule's sums of the typed pass (ShotLayer.arrayGradients, docs/model.md §6) in
 * WebAssembly (assembly/shiftSums.ts): per parameter, its prepared differences against the
 * cotangent, Σ_k rows[i][k]·dy[k], in float64 with k in order, so the same numbers as a loop over
 * k here, in a fraction of its time (a layer of the default network sums 12 × 50,176 products).
 */
import { align, regionOffsets } from '../cpu/wasmMemory';
import { shotsModule } from './binomial';

interface SumExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  shiftSums(...args: number[]): void;
}

/** Values of each row per call: the module's memory stays small whatever a layer's size. */
const CHUNK = 1 << 13;

class ShiftSums {
  private readonly k: SumExports;
  private readonly base: number;

  constructor() {
    this.k = new WebAssembly.Instance(shotsModule(), {}).exports as unknown as SumExports;
    this.base = align(this.k.heapBase());
  }

  sums(rows: Float32Array, dy: Float32Array): Float64Array {
    const size = dy.length;
    const count = size > 0 ? rows.length / size : 0;
    const { k } = this;
    const [rowsAt, dyAt, sumsAt] = regionOffsets(k.memory, this.base, [
      count * CHUNK * 4,
      CHUNK * 4,
      count * 8,
    ]);
    new Float64Array(k.memory.buffer, sumsAt, count).fill(0);
    for (let from = 0; from < size; from += CHUNK) {
      const n = Math.min(CHUNK, size - from);
      const buffer = k.memory.buffer;
      for (let i = 0; i < count; i++) {
        const at = i * size + from;
        new Float32Array(buffer, rowsAt + i * CHUNK * 4, n).set(rows.subarray(at, at + n));
      }
      new Float32Array(buffer, dyAt, n).set(dy.subarray(from, from + n));
      k.shiftSums(rowsAt, CHUNK, n, count, dyAt, sumsAt);
    }
    return new Float64Array(k.memory.buffer, sumsAt, count).slice();
  }
}

let local: ShiftSums | null = null;

/**
 * For rows [count, size] (flat) and dy [size]: Σ_k rows[i·size + k]·dy[k] per row i, each product
 * and sum in float64, k in order.
 */
export function shiftSums(rows: Float32Array, dy: Float32Array): Float64Array {
  if (rows.length % Math.max(1, dy.length) !== 0)
    throw new Error(`shiftSums: ${rows.length} values are not rows of ${dy.length}`);
  local ??= new ShiftSums();
  return local.sums(rows, dy);
}
