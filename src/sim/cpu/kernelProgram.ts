/*
 * A circuit program (circuitProgram.ts) compiled for the WebAssembly SIMD kernel
 * (src/sim/cpu/assembly/circuitSimd.ts, "Program"): its codes and amplitude-pair tables, once per
 * program object, and the coefficients of one call (the rotations' matrices for its angles). Pure
 * host-side arithmetic; simdKernel.ts runs what this produces.
 */
import type { CircuitProgram, RotationAxis } from '../circuit/circuitProgram';

/** Blocks of four windows per gradient chunk: the kernel's CHUNK (thread splits fall on chunks). */
export const CHUNK_BLOCKS = 16;

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
