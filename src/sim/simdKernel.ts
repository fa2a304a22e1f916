/*
 * The host side of the WebAssembly SIMD CPU kernel (src/sim/assembly/circuitSimd.ts): a circuit
 * program compiled to the kernel's layout (once per program), one kernel instance per thread
 * with its linear memory, and the program-level entry points that execute any compiled circuit
 * (circuitProgram.ts) on a batch of windows. Pure typed-array code, no tfjs: the tfjs wiring is
 * in simdKernelOp.ts, the second thread in simdThreads.ts.
 *
 * Windows are processed in blocks of four (one per f32x4 lane); a batch whose size is not a
 * multiple of four is padded with zero windows whose cotangent is zero, so they add nothing.
 */
import type { CircuitProgram, RotationAxis } from './circuitProgram';
import { circuitSimdWasmBase64 } from './circuitSimdWasm.generated';
import { decodeBase64 } from './base64';

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

/** Blocks of four windows per gradient chunk: the kernel's CHUNK (thread splits fall on chunks). */
export const CHUNK_BLOCKS = 16;

// ---- Compiling a program for the kernel -------------------------------------------------------

/** A 2×2 complex matrix, row-major, re then im: [u00, u01, u10, u11]. */
type Mat2 = readonly number[];

const IDENTITY: Mat2 = [1, 0, 0, 0, 0, 0, 1, 0];
const PAULI: Record<RotationAxis, Mat2> = {
  x: [0, 0, 1, 0, 1, 0, 0, 0],
  y: [0, 0, 0, -1, 0, 1, 0, 0],
  z: [1, 0, 0, 0, 0, 0, -1, 0],
};

function mul(a: Mat2, b: Mat2): Mat2 {
  const out: number[] = [];
  for (const [i, j] of [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ]) {
    let re = 0,
      im = 0;
    for (let k = 0; k < 2; k++) {
      const [ar, ai] = [a[4 * i + 2 * k], a[4 * i + 2 * k + 1]];
      const [br, bi] = [b[4 * k + 2 * j], b[4 * k + 2 * j + 1]];
      re += ar * br - ai * bi;
      im += ar * bi + ai * br;
    }
    out.push(re, im);
  }
  return out;
}

const dagger = (a: Mat2): Mat2 => [a[0], -a[1], a[4], -a[5], a[2], -a[3], a[6], -a[7]];

/** exp(−iθσ/2) = cos(θ/2)·I − i·sin(θ/2)·σ. */
function rotation(axis: RotationAxis, theta: number): Mat2 {
  const c = Math.cos(theta / 2),
    s = Math.sin(theta / 2);
  const p = PAULI[axis];
  return IDENTITY.map((v, k) => c * v + (k % 2 ? -s * p[k - 1] : s * p[k + 1]));
}

type Member = { readonly axis: RotationAxis; readonly param: number } | { readonly encode: number };

/**
 * A program in the kernel's layout (circuitSimd.ts, "Program"), with what the host needs to
 * fill its per-call coefficients and to map the kernel's gradient slots back to parameters.
 */
export interface KernelProgram {
  /** Unique per compiled program: a kernel keeps the codes of the last one in its memory. */
  readonly id: number;
  readonly qubits: number;
  readonly codes: Int32Array;
  /** Gradient slots (one per rotation gate) and the parameter each belongs to. */
  readonly slots: number;
  readonly slotParams: Int32Array;
  readonly paramCount: number;
  /**
   * The prefix gates: qubit, the member (axis and parameter, or the encoding), and whether the
   * kernel takes its gradient from a host-computed K (its qubit's later prefix gates are all
   * rotations, so K is the same for every window) instead of walking the qubit back.
   */
  readonly prefix: readonly {
    readonly qubit: number;
    readonly member: Member;
    readonly k: boolean;
  }[];
  /** Where in coef each qubit's product of prefix rotations goes. */
  readonly prefixUAt: number;
  /** Per fused op its members and coef offset. */
  readonly fused: readonly { readonly coefAt: number; readonly members: readonly Member[] }[];
  readonly coefLength: number;
}

const OP_CODES = { encode: 0, x: 1, y: 2, z: 3 } as const;
const FUSED_UNITARY = 6;
const FUSED_LANE_ENCODE = 7;
/** A run of one rotation: RX, RY, RZ (the kernel's real or diagonal 2×2 is cheaper than U's). */
const LONE: Record<RotationAxis, number> = { x: 8, y: 9, z: 10 };

let nextProgramId = 1;
const programCache = new WeakMap<CircuitProgram, KernelProgram>();

/** Where amplitude b of the output comes from after CNOT(control, target) (its own inverse). */
function cnotSource(b: number, n: number, control: number, target: number): number {
  return (b >> (n - 1 - control)) & 1 ? b ^ (1 << (n - 1 - target)) : b;
}

/**
 * The program for the kernel, compiled once per program object: the gates before the first CNOT
 * (the product-state prefix) as they are; after it, each qubit's one-qubit gates between two
 * CNOTs fused into one op, and the CNOTs folded into the ops' amplitude pairs (a basis relabeling,
 * linear over GF(2), so no data moves). Gates on different qubits commute, so grouping them per
 * qubit keeps the circuit's meaning; nothing here knows which family it compiles.
 */
export function kernelProgram(program: CircuitProgram): KernelProgram {
  const cached = programCache.get(program);
  if (cached) return cached;
  const n = program.qubits;
  const dim = 1 << n;
  const gates = program.gates;
  const firstCnot = gates.findIndex((g) => g.op === 'cnot');
  const prefixCount = firstCnot < 0 ? gates.length : firstCnot;
  const slotParams: number[] = [];
  const prefixRecords: number[] = [];
  const prefix: KernelProgram['prefix'][number][] = [];
  const prefixGates = gates.slice(0, prefixCount);
  // A qubit's prefix gradients come from host K's unless an encoding follows another of its gates.
  const walked = new Set(
    prefixGates
      .filter(
        (g, i) =>
          g.op === 'encode' &&
          prefixGates.slice(0, i).some((h) => h.op === 'rot' && h.qubit === g.qubit),
      )
      .map((g) => (g.op === 'encode' ? g.qubit : -1)),
  );
  for (const g of prefixGates) {
    if (g.op === 'cnot') continue;
    const k = !walked.has(g.qubit);
    if (g.op === 'encode') {
      prefixRecords.push(OP_CODES.encode, g.qubit, -1, k ? 1 : 0);
      prefix.push({ qubit: g.qubit, member: { encode: g.qubit }, k });
    } else {
      prefixRecords.push(OP_CODES[g.axis], g.qubit, slotParams.length, k ? 1 : 0);
      prefix.push({ qubit: g.qubit, member: { axis: g.axis, param: g.param }, k });
      slotParams.push(g.param);
    }
  }
  // frame[b]: where basis state b is stored, after the CNOTs so far.
  let frame = Int32Array.from({ length: dim }, (_, b) => b);
  const tables: Int32Array[] = [];
  const tableIds = new Map<string, number>();
  const pairTable = (q: number) => {
    const key = `${frame.join(',')}|${q}`;
    let id = tableIds.get(key);
    if (id === undefined) {
      const m = 1 << (n - 1 - q);
      const t = new Int32Array(dim);
      for (let b = 0, k = 0; b < dim; b++) {
        if (b & m) continue;
        t[k++] = frame[b] * 32;
        t[k++] = frame[b | m] * 32;
      }
      id = tables.length;
      tables.push(t);
      tableIds.set(key, id);
    }
    return id;
  };
  const fusedOps: { kind: number; qubit: number; table: number; members: Member[] }[] = [];
  let segment: { qubit: number; member: Member }[] = [];
  const flush = () => {
    const qubits = [...new Set(segment.map((s) => s.qubit))];
    for (const q of qubits) {
      let run: Member[] = [];
      const endRun = () => {
        const lone = run.length === 1 && !('encode' in run[0]) ? LONE[run[0].axis] : 0;
        if (run.length)
          fusedOps.push({
            kind: lone || FUSED_UNITARY,
            qubit: q,
            table: pairTable(q),
            members: run,
          });
        run = [];
      };
      for (const { qubit, member } of segment) {
        if (qubit !== q) continue;
        if ('encode' in member) {
          endRun();
          fusedOps.push({
            kind: FUSED_LANE_ENCODE,
            qubit: q,
            table: pairTable(q),
            members: [member],
          });
        } else run.push(member);
      }
      endRun();
    }
    segment = [];
  };
  for (const g of gates.slice(prefixCount)) {
    if (g.op === 'cnot') {
      flush();
      const next = new Int32Array(dim);
      for (let b = 0; b < dim; b++) next[b] = frame[cnotSource(b, n, g.control, g.target)];
      frame = next;
    } else if (g.op === 'encode') segment.push({ qubit: g.qubit, member: { encode: g.qubit } });
    else segment.push({ qubit: g.qubit, member: { axis: g.axis, param: g.param } });
  }
  flush();

  const header = 8;
  const membersAt = header + prefixRecords.length + 8 * fusedOps.length;
  const memberCount = fusedOps.reduce((s, f) => s + f.members.length, 0);
  const tablesAt = membersAt + 4 * memberCount;
  const frameAt = tablesAt + tables.length * dim;
  const modesAt = frameAt + dim;
  const codes = new Int32Array(modesAt + n);
  codes.set(prefixRecords, header);
  // Per qubit how its prefix state is made: 0 gate by gate, 1 U·RY(π·x)|0⟩, 2 U|0⟩ (no encoding).
  for (let q = 0; q < n; q++) {
    const encoded = prefixGates.some((g) => g.op === 'encode' && g.qubit === q);
    codes[modesAt + q] = walked.has(q) ? 0 : encoded ? 1 : 2;
  }
  const prefixUAt = 6 * prefix.length;
  let coefAt = prefixUAt + 8 * n;
  let memberAt = membersAt;
  const fused = fusedOps.map((f, i) => {
    codes.set(
      [f.kind, tablesAt + f.table * dim, memberAt, f.members.length, coefAt, f.qubit, 0, 0],
      header + prefixRecords.length + 8 * i,
    );
    for (const m of f.members) {
      codes[memberAt] = 'encode' in m ? -1 : slotParams.length;
      if (!('encode' in m)) slotParams.push(m.param);
      memberAt += 4;
    }
    const entry = { coefAt, members: f.members };
    coefAt += 8 + 4 * f.members.length;
    return entry;
  });
  tables.forEach((t, k) => codes.set(t, tablesAt + k * dim));
  codes.set(
    frame.map((p) => p * 32),
    frameAt,
  );
  codes.set([fusedOps.length, prefix.length, slotParams.length, frameAt, modesAt, prefixUAt], 0);
  const compiledProgram: KernelProgram = {
    id: nextProgramId++,
    qubits: n,
    codes,
    slots: slotParams.length,
    slotParams: Int32Array.from(slotParams),
    paramCount: program.paramCount,
    prefix,
    prefixUAt,
    fused,
    coefLength: coefAt,
  };
  programCache.set(program, compiledProgram);
  return compiledProgram;
}

/**
 * The kernel's per-call coefficients (float32, computed in float64): per prefix rotation
 * cos(θ/2), sin(θ/2), then per prefix gate its K (below, where `k`) and per qubit the product of
 * its prefix rotations (where `k`: they all follow its encoding); per fused op its unitary
 * U = G_k⋯G_1 and per member K = A·σ·A† (A: the run's gates after it), the generator as the
 * gradient sees it from after the run (the encoding's σ is σ_y).
 */
export function kernelCoefficients(kp: KernelProgram, params: ArrayLike<number>): Float32Array {
  const coef = new Float32Array(kp.coefLength);
  const count = kp.prefix.length;
  const after = new Map<number, Mat2>();
  for (let g = count - 1; g >= 0; g--) {
    const { qubit, member, k } = kp.prefix[g];
    const gate = 'encode' in member ? null : rotation(member.axis, params[member.param]);
    if (!('encode' in member)) {
      coef[2 * g] = Math.cos(params[member.param] / 2);
      coef[2 * g + 1] = Math.sin(params[member.param] / 2);
    }
    if (!k) continue;
    const a = after.get(qubit) ?? IDENTITY;
    const kg = mul(mul(a, PAULI['encode' in member ? 'y' : member.axis]), dagger(a));
    coef.set([kg[0], kg[2], kg[3]], 2 * count + 4 * g);
    if (gate) after.set(qubit, mul(a, gate));
  }
  // Each such qubit's prefix rotations as one U (the kernel applies it to RY(π·x)|0⟩ or |0⟩).
  for (let q = 0; q < kp.qubits; q++) coef.set(after.get(q) ?? IDENTITY, kp.prefixUAt + 8 * q);
  for (const { coefAt, members } of kp.fused) {
    if (members.length === 1 && 'encode' in members[0]) {
      coef.set([0, 0, -1], coefAt + 8); // K = σ_y; U comes from x, per lane
      continue;
    }
    const rotations = members as readonly { axis: RotationAxis; param: number }[];
    const gates = rotations.map((m) => rotation(m.axis, params[m.param]));
    let after = IDENTITY;
    for (let i = rotations.length - 1; i >= 0; i--) {
      const k = mul(mul(after, PAULI[rotations[i].axis]), dagger(after));
      coef.set([k[0], k[2], k[3]], coefAt + 8 + 4 * i);
      after = mul(after, gates[i]);
    }
    coef.set(after, coefAt);
  }
  return coef;
}

// ---- One kernel instance ----------------------------------------------------------------------

const align = (bytes: number) => (bytes + 15) & ~15;

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
    let at = this.base + codesBytes;
    const offsets = [this.base];
    for (const s of sizes) {
      offsets.push(at);
      at += align(s);
    }
    const memory = this.k.memory;
    if (at > memory.buffer.byteLength) {
      memory.grow(Math.ceil((at - memory.buffer.byteLength) / 65536));
    }
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
