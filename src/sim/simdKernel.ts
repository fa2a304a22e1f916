/*
 * The host side of the WebAssembly SIMD CPU kernel (src/sim/assembly/circuitSimd.ts): one kernel
 * instance per thread with its linear memory, and the program-level entry points that execute any
 * compiled circuit (circuitProgram.ts, compiled for the kernel by kernelProgram.ts) on a batch of
 * windows. Pure typed-array code, no tfjs: the tfjs wiring is
 * in simdKernelOp.ts, the second thread in simdThreads.ts.
 *
 * Windows are processed in blocks of four (one per f32x4 lane); a batch whose size is not a
 * multiple of four is padded with zero windows whose cotangent is zero, so they add nothing.
 */
import type { CircuitProgram } from './circuitProgram';
import {
  CHUNK_BLOCKS,
  kernelCoefficients,
  kernelProgram,
  type KernelProgram,
} from './kernelProgram';
import { circuitSimdWasmBase64 } from './circuitSimdWasm.generated';
import { decodeBase64 } from './base64';
import { align, regionOffsets } from './wasmMemory';

interface KernelExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  chunkBlocks(): number;
  scratchBytes(n: number): number;
  forward(...args: number[]): void;
  backward(...args: number[]): void;
  peakLoop(iterations: number): number;
}

let compiled: WebAssembly.Module | null = null;

/** The compiled module, shared by every instance of this thread (and postable to workers). */
export function kernelModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(decodeBase64(circuitSimdWasmBase64) as BufferSource);
  return compiled;
}

// ---- One kernel instance ----------------------------------------------------------------------

/**
 * The backward keeps the forward's intermediate states (one per fused op) up to this size, and
 * reads ψ from them instead of un-computing it; past it (9 qubits, deep circuits) they would
 * spill out of the core's caches, so it un-computes.
 */
const SNAPSHOT_BUDGET_BYTES = 512 * 1024;

/** The part of a compiled program a kernel instance reads (a worker gets it without the rest). */
export type KernelCodes = Pick<KernelProgram, 'id' | 'qubits' | 'codes' | 'slots'>;

/** One instance of the kernel and its memory, not shared between threads: the one-thread runner. */
export class SimdKernel implements KernelRunner {
  readonly threads = 1;
  private readonly k: KernelExports;
  private readonly base: number;
  /** The program whose codes are in memory at `base` (codes are written once per program). */
  private loaded = 0;
  private codesBytes = 0;

  constructor(module: WebAssembly.Module = kernelModule()) {
    this.k = new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
    this.base = align(this.k.heapBase());
    if (this.k.chunkBlocks() !== CHUNK_BLOCKS) throw new Error('the kernel build is stale');
  }

  /** Byte offsets of the codes, then consecutive regions of the given sizes, memory grown to hold them. */
  private layout(program: KernelCodes, sizes: readonly number[]): number[] {
    const codesBytes = align(program.codes.byteLength);
    const memory = this.k.memory;
    const offsets = [this.base, ...regionOffsets(memory, this.base + codesBytes, sizes)];
    if (this.loaded !== program.id || this.codesBytes !== codesBytes) {
      new Int32Array(memory.buffer, this.base, program.codes.length).set(program.codes);
      this.loaded = program.id;
      this.codesBytes = codesBytes;
    }
    return offsets;
  }

  private f32(offset: number, length: number): Float32Array {
    return new Float32Array(this.k.memory.buffer, offset, length);
  }

  /** Copies `from` into memory at offset, zero-padded to `padded` floats. */
  private put(offset: number, from: Float32Array, padded: number) {
    const m = this.f32(offset, padded);
    m.set(from);
    if (padded > from.length) m.fill(0, from.length);
  }

  /** ⟨Z⟩ of `rows` windows x [rows, n] into z [rows, n]. */
  forward(program: KernelCodes, coef: Float32Array, x: Float32Array, z: Float32Array) {
    const n = program.qubits;
    const blocks = Math.ceil(x.length / n / 4);
    const padded = blocks * 4 * n;
    const [pProg, pCoef, pX, pZ, pScratch] = this.layout(program, [
      coef.byteLength,
      padded * 4,
      padded * 4,
      this.k.scratchBytes(n),
    ]);
    this.f32(pCoef, coef.length).set(coef);
    this.put(pX, x, padded);
    this.k.forward(pProg, n, pCoef, pX, pZ, 0, blocks, pScratch);
    z.set(this.f32(pZ, x.length));
  }

  /**
   * The gradient of Σ dz·⟨Z⟩: per chunk of CHUNK_BLOCKS blocks and gradient slot, the four
   * lanes' ∂/∂θ summed, into chunkGrads [chunks, slots, 4]; under `exact`, ∂/∂x into dx [rows, n].
   */
  backward(
    program: KernelCodes,
    coef: Float32Array,
    x: Float32Array,
    dz: Float32Array,
    chunkGrads: Float32Array,
    dx: Float32Array | null,
  ) {
    const n = program.qubits;
    const blocks = Math.ceil(x.length / n / 4);
    const padded = blocks * 4 * n;
    const grads = Math.ceil(blocks / CHUNK_BLOCKS) * program.slots * 4;
    const snapBytes = (program.codes[0] + 1) * 32 * (1 << n);
    const keep = snapBytes <= SNAPSHOT_BUDGET_BYTES;
    const [pProg, pCoef, pX, pDz, pDx, pGrads, pScratch, pSnaps] = this.layout(program, [
      coef.byteLength,
      padded * 4,
      padded * 4,
      dx ? padded * 4 : 0,
      grads * 4,
      this.k.scratchBytes(n),
      keep ? snapBytes : 0,
    ]);
    this.f32(pCoef, coef.length).set(coef);
    this.put(pX, x, padded);
    this.put(pDz, dz, padded);
    if (dx) this.f32(pDx, padded).fill(0);
    const snaps = keep ? pSnaps : 0;
    this.k.backward(pProg, n, pCoef, pX, pDz, pGrads, pDx, dx ? 1 : 0, 0, blocks, pScratch, snaps);
    chunkGrads.set(this.f32(pGrads, grads));
    if (dx) dx.set(this.f32(pDx, x.length));
  }

  /**
   * GFLOP/s of the module's f32x4 multiply-add loop (64 flops per iteration). Short calls first:
   * V8 runs a wasm function's first calls in its baseline tier (a third of the speed here) and
   * swaps in the optimised code only between calls.
   */
  peakGflops(iterations: number): number {
    for (let i = 0; i < 20; i++) this.k.peakLoop(10_000);
    const start = performance.now();
    this.k.peakLoop(iterations);
    return (64 * iterations) / ((performance.now() - start) / 1000) / 1e9;
  }
}

/** ∂/∂params from per-chunk, per-slot lane gradients, summed in chunk order in float64. */
export function reduceChunkGradients(kp: KernelProgram, chunkGrads: Float32Array): Float32Array {
  const slots = kp.slots;
  const chunks = slots ? chunkGrads.length / (slots * 4) : 0;
  const sums = new Float64Array(kp.paramCount);
  for (let s = 0; s < slots; s++) {
    let sum = 0;
    for (let c = 0, o = s * 4; c < chunks; c++, o += slots * 4) {
      sum += chunkGrads[o] + chunkGrads[o + 1] + chunkGrads[o + 2] + chunkGrads[o + 3];
    }
    sums[kp.slotParams[s]] += sum;
  }
  return Float32Array.from(sums);
}

/**
 * Runs a program's blocks, forward or backward, on this thread or split across threads.
 * `SimdKernel` alone is the one-thread runner; simdThreads.ts adds a second thread.
 */
export interface KernelRunner {
  readonly threads: number;
  forward(program: KernelCodes, coef: Float32Array, x: Float32Array, z: Float32Array): void;
  backward(
    program: KernelCodes,
    coef: Float32Array,
    x: Float32Array,
    dz: Float32Array,
    chunkGrads: Float32Array,
    dx: Float32Array | null,
  ): void;
}

let local: SimdKernel | null = null;

/** This thread's kernel instance, created on first use. */
export function localKernel(): SimdKernel {
  local ??= new SimdKernel();
  return local;
}

/** This thread alone. */
export function oneThread(): KernelRunner {
  return localKernel();
}

let preferred: (() => KernelRunner) | null = null;

/**
 * The runner that calls without an explicit one use: two threads once a host has started them
 * (simdThreadsNode.ts, simdWorker.browser.ts), one until then. Results are the same bits.
 */
export function setDefaultRunner(runner: (() => KernelRunner) | null): void {
  preferred = runner;
}

function defaultRunner(): KernelRunner {
  return preferred?.() ?? oneThread();
}

/** ⟨Z_j⟩ of a program for windows [P, n] (row-major) and its flat parameter vector. */
export function programExpectZ(
  program: CircuitProgram,
  windows: Float32Array,
  params: ArrayLike<number>,
  runner: KernelRunner = defaultRunner(),
): Float32Array {
  const kp = kernelProgram(program);
  const z = new Float32Array(windows.length);
  runner.forward(kp, kernelCoefficients(kp, params), windows, z);
  return z;
}

/**
 * The vector-Jacobian product of programExpectZ with cotangent dz [P, n]: ∂/∂params (flat), and
 * ∂/∂windows under `exact` (null under `measured`, where the encoding is constant data).
 */
export function programExpectZGradients(
  program: CircuitProgram,
  windows: Float32Array,
  params: ArrayLike<number>,
  dz: Float32Array,
  inputGradient: 'exact' | 'measured',
  runner: KernelRunner = defaultRunner(),
): { params: Float32Array; windows: Float32Array | null } {
  const kp = kernelProgram(program);
  const blocks = Math.ceil(windows.length / kp.qubits / 4);
  const chunkGrads = new Float32Array(Math.ceil(blocks / CHUNK_BLOCKS) * kp.slots * 4);
  const dx = inputGradient === 'exact' ? new Float32Array(windows.length) : null;
  runner.backward(kp, kernelCoefficients(kp, params), windows, dz, chunkGrads, dx);
  return { params: reduceChunkGradients(kp, chunkGrads), windows: dx };
}
