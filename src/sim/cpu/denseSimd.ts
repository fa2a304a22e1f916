/*
 * The host side of the dense head in WebAssembly SIMD (src/sim/cpu/assembly/denseSimd.ts): one
 * instance per thread, its memory laid out per call. Pure typed-array code, no tfjs. Weights are
 * [features, classes] row-major as tfjs keeps them; the module wants them transposed, and
 * transposes them itself (a strided JavaScript loop cost more than the products).
 */
import { decodeBase64 } from '../../util/base64';
import { align, regionOffsets } from './wasmMemory';
import { denseSimdWasmBase64 } from './denseSimdWasm.generated';

interface DenseExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  denseForward(...args: number[]): void;
  denseBackward(...args: number[]): void;
  transpose(src: number, dst: number, rows: number, cols: number): void;
}

export interface DenseShape {
  readonly rows: number;
  readonly features: number;
  readonly classes: number;
}

class DenseSimd {
  private readonly k: DenseExports;
  private readonly base: number;

  constructor() {
    const module = new WebAssembly.Module(decodeBase64(denseSimdWasmBase64) as BufferSource);
    this.k = new WebAssembly.Instance(module, {}).exports as unknown as DenseExports;
    this.base = align(this.k.heapBase());
  }

  /** Float32 views of consecutive regions of the given lengths, memory grown to hold them. */
  private regions(lengths: readonly number[]): { offsets: number[]; views: Float32Array[] } {
    const memory = this.k.memory;
    const offsets = regionOffsets(
      memory,
      this.base,
      lengths.map((n) => n * 4),
    );
    return {
      offsets,
      views: offsets.map((o, i) => new Float32Array(memory.buffer, o, lengths[i])),
    };
  }

  logits(
    x: Float32Array,
    weights: Float32Array,
    bias: Float32Array,
    shape: DenseShape,
  ): Float32Array {
    const { rows, features, classes } = shape;
    const { offsets, views } = this.regions([
      rows * features,
      classes * features,
      classes,
      rows * classes,
      features * classes,
    ]);
    views[0].set(x);
    views[4].set(weights);
    this.k.transpose(offsets[4], offsets[1], features, classes);
    views[2].set(bias);
    this.k.denseForward(offsets[0], offsets[1], offsets[2], offsets[3], rows, features, classes);
    return views[3].slice();
  }

  gradients(x: Float32Array, weights: Float32Array, d: Float32Array, shape: DenseShape) {
    const { rows, features, classes } = shape;
    const { offsets, views } = this.regions([
      rows * features,
      classes * features,
      rows * classes,
      rows * features,
      classes * features,
      features * classes,
    ]);
    views[0].set(x);
    views[5].set(weights);
    this.k.transpose(offsets[5], offsets[1], features, classes);
    views[2].set(d);
    this.k.denseBackward(
      offsets[0],
      offsets[1],
      offsets[2],
      offsets[3],
      offsets[4],
      rows,
      features,
      classes,
    );
    this.k.transpose(offsets[4], offsets[5], classes, features);
    return { weights: views[5].slice(), input: views[3].slice() };
  }
}

let local: DenseSimd | null = null;

/** This thread's dense-head instance, created on first use. */
export function denseSimd(): DenseSimd {
  local ??= new DenseSimd();
  return local;
}
