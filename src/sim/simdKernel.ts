/*
 * The host side of the WebAssembly SIMD CPU kernel (src/sim/assembly/circuitSimd.ts): one
 * instance per thread, its linear memory laid out per call, and the program-level entry points
 * that execute any compiled circuit (circuitProgram.ts) on a batch of windows. Pure typed-array
 * code, no tfjs: the tfjs wiring is in simdCpu.ts, the second thread in simdThreads.ts.
 *
 * Windows are processed in blocks of four (one per f32x4 lane); a batch whose size is not a
 * multiple of four is padded with zero windows whose cotangent is zero, so they add nothing.
 */
import type { CircuitProgram } from './circuitProgram';
import { circuitSimdWasmBase64 } from './circuitSimdWasm.generated';

interface KernelExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  scratchBytes(n: number): number;
  forward(...args: number[]): void;
  backward(...args: number[]): void;
  peakLoop(iterations: number): number;
}

const OPS = { encode: 0, x: 1, y: 2, z: 3, cnot: 4, permute: 5 } as const;

function decodeBase64(text: string): Uint8Array {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

let compiled: WebAssembly.Module | null = null;

/** The compiled module, shared by every instance of this thread (and postable to workers). */
export function kernelModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(decodeBase64(circuitSimdWasmBase64) as BufferSource);
  return compiled;
}

/** Where amplitude b of the output comes from after CNOT(control, target). */
function cnotSource(b: number, n: number, control: number, target: number): number {
  return (b >> (n - 1 - control)) & 1 ? b ^ (1 << (n - 1 - target)) : b;
}

/**
 * A program as the kernel reads it: four i32 per kernel op, [op, a, b, param], then the tables
 * of its permutations. A run of two or more CNOTs (a ring) becomes one basis permutation: one
 * gather over the state instead of a pass per CNOT. The op count is trig.length / 2.
 */
function programCodes(program: CircuitProgram): { codes: Int32Array; ops: number } {
  const n = program.qubits;
  const dim = 1 << n;
  const records: number[][] = [];
  const tables: Int32Array[] = [];
  const gates = program.gates;
  for (let i = 0; i < gates.length;) {
    const g = gates[i];
    let end = i;
    while (end < gates.length && gates[end].op === 'cnot') end++;
    if (end - i >= 2) {
      // src[b]: apply the run's CNOTs in reverse to b (each is its own inverse).
      const src = new Int32Array(dim);
      const inv = new Int32Array(dim);
      for (let b = 0; b < dim; b++) {
        let s = b;
        for (let k = end - 1; k >= i; k--) {
          const c = gates[k] as Extract<(typeof gates)[number], { op: 'cnot' }>;
          s = cnotSource(s, n, c.control, c.target);
        }
        src[b] = s;
        inv[s] = b;
      }
      const table = new Int32Array(2 * dim);
      table.set(src);
      table.set(inv, dim);
      records.push([OPS.permute, tables.length, 0, -1]); // table index, offset fixed below
      tables.push(table);
      i = end;
      continue;
    }
    if (g.op === 'cnot') records.push([OPS.cnot, g.control, g.target, -1]);
    else if (g.op === 'encode') records.push([OPS.encode, g.qubit, 0, -1]);
    else records.push([OPS[g.axis], g.qubit, 0, g.param]);
    i++;
  }
  const codes = new Int32Array(records.length * 4 + tables.length * 2 * dim);
  records.forEach((r, k) => {
    if (r[0] === OPS.permute) r[1] = records.length * 4 + r[1] * 2 * dim;
    codes.set(r, k * 4);
  });
  tables.forEach((t, k) => codes.set(t, records.length * 4 + k * 2 * dim));
  return { codes, ops: records.length };
}

/** cos(θ/2), sin(θ/2) of every rotation gate's parameter (zero for the others), float32. */
function gateTrig(
  { codes, ops }: { codes: Int32Array; ops: number },
  params: ArrayLike<number>,
): Float32Array {
  const trig = new Float32Array(ops * 2);
  for (let g = 0; g < ops; g++) {
    const p = codes[g * 4 + 3];
    if (p < 0) continue;
    trig[2 * g] = Math.cos(params[p] / 2);
    trig[2 * g + 1] = Math.sin(params[p] / 2);
  }
  return trig;
}

const align = (bytes: number) => (bytes + 15) & ~15;

/** One instance of the kernel and its memory, not shared between threads: the one-thread runner. */
export class SimdKernel implements KernelRunner {
  readonly threads = 1;
  private readonly k: KernelExports;
  private readonly base: number;

  constructor(module: WebAssembly.Module = kernelModule()) {
    this.k = new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
    this.base = align(this.k.heapBase());
  }

  /** Byte offsets of consecutive regions of the given sizes, memory grown to hold them. */
  private layout(sizes: readonly number[]): number[] {
    const offsets: number[] = [];
    let at = this.base;
    for (const s of sizes) {
      offsets.push(at);
      at += align(s);
    }
    const memory = this.k.memory;
    if (at > memory.buffer.byteLength) {
      memory.grow(Math.ceil((at - memory.buffer.byteLength) / 65536));
    }
    return offsets;
  }

  private f32(offset: number, length: number): Float32Array {
    return new Float32Array(this.k.memory.buffer, offset, length);
  }

  /** ⟨Z⟩ of `rows` windows x [rows, n] into z [rows, n]. */
  forward(codes: Int32Array, trig: Float32Array, n: number, x: Float32Array, z: Float32Array) {
    const rows = x.length / n;
    const blocks = Math.ceil(rows / 4);
    const padded = blocks * 4 * n;
    const [pProg, pTrig, pX, pZ, pScratch] = this.layout([
      codes.byteLength,
      trig.byteLength,
      padded * 4,
      padded * 4,
      this.k.scratchBytes(n),
    ]);
    new Int32Array(this.k.memory.buffer, pProg, codes.length).set(codes);
    this.f32(pTrig, trig.length).set(trig);
    const xm = this.f32(pX, padded);
    xm.set(x);
    xm.fill(0, x.length);
    this.k.forward(pProg, trig.length / 2, n, pTrig, pX, pZ, 0, blocks, pScratch);
    z.set(this.f32(pZ, x.length));
  }

  /**
   * The gradient of Σ dz·⟨Z⟩: per block of four windows and gate, the four lanes' ∂/∂θ into
   * gateGrads [blocks, gates, 4]; under `exact`, ∂/∂x into dx [rows, n].
   */
  backward(
    codes: Int32Array,
    trig: Float32Array,
    n: number,
    x: Float32Array,
    dz: Float32Array,
    gateGrads: Float32Array,
    dx: Float32Array | null,
  ) {
    const rows = x.length / n;
    const blocks = Math.ceil(rows / 4);
    const padded = blocks * 4 * n;
    const gates = trig.length / 2;
    const [pProg, pTrig, pX, pDz, pDx, pGrads, pScratch] = this.layout([
      codes.byteLength,
      trig.byteLength,
      padded * 4,
      padded * 4,
      padded * 4,
      blocks * gates * 16,
      this.k.scratchBytes(n),
    ]);
    new Int32Array(this.k.memory.buffer, pProg, codes.length).set(codes);
    this.f32(pTrig, trig.length).set(trig);
    const xm = this.f32(pX, padded);
    xm.set(x);
    xm.fill(0, x.length);
    const dzm = this.f32(pDz, padded);
    dzm.set(dz);
    dzm.fill(0, dz.length);
    // Gates without a parameter (CNOTs, the encoding) leave their slots alone: zero them.
    this.f32(pGrads, blocks * gates * 4).fill(0);
    this.k.backward(pProg, gates, n, pTrig, pX, pDz, pGrads, pDx, dx ? 1 : 0, 0, blocks, pScratch);
    gateGrads.set(this.f32(pGrads, blocks * gates * 4));
    if (dx) dx.set(this.f32(pDx, x.length));
  }

  /** GFLOP/s of the module's f32x4 multiply-add loop (64 flops per iteration). */
  peakGflops(iterations: number): number {
    const start = performance.now();
    this.k.peakLoop(iterations);
    return (64 * iterations) / ((performance.now() - start) / 1000) / 1e9;
  }
}

/** ∂/∂params from per-block, per-gate lane gradients, summed in block order in float64. */
export function reduceGateGradients(
  codes: Int32Array,
  gates: number,
  gateGrads: Float32Array,
  paramCount: number,
): Float32Array {
  const blocks = gateGrads.length / (gates * 4);
  const sums = new Float64Array(paramCount);
  for (let g = 0; g < gates; g++) {
    const p = codes[g * 4 + 3];
    if (p < 0) continue;
    let s = 0;
    for (let b = 0; b < blocks; b++) {
      const o = (b * gates + g) * 4;
      s += gateGrads[o] + gateGrads[o + 1] + gateGrads[o + 2] + gateGrads[o + 3];
    }
    sums[p] += s;
  }
  return Float32Array.from(sums);
}

/**
 * Runs a program's blocks, forward or backward, on this thread or split across threads.
 * `SimdKernel` alone is the one-thread runner; simdThreads.ts adds a second thread.
 */
export interface KernelRunner {
  readonly threads: number;
  forward(codes: Int32Array, trig: Float32Array, n: number, x: Float32Array, z: Float32Array): void;
  backward(
    codes: Int32Array,
    trig: Float32Array,
    n: number,
    x: Float32Array,
    dz: Float32Array,
    gateGrads: Float32Array,
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
  const compiled = programCodes(program);
  const z = new Float32Array(windows.length);
  runner.forward(compiled.codes, gateTrig(compiled, params), program.qubits, windows, z);
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
  const compiled = programCodes(program);
  const { codes, ops } = compiled;
  const n = program.qubits;
  const blocks = Math.ceil(windows.length / n / 4);
  const gateGrads = new Float32Array(blocks * ops * 4);
  const dx = inputGradient === 'exact' ? new Float32Array(windows.length) : null;
  runner.backward(codes, gateTrig(compiled, params), n, windows, dz, gateGrads, dx);
  return { params: reduceGateGradients(codes, ops, gateGrads, program.paramCount), windows: dx };
}
