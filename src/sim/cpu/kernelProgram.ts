/*
 * A circuit program (circuitProgram.ts) compiled for the WebAssembly SIMD kernel
 * (src/sim/cpu/assembly/circuitSimd.ts, "Program"): its codes and amplitude-pair tables, once per
 * program object, and the coefficients of one call (the rotations' matrices for its angles). Pure
 * host-side arithmetic; simdKernel.ts runs what this produces.
 */
import type { ExtendedProgram, RotationAxis } from '../circuit/circuitProgram';
import {
  dagger,
  matrixProduct as mul,
  rotationMatrix,
  type Matrix,
} from '../circuit/float64Program';
import { lowerForKernels, type KernelGate } from '../circuit/kernelGates';
import { pauliGraph, type PauliGraph } from './pauliPropagation';
import { pauliCodes, pauliCoefficients, pauliSums } from './pauliProgram';

/** Blocks of four windows per gradient chunk: the kernel's CHUNK (thread splits fall on chunks). */
export const CHUNK_BLOCKS = 16;

const IDENTITY: Matrix = [1, 0, 0, 0, 0, 0, 1, 0];
const PAULI: Record<RotationAxis, Matrix> = {
  x: [0, 0, 1, 0, 1, 0, 0, 0],
  y: [0, 0, 0, -1, 0, 1, 0, 0],
  z: [1, 0, 0, 0, 0, 0, -1, 0],
};

/** A gate with a gradient (a trainable rotation, or an encoding: its gradient goes to dx). */
type Member =
  | { readonly axis: RotationAxis; readonly param: number; readonly scale: number }
  | { readonly encode: number; readonly axis: RotationAxis };
/** A one-qubit step as the host sees it: a member, or a fixed unitary (no gradient, host only). */
type Step = Member | { readonly matrix: Matrix };

const isMember = (s: Step): s is Member => !('matrix' in s);

/**
 * A program in the kernel's layout (circuitSimd.ts, "Program"), with what the host needs to
 * fill its per-call coefficients and to map the kernel's gradient slots back to parameters.
 */
export interface KernelProgram {
  /** Unique per compiled program: a kernel keeps the codes of the last one in its memory. */
  readonly id: number;
  readonly qubits: number;
  readonly codes: Int32Array;
  /** Gradient slots (one per rotation gate), the parameter each belongs to and its scale. */
  readonly slots: number;
  readonly slotParams: Int32Array;
  readonly slotScales: Float64Array;
  readonly paramCount: number;
  /**
   * The prefix, per qubit its steps in order, each with its kernel record (−1 for a fixed gate,
   * which has none: the host folds it into the qubit's U and K's), and whether the kernel takes
   * the qubit's gradients from host-computed K's (its prefix has no encoding after another
   * member, so K is the same for every window) instead of walking the qubit back.
   */
  readonly prefix: readonly {
    readonly steps: readonly { readonly step: Step; readonly record: number }[];
    readonly k: boolean;
  }[];
  /** Kernel records in the prefix. */
  readonly prefixRecords: number;
  /** Where in coef each qubit's product of prefix gates goes. */
  readonly prefixUAt: number;
  /** Per fused op its steps and coef offset. */
  /** Per fused op its steps, coef offset and, for a general U, where U's entries go splatted. */
  readonly fused: readonly {
    readonly coefAt: number;
    readonly splatAt: number;
    readonly steps: readonly Step[];
  }[];
  readonly coefLength: number;
  /**
   * The Pauli path's graph (pauliPropagation.ts) where the kernel runs the program that way: its
   * codes are then pauliProgram.ts's, `slots` counts the sums per chunk (not rotations), and the
   * fields above that describe the state-vector layout are empty.
   */
  readonly pauli: PauliGraph | null;
}

/** How the kernel runs a program: the cheaper way (`auto`), or one forced (tests, measurements). */
export type KernelPath = 'auto' | 'state' | 'pauli';

const OP_CODES = { encode: 0, x: 1, y: 2, z: 3 } as const;
const FUSED_UNITARY = 6;
const FUSED_LANE_ENCODE = 7;
/** A run of one rotation: RX, RY, RZ (the kernel's real or diagonal 2×2 is cheaper than U's). */
const LONE: Record<RotationAxis, number> = { x: 8, y: 9, z: 10 };

let nextProgramId = 1;
const programCaches = {
  auto: new WeakMap<ExtendedProgram, KernelProgram>(),
  state: new WeakMap<ExtendedProgram, KernelProgram>(),
  pauli: new WeakMap<ExtendedProgram, KernelProgram>(),
};

/** Where amplitude b of the output comes from after CNOT(control, target) (its own inverse). */
function cnotSource(b: number, n: number, control: number, target: number): number {
  return (b >> (n - 1 - control)) & 1 ? b ^ (1 << (n - 1 - target)) : b;
}

const stepOf = (g: Exclude<KernelGate, { op: 'cnot' }>): Step =>
  g.op === 'encode'
    ? { encode: g.qubit, axis: g.axis }
    : g.op === 'rot'
      ? { axis: g.axis, param: g.param, scale: g.scale }
      : { matrix: g.matrix };

/**
 * How many gates the product-state prefix takes: up to the first CNOT, and on a qubit whose
 * prefix has to be walked back (an encoding after another of its members) only the kernel's
 * walked gates (RY(πx) and rotations): the first other gate there ends the prefix early.
 * Returns the count and the walked qubits.
 */
function prefixExtent(gates: readonly KernelGate[], n: number) {
  const seen = Array.from({ length: n }, () => ({ member: false, walked: false, other: false }));
  let count = 0;
  for (; count < gates.length; count++) {
    const g = gates[count];
    if (g.op === 'cnot') break;
    const s = { ...seen[g.qubit] };
    if (g.op === 'encode') {
      s.walked ||= s.member;
      s.other ||= g.axis !== 'y';
    } else if (g.op === 'fixed') s.other = true;
    s.member ||= g.op !== 'fixed';
    if (s.walked && s.other) break;
    seen[g.qubit] = s;
  }
  return { count, walked: seen.map((s) => s.walked) };
}

/**
 * The program for the kernel, compiled once per program object and path: the state-vector layout
 * (stateVectorProgram) or, where it applies and costs less, the Pauli path's (choosePath).
 */
export function kernelProgram(program: ExtendedProgram, path: KernelPath = 'auto'): KernelProgram {
  const cache = programCaches[path];
  const cached = cache.get(program);
  if (cached) return cached;
  const compiled = path === 'state' ? stateVectorProgram(program) : choosePath(program, path);
  cache.set(program, compiled);
  return compiled;
}

/**
 * The Pauli path where it applies (pauliGraph) and, under `auto`, where it costs less per block of
 * four windows, forward and backward: ~2 ns a trie node, ~1.4 a term and ~45 a qubit, a third
 * more past ~1,000 nodes (their products and adjoints no longer fit the L1 cache), against ~7.5 ns
 * an amplitude pair per state-vector op plus ~400 (fitted to one sitting's
 * `scripts/measure/kernelSpeed.ts --path state` and `--path pauli` runs of every family, 4 and 9
 * qubits, L = 1–3, `--threads 1 --clock cpu --stat min`).
 */
function choosePath(program: ExtendedProgram, path: 'auto' | 'pauli'): KernelProgram {
  const graph = pauliGraph(program);
  if (!graph) {
    if (path === 'pauli')
      throw new Error('kernelProgram: this program has no Pauli path (pauliGraph)');
    return kernelProgram(program, 'state');
  }
  const codes = pauliCodes(graph);
  const n = program.qubits;
  if (path === 'auto') {
    // The state-vector program is compiled (and cached) only where it is weighed or taken.
    const state = kernelProgram(program, 'state');
    const nodes = codes[3];
    const pauliNs = (2 * nodes + 1.4 * graph.terms.length) * (nodes > 1000 ? 1.3 : 1) + 45 * n;
    const stateNs = 7.5 * (1 << (n - 1)) * (state.fused.length + 1) + 400;
    if (pauliNs > stateNs) return state;
  }
  return {
    id: nextProgramId++,
    qubits: n,
    codes,
    slots: pauliSums(graph),
    slotParams: new Int32Array(0),
    slotScales: new Float64Array(0),
    paramCount: program.paramCount,
    prefix: [],
    prefixRecords: 0,
    prefixUAt: 0,
    fused: [],
    coefLength: 4 * (9 * n + graph.terms.length),
    pauli: graph,
  };
}

/**
 * The state-vector program, from the program's lowered gate list
 * (kernelGates.ts): the gates before the first CNOT (the product-state prefix) as they are;
 * after it, each qubit's one-qubit gates between two CNOTs fused into one op, and the CNOTs
 * folded into the ops' amplitude pairs (a basis relabeling, linear over GF(2), so no data
 * moves). Gates on different qubits commute, so grouping them per qubit keeps the circuit's
 * meaning; nothing here knows which family it compiles.
 */
function stateVectorProgram(program: ExtendedProgram): KernelProgram {
  const n = program.qubits;
  const dim = 1 << n;
  const gates = lowerForKernels(program.gates);
  const { count: prefixCount, walked } = prefixExtent(gates, n);
  const slotParams: number[] = [];
  const slotScales: number[] = [];
  const prefixRecords: number[] = [];
  const prefix = Array.from({ length: n }, (_, q) => ({
    steps: [] as { step: Step; record: number }[],
    k: !walked[q],
  }));
  const prefixGates = gates.slice(0, prefixCount);
  for (const g of prefixGates) {
    if (g.op === 'cnot') continue;
    const k = !walked[g.qubit];
    const step = stepOf(g);
    let record = -1;
    if (g.op === 'encode') {
      record = prefixRecords.length / 4;
      prefixRecords.push(OP_CODES.encode, g.qubit, -1, k ? 1 : 0);
    } else if (g.op === 'rot') {
      record = prefixRecords.length / 4;
      prefixRecords.push(OP_CODES[g.axis], g.qubit, slotParams.length, k ? 1 : 0);
      slotParams.push(g.param);
      slotScales.push(g.scale);
    }
    prefix[g.qubit].steps.push({ step, record });
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
  const fusedOps: {
    kind: number;
    qubit: number;
    table: number;
    axis: number;
    steps: Step[];
    segment: number;
  }[] = [];
  let segment: { qubit: number; step: Step }[] = [];
  let segments = 0;
  const flush = () => {
    segments++;
    const qubits = [...new Set(segment.map((s) => s.qubit))];
    for (const q of qubits) {
      let run: Step[] = [];
      const endRun = () => {
        const only = run.length === 1 ? run[0] : null;
        const lone = only && isMember(only) && !('encode' in only) ? LONE[only.axis] : 0;
        if (run.length)
          fusedOps.push({
            kind: lone || FUSED_UNITARY,
            qubit: q,
            table: pairTable(q),
            axis: 0,
            steps: run,
            segment: segments,
          });
        run = [];
      };
      for (const { qubit, step } of segment) {
        if (qubit !== q) continue;
        if ('encode' in step) {
          endRun();
          fusedOps.push({
            kind: FUSED_LANE_ENCODE,
            qubit: q,
            table: pairTable(q),
            axis: OP_CODES[step.axis],
            steps: [step],
            segment: segments,
          });
        } else run.push(step);
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
    } else segment.push({ qubit: g.qubit, step: stepOf(g) });
  }
  flush();

  const header = 8;
  const membersAt = header + prefixRecords.length + 8 * fusedOps.length;
  const memberCount = fusedOps.reduce((s, f) => s + f.steps.filter(isMember).length, 0);
  const tablesAt = membersAt + 4 * memberCount;
  const frameAt = tablesAt + tables.length * dim;
  const modesAt = frameAt + dim;
  const parityAt = modesAt + n;
  const codes = new Int32Array(parityAt + n);
  codes.set(parityMasks(frame, n), parityAt);
  codes.set(prefixRecords, header);
  // Per qubit how its prefix state is made: 0 gate by gate, 1 U·(c, s) with (c, s) the cos and
  // sin of π·x/2 (U includes the encoding's constant part), 2 U|0⟩ (no encoding).
  for (let q = 0; q < n; q++) {
    const encoded = prefix[q].steps.some(({ step }) => 'encode' in step);
    codes[modesAt + q] = walked[q] ? 0 : encoded ? 1 : 2;
  }
  const recordCount = prefixRecords.length / 4;
  const prefixUAt = 6 * recordCount;
  let coefAt = prefixUAt + 8 * n;
  let memberAt = membersAt;
  // After every op's coefficients, each general U's eight entries again, four times each: the
  // kernel's f32x4 operands, made once per call instead of once per block of four windows.
  let splatAt = (prefixUAt + 8 * n + 8 * fusedOps.length + 4 * memberCount + 3) & ~3;
  const fused = fusedOps.map((f, i) => {
    const members = f.steps.filter(isMember);
    const splat = f.kind === FUSED_UNITARY ? splatAt : 0;
    if (splat) splatAt += 32;
    codes.set(
      [f.kind, tablesAt + f.table * dim, memberAt, members.length, coefAt, f.qubit, f.axis, splat],
      header + prefixRecords.length + 8 * i,
    );
    for (const m of members) {
      codes[memberAt] = 'encode' in m ? -1 : slotParams.length;
      if (!('encode' in m)) {
        slotParams.push(m.param);
        slotScales.push(m.scale);
      }
      memberAt += 4;
    }
    const entry = { coefAt, splatAt: splat, steps: f.steps };
    coefAt += 8 + 4 * members.length;
    return entry;
  });
  tables.forEach((t, k) => codes.set(t, tablesAt + k * dim));
  codes.set(
    frame.map((p) => p * 32),
    frameAt,
  );
  // The terminal ops: the last segment's, each the last op on its qubit (the kernel takes their
  // gradient sums from the final state).
  let terminalFrom = fusedOps.length;
  const terminalQubits = new Set<number>();
  while (terminalFrom > 0) {
    const op = fusedOps[terminalFrom - 1];
    if (op.segment !== fusedOps[fusedOps.length - 1].segment || terminalQubits.has(op.qubit)) break;
    terminalQubits.add(op.qubit);
    terminalFrom--;
  }
  codes.set(
    [
      fusedOps.length,
      recordCount,
      slotParams.length,
      frameAt,
      modesAt,
      prefixUAt,
      parityAt,
      terminalFrom,
    ],
    0,
  );
  const compiledProgram: KernelProgram = {
    id: nextProgramId++,
    qubits: n,
    codes,
    slots: slotParams.length,
    slotParams: Int32Array.from(slotParams),
    slotScales: Float64Array.from(slotScales),
    paramCount: program.paramCount,
    prefix,
    prefixRecords: recordCount,
    prefixUAt,
    fused,
    coefLength: splatAt,
    pauli: null,
  };
  return compiledProgram;
}

/**
 * Per qubit q, which stored index bits (bit k for qubit k, the most significant first) basis bit
 * q at the end is the parity of: the CNOTs' relabelling `frame` (basis state b stored at
 * frame[b]) is linear over GF(2), so its inverse's columns say it. The kernel's readout of a
 * program with no one-qubit gate after its first CNOT is a product of one-qubit ⟨Z⟩'s over them
 * (assembly/productReadout.ts).
 */
function parityMasks(frame: Int32Array, n: number): Int32Array {
  const dim = 1 << n;
  const inverse = new Int32Array(dim);
  frame.forEach((p, b) => (inverse[p] = b));
  const masks = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const b = inverse[1 << (n - 1 - k)];
    for (let q = 0; q < n; q++) if ((b >> (n - 1 - q)) & 1) masks[q] |= 1 << k;
  }
  for (let p = 0; p < dim; p++) {
    let b = 0;
    for (let k = 0; k < n; k++) if ((p >> (n - 1 - k)) & 1) b ^= inverse[1 << (n - 1 - k)];
    if (b !== inverse[p]) throw new Error('kernelProgram: the CNOT frame is not linear over GF(2)');
  }
  return masks;
}

/** A step's matrix at these angles (null for an encoding: its matrix depends on the window). */
function stepMatrix(step: Step, params: ArrayLike<number>): Matrix | null {
  if ('matrix' in step) return step.matrix;
  if ('encode' in step) return null;
  return rotationMatrix(step.axis, step.scale * params[step.param]);
}

/** K = A·σ·A† as the kernel reads it: k00, re k01, im k01. */
function generatorSeenAfter(a: Matrix, axis: RotationAxis): number[] {
  const k = mul(mul(a, PAULI[axis]), dagger(a));
  return [k[0], k[2], k[3]];
}

/**
 * The kernel's per-call coefficients (float32, computed in float64): per prefix rotation record
 * cos(θ/2), sin(θ/2) (θ its scaled angle), then per prefix record its K (below, where `k`) and
 * per qubit its prefix state's U (where `k`: the product of its gates after the encoding, times
 * the encoding's constant part M, so that the state is U·(c, s)); per fused op its unitary
 * U = G_k⋯G_1 and per member K = A·σ·A† (A: the run's gates after it), the generator as the
 * gradient sees it from after the run (an encoding's own σ).
 */
export function kernelCoefficients(kp: KernelProgram, params: ArrayLike<number>): Float32Array {
  if (kp.pauli) return pauliCoefficients(kp.pauli, params);
  const coef = new Float32Array(kp.coefLength);
  const count = kp.prefixRecords;
  kp.prefix.forEach(({ steps, k }, q) => {
    // Walking back: `a` is the product of the qubit's later steps; at the encoding it is U's
    // part after it, and starts again for the (fixed) steps before it.
    let a = IDENTITY;
    let afterEncoding: Matrix | null = null;
    let encodingAxis: RotationAxis = 'y';
    for (let i = steps.length - 1; i >= 0; i--) {
      const { step, record } = steps[i];
      const m = stepMatrix(step, params);
      if (isMember(step) && !('encode' in step)) {
        const half = (step.scale * params[step.param]) / 2;
        coef[2 * record] = Math.cos(half);
        coef[2 * record + 1] = Math.sin(half);
      }
      if (!k) continue;
      if (isMember(step)) coef.set(generatorSeenAfter(a, step.axis), 2 * count + 4 * record);
      if ('encode' in step) {
        afterEncoding = a;
        encodingAxis = step.axis;
        a = IDENTITY;
      } else if (m) a = mul(a, m);
    }
    if (!k) return;
    let u = a;
    if (afterEncoding && (encodingAxis !== 'y' || a !== IDENTITY)) {
      // The state after the encoding is c·v + s·w, v = F|0⟩ (F: the fixed gates before it) and
      // w = −i·σ·v: M = [v w] as columns.
      const v = [a[0], a[1], a[4], a[5]];
      const sv = mul(PAULI[encodingAxis], [v[0], v[1], 0, 0, v[2], v[3], 0, 0]);
      const w = [sv[1], -sv[0], sv[5], -sv[4]];
      u = mul(afterEncoding, [v[0], v[1], w[0], w[1], v[2], v[3], w[2], w[3]]);
    }
    coef.set(afterEncoding && u === a ? afterEncoding : u, kp.prefixUAt + 8 * q);
  });
  for (const { coefAt, splatAt, steps } of kp.fused) {
    const only = steps[0];
    if (steps.length === 1 && 'encode' in only) {
      coef.set(generatorSeenAfter(IDENTITY, only.axis), coefAt + 8); // U comes from x, per lane
      continue;
    }
    let after = IDENTITY;
    let member = steps.filter(isMember).length;
    for (let i = steps.length - 1; i >= 0; i--) {
      const step = steps[i];
      if (isMember(step)) coef.set(generatorSeenAfter(after, step.axis), coefAt + 8 + 4 * --member);
      after = mul(after, stepMatrix(step, params)!);
    }
    coef.set(after, coefAt);
    if (splatAt) after.forEach((v, k) => coef.fill(v, splatAt + 4 * k, splatAt + 4 * k + 4));
  }
  return coef;
}
