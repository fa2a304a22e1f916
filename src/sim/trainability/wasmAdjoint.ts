/*
 * The host side of the WebAssembly SIMD adjoint (assembly/adjointSimd.ts): lays a plan out in the
 * module's memory once (base state, cost, the distinct diagonals, the gate table, the ops), then
 * per sample writes each rotation's cos/sin and axis and runs it. One instance per sampler (and so
 * per thread); where WebAssembly SIMD is missing, `create` gives null and the JS lane kernels
 * (adjoint.ts) run instead.
 */
import { decodeBase64 } from '../../util/base64';
import { regionOffsets } from '../cpu/wasmMemory';
import type { LaneInputs } from './adjoint';
import type { Plan, Step } from './plan';
import { trainabilitySimdWasmBase64 } from './trainabilitySimdWasm.generated';

interface Exports {
  readonly memory: WebAssembly.Memory;
  tile(n: number): number;
  sample(...offsets: number[]): number;
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where this runtime has no WebAssembly SIMD. */
function adjointModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(decodeBase64(trainabilitySimdWasmBase64) as BufferSource);
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

const OP_RUN = 1;
const OP_DIAG = 2;
const OP_CNOT = 3;
const KIND_FIXED = 3;
/**
 * The most memory kept copies of ψ may take (one per run of one-qubit gates): with them the
 * backward pass does not carry ψ back (n = 12, L = 20: 1.32 ms a sample against 1.43), but past
 * a few MiB their traffic eats the gain (n = 16, L = 50: 50 MiB of copies, 73 ms a sample
 * against 74 carrying ψ back).
 */
const KEPT_BYTES = 16 * 2 ** 20;

/** Where a one-qubit gate's per-sample rotation comes from: a parameter or an encoded input. */
interface GateSource {
  readonly param: number;
  /** 0–2 a fixed axis, 3 the lane's axis under axisKey, −1 a fixed gate (nothing per sample). */
  readonly axis: number;
  readonly axisKey: number;
  /** The input this encoding gate reads (−1: a trainable rotation). */
  readonly qubit: number;
}

type OneQubit = Extract<Step, { kind: 'rot' | 'encode' | 'fixed' }>;

export class WasmAdjoint {
  private readonly k: Exports;
  private readonly at: Record<
    'kept' | 'psi' | 'base' | 'cost' | 'diags' | 'gates' | 'coefs' | 'mats' | 'ops' | 'grads',
    number
  >;
  private readonly opCount: number;
  private readonly sources: GateSource[] = [];
  private readonly kinds: Int32Array;
  private readonly coefs: Float64Array;
  private readonly grads: Float64Array;

  /** null where WebAssembly SIMD is missing. */
  static create(plan: Plan, cost: Float64Array, keep = true): WasmAdjoint | null {
    const module = adjointModule();
    return module ? new WasmAdjoint(plan, cost, module, keep) : null;
  }

  /** Whether ψ is kept per run (the backward pass then carries λ alone). */
  readonly keeps: boolean;

  private constructor(
    private readonly plan: Plan,
    cost: Float64Array,
    module: WebAssembly.Module,
    keep: boolean,
  ) {
    this.k = new WebAssembly.Instance(module, {}).exports as unknown as Exports;
    const { dim, n } = plan;
    const T = this.k.tile(n);
    const diags: Float64Array[] = [];
    // Equal runs of CZ share one table (plan.ts: CzRun), so identity finds them.
    const diagIndex = (d: Float64Array) => {
      const i = diags.indexOf(d);
      return i >= 0 ? i : diags.push(d) - 1;
    };
    const gates: number[] = [];
    const mats: Float64Array[] = [];
    const ops: number[] = [];
    let runs = 0;
    let distinct = true;
    const steps = plan.steps;
    for (let i = 0; i < steps.length;) {
      const st = steps[i];
      if (st.kind === 'diag') {
        ops.push(OP_DIAG, diagIndex(st.d), 0, 0, 0, 0, 0, 0);
        i++;
        continue;
      }
      if (st.kind === 'cnot') {
        ops.push(OP_CNOT, st.controlBit, st.targetBit, 0, 0, 0, 0, 0);
        i++;
        continue;
      }
      const run: OneQubit[] = [];
      for (; i < steps.length; i++) {
        const s = steps[i];
        if (s.kind === 'diag' || s.kind === 'cnot') break;
        run.push(s);
      }
      // gates on different qubits commute: the high-stride ones first, each group in order
      const high = run.filter((s) => s.stride >= T);
      const low = run.filter((s) => s.stride < T);
      const first = this.sources.length;
      for (const s of [...high, ...low]) {
        if (s.kind === 'fixed') {
          gates.push(s.stride, KIND_FIXED, -1, mats.length / 2);
          mats.push(s.m, s.inverse);
          this.sources.push({ param: -1, axis: -1, axisKey: -1, qubit: -1 });
        } else if (s.kind === 'encode') {
          gates.push(s.stride, 1, -1, 0);
          this.sources.push({ param: -1, axis: 1, axisKey: -1, qubit: s.qubit });
        } else {
          gates.push(s.stride, s.axis === 3 ? 0 : s.axis, s.param, 0);
          this.sources.push({ param: s.param, axis: s.axis, axisKey: s.axisKey, qubit: -1 });
        }
      }
      const next = steps[i];
      const diag = next?.kind === 'diag' ? diagIndex(next.d) : -1;
      if (diag >= 0) i++;
      distinct &&= new Set(run.map((s) => s.stride)).size === run.length;
      ops.push(OP_RUN, first, high.length, low.length, diag, runs++, 0, 0);
    }
    this.keeps = keep && distinct && runs * 2 * dim * 8 <= KEPT_BYTES;
    const G = this.sources.length;
    const [psi, base, costAt, diagsAt, gatesAt, coefs, matsAt, opsAt, grads, kept] = regionOffsets(
      this.k.memory,
      this.k.memory.buffer.byteLength,
      [
        4 * dim * 8,
        2 * dim * 8,
        dim * 8,
        Math.max(1, diags.length) * dim * 8,
        G * 16,
        G * 16,
        (mats.length / 2) * 128,
        ops.length * 4,
        plan.paramCount * 8,
        this.keeps ? runs * 2 * dim * 8 : 0,
      ],
    );
    this.at = {
      kept: this.keeps ? kept : 0,
      psi,
      base,
      cost: costAt,
      diags: diagsAt,
      gates: gatesAt,
      coefs,
      mats: matsAt,
      ops: opsAt,
      grads,
    };
    const buf = this.k.memory.buffer;
    new Float64Array(buf, base, dim).set(plan.baseRe);
    new Float64Array(buf, base + dim * 8, dim).set(plan.baseIm);
    new Float64Array(buf, costAt, dim).set(cost);
    diags.forEach((d, j) => new Float64Array(buf, diagsAt + j * dim * 8, dim).set(d));
    new Int32Array(buf, gatesAt, gates.length).set(gates);
    mats.forEach((m, j) => new Float64Array(buf, matsAt + j * 64, 8).set(m));
    new Int32Array(buf, opsAt, ops.length).set(ops);
    this.opCount = ops.length / 8;
    this.kinds = new Int32Array(buf, gatesAt, 4 * G);
    this.coefs = new Float64Array(buf, coefs, 2 * G);
    this.grads = new Float64Array(buf, grads, plan.paramCount);
  }

  /** Lane `lane` of `lanes` (B lanes wide): its gradients into grads[0, paramCount); returns C. */
  run(lanes: LaneInputs, B: number, lane: number, grads: Float64Array): number {
    const { sources, kinds, coefs } = this;
    for (let g = 0; g < sources.length; g++) {
      const src = sources[g];
      if (src.axis < 0) continue;
      const angle =
        src.qubit >= 0
          ? Math.PI * lanes.inputs[src.qubit * B + lane]
          : lanes.angles[src.param * B + lane];
      coefs[2 * g] = Math.cos(angle / 2);
      coefs[2 * g + 1] = Math.sin(angle / 2);
      kinds[4 * g + 1] = src.axis === 3 ? lanes.axes[src.axisKey * B + lane] : src.axis;
    }
    const a = this.at;
    const C = this.k.sample(
      this.plan.n,
      a.psi,
      a.base,
      a.cost,
      a.diags,
      a.gates,
      a.coefs,
      a.mats,
      a.ops,
      this.opCount,
      a.grads,
      this.plan.paramCount,
      a.kept,
    );
    grads.set(this.grads);
    return C;
  }
}
