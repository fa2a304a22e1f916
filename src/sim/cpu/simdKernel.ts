/*
 * The host side of the WebAssembly SIMD CPU kernel (src/sim/cpu/assembly/circuitSimd.ts): one kernel
 * instance per thread with its linear memory, and the program-level entry points that execute any
 * compiled circuit (circuitProgram.ts, compiled for the kernel by kernelProgram.ts) on the windows
 * of a source (windowSource.ts: rows, or a feature map the kernel gathers from). Pure typed-array
 * code, no tfjs: the tfjs wiring is in simdKernelOp.ts, the second thread in simdThreads.ts.
 *
 * Windows are processed in blocks of four (one per f32x4 lane); the kernel reads a batch whose
 * size is not a multiple of four as padded with zero windows whose cotangent is zero.
 */
import type { ExtendedProgram } from '../circuit/circuitProgram';
import type { InputGradient } from '../simulator';
import {
  isMapRecord,
  rowsSource,
  sourceGroup,
  sourceRows,
  SOURCE_INTS,
  type WindowSource,
} from '../windows/windowSource';
import {
  CHUNK_BLOCKS,
  kernelCoefficients,
  kernelProgram,
  type KernelPath,
  type KernelProgram,
} from './kernelProgram';
import { circuitSimdWasmBase64 } from './circuitSimdWasm.generated';
import { PAULI_LAYOUT, pauliGradients, pauliScratchBytes } from './pauliProgram';
import { GeneratedTries, PAULI_GENERATED } from './pauliTrieModule';
import { decodeBase64 } from '../../util/base64';
import { align, regionOffsets } from './wasmMemory';

interface KernelExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  chunkBlocks(): number;
  scratchBytes(n: number): number;
  forward(...args: number[]): void;
  backward(...args: number[]): void;
  channelMean(z: number, rows: number, group: number, n: number, out: number): void;
  scatterWindows(src: number, n: number, dx: number, out: number, scratch: number): void;
  chunkTotals(grads: number, chunks: number, slots: number, out: number): void;
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

/** One kernel call: a program on the windows of a source, forward or (with dz) backward. */
export interface KernelCall {
  readonly program: KernelCodes;
  readonly coef: Float32Array;
  readonly source: WindowSource;
  /** The backward's cotangent of the layer output, one row per cell [rows / group, n]. */
  readonly dz: Float32Array | null;
  /** Whether the backward also gives ∂/∂ the source's data. */
  readonly exact: boolean;
}

/**
 * What a backward call gives: per slot its gradient summed over every window (float64, the
 * chunks in order, so the same bits on any split), and ∂/∂ the source's data under `exact`.
 */
export interface KernelGradients {
  readonly slotSums: Float64Array;
  readonly input: Float32Array | null;
}

/** Blocks of four windows, and gradient chunks, of a call. */
export function callBlocks(call: KernelCall): { blocks: number; chunks: number } {
  const blocks = Math.ceil(sourceRows(call.source) / 4);
  return { blocks, chunks: Math.ceil(blocks / CHUNK_BLOCKS) };
}

/** The regions of a kernel's memory a call is laid out in. */
type Region =
  'coef' | 'src' | 'data' | 'dz' | 'z' | 'dx' | 'grads' | 'totals' | 'scratch' | 'snaps' | 'out';

/** Result regions of a kernel's memory, as views a runner copies rows or chunks through. */
export type KernelRegion = 'z' | 'dx' | 'grads';

/**
 * One instance of the kernel and its memory, not shared between threads: the one-thread runner,
 * and each thread's worker in the two-thread one. `load` lays a call out in memory (a map source
 * copied in whole); `runForward`/`runBackward` run ranges of its blocks (a rows source's rows
 * copied in range by range); the results stay in memory (rows ⟨Z⟩, rows ∂/∂x, chunk gradients)
 * until `forwardResult`/`backwardResult` reduce them: the channel mean and the scatter onto the
 * map run here, in WebAssembly, after all blocks. A call is run once: reading its result ends it.
 */
export class SimdKernel implements KernelRunner {
  readonly threads = 1;
  private readonly k: KernelExports;
  private readonly base: number;
  /** The program whose codes are in memory at `base` (codes are written once per program). */
  private loaded = 0;
  private codesBytes = 0;
  private readonly tries: GeneratedTries;
  /** The call whose inputs are in memory, and where its regions lie. */
  private call: KernelCall | null = null;
  private at: Record<Region, number> = {
    coef: 0,
    src: 0,
    data: 0,
    dz: 0,
    z: 0,
    dx: 0,
    grads: 0,
    totals: 0,
    scratch: 0,
    snaps: 0,
    out: 0,
  };

  /**
   * `generated`: whether the Pauli path runs its trie as generated code (pauliTrieModule.ts) or
   * as the kernel's loops; the same bits either way.
   */
  constructor(module: WebAssembly.Module = kernelModule(), generated = true) {
    this.tries = new GeneratedTries(generated);
    const env = { table: this.tries.table };
    this.k = new WebAssembly.Instance(module, { env }).exports as unknown as KernelExports;
    this.base = align(this.k.heapBase());
    if (this.k.chunkBlocks() !== CHUNK_BLOCKS) throw new Error('the kernel build is stale');
  }

  private f32(offset: number, length: number): Float32Array {
    return new Float32Array(this.k.memory.buffer, offset, length);
  }

  /** Lays the call out in memory and copies its inputs in (nothing when it is already there). */
  load(call: KernelCall): void {
    if (this.call === call) return;
    const { program, source, dz } = call;
    const n = program.qubits;
    const { blocks, chunks } = callBlocks(call);
    const rows = blocks * 4 * n;
    const backward = dz !== null;
    const snapBytes = (program.codes[0] + 1) * 32 * (1 << n);
    const keep = backward && snapBytes <= SNAPSHOT_BUDGET_BYTES;
    const outFloats = Math.max(
      (sourceRows(source) / sourceGroup(source)) * n,
      call.exact ? source.data.length : 0,
    );
    const codesBytes = align(program.codes.byteLength);
    const memory = this.k.memory;
    // A map's encoding cos and sin per pixel (assembly/windows.ts), rounded up to whole vectors.
    const tableBytes = isMapRecord(source) ? align(source.data.byteLength + 16) : 0;
    const [coef, src, data, dzAt, z, dx, grads, totals, scratch, snaps, out, cos, sin] =
      regionOffsets(memory, this.base + codesBytes, [
        call.coef.byteLength,
        SOURCE_INTS * 4,
        source.data.byteLength,
        dz ? dz.byteLength : 0,
        backward ? 0 : rows * 4,
        backward && call.exact ? rows * 4 : 0,
        backward ? chunks * program.slots * 16 : 0,
        backward ? program.slots * 8 : 0,
        this.k.scratchBytes(n) + pauliScratchBytes(program.codes),
        keep ? snapBytes : 0,
        outFloats * 4,
        tableBytes,
        tableBytes,
      ]);
    if (this.loaded !== program.id || this.codesBytes !== codesBytes) {
      const codes = new Int32Array(memory.buffer, this.base, program.codes.length);
      codes.set(program.codes);
      if (program.codes[0] === PAULI_LAYOUT) {
        codes[PAULI_GENERATED] = this.tries.indexFor(program.id, program.codes, memory);
      }
      this.loaded = program.id;
      this.codesBytes = codesBytes;
    }
    this.f32(coef, call.coef.length).set(call.coef);
    const record = new Int32Array(memory.buffer, src, SOURCE_INTS);
    record.set(source.record);
    record[0] = data;
    record[13] = tableBytes > 0 ? cos : 0;
    record[14] = tableBytes > 0 ? sin : 0;
    // A map's windows read it anywhere: all of it, now. Rows (and their cotangent rows) are
    // copied per block range as it runs, so each thread of a split copies only its share.
    if (isMapRecord(source)) {
      this.f32(data, source.data.length).set(source.data);
      if (dz) this.f32(dzAt, dz.length).set(dz);
    }
    const snapsAt = keep ? snaps : 0;
    this.at = { coef, src, data, dz: dzAt, z, dx, grads, totals, scratch, snaps: snapsAt, out };
    this.call = call;
  }

  /** Before blocks [from, to) run: a rows source's rows of them (data, dz) in; their dx rows zeroed. */
  private rowsIn(from: number, to: number): void {
    const { source, dz, exact, program } = this.call!;
    const n = program.qubits;
    const rows = sourceRows(source);
    const [a, b] = [Math.min(rows, 4 * from) * n, Math.min(rows, 4 * to) * n];
    if (!isMapRecord(source)) {
      this.f32(this.at.data + a * 4, b - a).set(source.data.subarray(a, b));
      if (dz) this.f32(this.at.dz + a * 4, b - a).set(dz.subarray(a, b));
    }
    if (dz && exact) this.f32(this.at.dx + 16 * n * from, 4 * n * (to - from)).fill(0);
  }

  /** The call's region as a view (valid until the next load). */
  region(name: KernelRegion): Float32Array {
    const call = this.call!;
    const { blocks, chunks } = callBlocks(call);
    const length =
      name === 'grads' ? chunks * call.program.slots * 4 : blocks * 4 * call.program.qubits;
    return this.f32(this.at[name], length);
  }

  /** ⟨Z⟩ of blocks [from, to) into the z rows. */
  runForward(from: number, to: number): void {
    const { program } = this.call!;
    const a = this.at;
    this.rowsIn(from, to);
    this.k.forward(this.base, program.qubits, a.coef, a.src, a.z, from, to, a.scratch);
  }

  /** The gradients of blocks [from, to) (from a whole chunk) into its chunks and dx rows. */
  runBackward(from: number, to: number): void {
    const { program, exact } = this.call!;
    const a = this.at;
    this.rowsIn(from, to);
    const grads = a.grads + (from / CHUNK_BLOCKS) * program.slots * 16;
    this.k.backward(
      this.base,
      program.qubits,
      a.coef,
      a.src,
      a.dz,
      grads,
      a.dx,
      exact ? 1 : 0,
      from,
      to,
      a.scratch,
      a.snaps,
    );
  }

  /** Once every block's z rows are in memory: ⟨Z⟩ averaged per cell, [rows / group, n]. */
  forwardResult(): Float32Array {
    const { program, source } = this.call!;
    const n = program.qubits;
    const rows = sourceRows(source);
    const group = sourceGroup(source);
    this.call = null; // a call is run once: the next load lays it out afresh
    if (group === 1) return this.f32(this.at.z, rows * n).slice();
    this.k.channelMean(this.at.z, rows, group, n, this.at.out);
    return this.f32(this.at.out, (rows / group) * n).slice();
  }

  /**
   * Once every block's gradients are in memory: the slots' totals (float64, the chunks in
   * order). Ends the call, like the results below.
   */
  slotTotals(): Float64Array {
    const call = this.call!;
    const { slots } = call.program;
    this.k.chunkTotals(this.at.grads, callBlocks(call).chunks, slots, this.at.totals);
    this.call = null; // a call is run once: the next load lays it out afresh (dx zeroed)
    return new Float64Array(this.k.memory.buffer, this.at.totals, slots).slice();
  }

  /** Ends a forward call whose rows a runner has copied out of `region('z')` itself. */
  endForward(): void {
    this.call = null;
  }

  /** Once every block's gradients are in memory: the slots' totals, and ∂/∂ the source's data. */
  backwardResult(): KernelGradients {
    const { source, exact, program } = this.call!;
    const slotSums = this.slotTotals();
    if (!exact) return { slotSums, input: null };
    if (!isMapRecord(source)) {
      return { slotSums, input: this.f32(this.at.dx, source.data.length).slice() };
    }
    const out = this.f32(this.at.out, source.data.length);
    out.fill(0);
    this.k.scatterWindows(this.at.src, program.qubits, this.at.dx, this.at.out, this.at.scratch);
    return { slotSums, input: out.slice() };
  }

  forward(call: KernelCall): Float32Array {
    this.load(call);
    this.runForward(0, callBlocks(call).blocks);
    return this.forwardResult();
  }

  backward(call: KernelCall): KernelGradients {
    this.load(call);
    this.runBackward(0, callBlocks(call).blocks);
    return this.backwardResult();
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

/**
 * ∂/∂params from the slots' totals (KernelGradients), each slot times its scale (a lowered
 * controlled rotation's halves, kernelGates.ts).
 */
export function slotGradients(
  kp: KernelProgram,
  sums: Float64Array,
  params: ArrayLike<number>,
): Float32Array {
  const slots = kp.slots;
  // The Pauli path's sums are per term and qubit: reverse mode over its graph (pauliProgram.ts).
  if (kp.pauli) return Float32Array.from(pauliGradients(kp.pauli, params, kp.paramCount, sums));
  const grads = new Float64Array(kp.paramCount);
  for (let s = 0; s < slots; s++) grads[kp.slotParams[s]] += kp.slotScales[s] * sums[s];
  return Float32Array.from(grads);
}

/**
 * Runs a call's blocks on this thread or split across threads, with the same bits either way.
 * `SimdKernel` alone is the one-thread runner; simdThreads.ts adds a second thread.
 */
export interface KernelRunner {
  readonly threads: number;
  /** ⟨Z⟩ averaged per cell, [rows / group, n]. */
  forward(call: KernelCall): Float32Array;
  backward(call: KernelCall): KernelGradients;
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

/**
 * A layer's ⟨Z_j⟩ for the windows a source gives, averaged over each cell's windows:
 * [rows / group, n] (for rows, ⟨Z⟩ [P, n] itself). `path` forces one of the kernel's ways to run
 * the program (tests, measurements; kernelProgram.ts).
 */
export function sourceExpectZ(
  program: ExtendedProgram,
  source: WindowSource,
  params: ArrayLike<number>,
  runner: KernelRunner = defaultRunner(),
  path: KernelPath = 'auto',
): Float32Array {
  const kp = kernelProgram(program, path);
  const coef = kernelCoefficients(kp, params);
  return runner.forward({ program: kp, coef, source, dz: null, exact: false });
}

/**
 * The vector-Jacobian product of sourceExpectZ with cotangent dz [rows / group, n]: ∂/∂params
 * (flat), and under `exact` ∂/∂ the source's data (null under `measured`, where the encoding is
 * constant data).
 */
export function sourceGradients(
  program: ExtendedProgram,
  source: WindowSource,
  params: ArrayLike<number>,
  dz: Float32Array,
  inputGradient: InputGradient,
  runner: KernelRunner = defaultRunner(),
  path: KernelPath = 'auto',
): { params: Float32Array; input: Float32Array | null } {
  const kp = kernelProgram(program, path);
  const coef = kernelCoefficients(kp, params);
  const exact = inputGradient === 'exact';
  const g = runner.backward({ program: kp, coef, source, dz, exact });
  return { params: slotGradients(kp, g.slotSums, params), input: g.input };
}

/** ⟨Z_j⟩ of a program for windows [P, n] (row-major) and its flat parameter vector. */
export function programExpectZ(
  program: ExtendedProgram,
  windows: Float32Array,
  params: ArrayLike<number>,
  runner: KernelRunner = defaultRunner(),
): Float32Array {
  return sourceExpectZ(program, rowsSource(windows, program.qubits), params, runner);
}

/**
 * The vector-Jacobian product of programExpectZ with cotangent dz [P, n]: ∂/∂params (flat), and
 * ∂/∂windows under `exact` (null under `measured`, where the encoding is constant data).
 */
export function programExpectZGradients(
  program: ExtendedProgram,
  windows: Float32Array,
  params: ArrayLike<number>,
  dz: Float32Array,
  inputGradient: InputGradient,
  runner: KernelRunner = defaultRunner(),
): { params: Float32Array; windows: Float32Array | null } {
  const source = rowsSource(windows, program.qubits);
  const g = sourceGradients(program, source, params, dz, inputGradient, runner);
  return { params: g.params, windows: g.input };
}
