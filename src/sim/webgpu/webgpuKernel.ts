import { fnv1a32Text } from '../../util/fnv1a';
import type { ExtendedProgram } from '../circuit/circuitProgram';
import { lowerForKernels, type KernelGate } from '../circuit/kernelGates';
import { preciseTrigWgsl } from './wgslTrig';

/**
 * WGSL sources of the fused quanv kernels (src/sim/webgpuKernelOp.ts), one invocation per window,
 * generated from a circuit program (circuitProgram.ts): the program's gate list, lowered to
 * encodings, scaled rotations, fixed unitaries and CNOTs (kernelGates.ts), is baked in as a
 * table the shader walks, so every family and custom circuit runs on the same few gate
 * functions and none is a special case. The window's 2ⁿ complex amplitudes (and
 * in the backward pass the 2ⁿ entries of the adjoint λ) live in private memory. The sources are
 * the `getUserCode()` of tfjs-backend-webgpu programs: tfjs prepends the bindings (`result`, one
 * storage buffer per input name, `uniforms` with every shape) and calls `main(index)` with the
 * global invocation index.
 *
 * The backward pass is the adjoint method run backwards through the gate list: with ψ and λ the
 * state and adjoint after a gate exp(−iθσ/2), ∂L/∂θ = ½·Im⟨λ, σψ⟩; then the gate is undone on both.
 * Its output is per window [P, paramCount + n]: the parameter gradients in the program's flat
 * order, then ∂L/∂(encoding angle) per qubit (∂L/∂x = π times that, read by gradXWgsl).
 */

/** A short stable key of a program's gate list, for tfjs's shader cache. */
export function programKey(program: ExtendedProgram): string {
  const text = JSON.stringify(program.gates);
  return `${program.qubits}_${program.paramCount}_${program.gates.length}_${fnv1a32Text(text)}`;
}

/** Columns of the backward pass's per-window output: every parameter, then every encoding. */
export const backwardColumns = (program: ExtendedProgram) => program.paramCount + program.qubits;

function constants(program: ExtendedProgram, gates: readonly KernelGate[]): string {
  const n = program.qubits;
  return `
const N : i32 = ${n};
const DIM : i32 = ${1 << n};
const NPARAMS : i32 = ${program.paramCount};
const NCOLS : i32 = ${backwardColumns(program)};
const NGATES : i32 = ${gates.length};
const PI_F : f32 = 3.14159265358979;
`;
}

/** The gate functions on a state vector v: rotations (c, s = cos, sin of θ/2), CNOT, σ products. */
function gateFunctions(): string {
  return `
var<private> psi : array<vec2<f32>, DIM>;
// cos, sin of each gate's half angle (zero for CNOTs), filled per window by loadTrig.
var<private> trig : array<vec2<f32>, NGATES>;

/** j ↦ j with a zero bit inserted at position pos. */
fn insertZero(j : i32, pos : u32) -> i32 {
  return ((j >> pos) << (pos + 1u)) | (j & ((1 << pos) - 1));
}

/** The j-th amplitude pair of qubit q: the indices with its bit 0 and 1. */
fn pairOf(j : i32, q : i32) -> vec2<i32> {
  let pos = u32(N - 1 - q);
  let k = insertZero(j, pos);
  return vec2<i32>(k, k + (1 << pos));
}

/** exp(−iθσ/2) on qubit q for σ = X, Y, Z (axis 1, 2, 3); t = (cos θ/2, sin θ/2). */
fn rotate(v : ptr<private, array<vec2<f32>, DIM>>, axis : i32, q : i32, t : vec2<f32>) {
  let c = t.x;
  let s = t.y;
  for (var j = 0; j < DIM / 2; j++) {
    let pair = pairOf(j, q);
    let k = pair.x;
    let k1 = pair.y;
    let p0 = (*v)[k];
    let p1 = (*v)[k1];
    if (axis == 1) {
      // [[c, −is], [−is, c]]
      (*v)[k] = vec2<f32>(c * p0.x + s * p1.y, c * p0.y - s * p1.x);
      (*v)[k1] = vec2<f32>(c * p1.x + s * p0.y, c * p1.y - s * p0.x);
    } else if (axis == 2) {
      // [[c, −s], [s, c]]
      (*v)[k] = c * p0 - s * p1;
      (*v)[k1] = s * p0 + c * p1;
    } else {
      // diag(c − is, c + is)
      (*v)[k] = vec2<f32>(c * p0.x + s * p0.y, c * p0.y - s * p0.x);
      (*v)[k1] = vec2<f32>(c * p1.x - s * p1.y, c * p1.y + s * p1.x);
    }
  }
}

/** CNOT c → t: swaps amplitudes b and b ^ t where b has c set. (\`target\` is reserved in WGSL.) */
fn cnot(v : ptr<private, array<vec2<f32>, DIM>>, c : i32, t : i32) {
  let pc = u32(N - 1 - c);
  let pt = u32(N - 1 - t);
  let lo = min(pc, pt);
  let hi = max(pc, pt);
  for (var j = 0; j < DIM / 4; j++) {
    let b = insertZero(insertZero(j, lo), hi) | (1 << pc);
    let b1 = b | (1 << pt);
    let x = (*v)[b];
    (*v)[b] = (*v)[b1];
    (*v)[b1] = x;
  }
}

fn cmul(a : vec2<f32>, b : vec2<f32>) -> vec2<f32> {
  return vec2<f32>(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x);
}

/** A fixed 2×2 unitary on qubit q: rows m0 = (u00, u01), m1 = (u10, u11), each (re, im). */
fn applyMatrix(v : ptr<private, array<vec2<f32>, DIM>>, q : i32, m0 : vec4<f32>, m1 : vec4<f32>) {
  for (var j = 0; j < DIM / 2; j++) {
    let pair = pairOf(j, q);
    let p0 = (*v)[pair.x];
    let p1 = (*v)[pair.y];
    (*v)[pair.x] = cmul(m0.xy, p0) + cmul(m0.zw, p1);
    (*v)[pair.y] = cmul(m1.xy, p0) + cmul(m1.zw, p1);
  }
}

/** Z_q (±1) of basis state b. */
fn zSign(b : i32, q : i32) -> f32 {
  return 1.0 - 2.0 * f32((b >> u32(N - 1 - q)) & 1);
}
`;
}

const AXIS_CODES = { x: 1, y: 2, z: 3 } as const;

/**
 * The lowered gate list (kernelGates.ts) as the shader reads it: [op, a, b, param], op 0 an
 * encoding (a = qubit, b = its axis 1–3 for X, Y, Z), 1–3 RX/RY/RZ (a = qubit, b = twice the
 * scale of its parameter), 4 CNOT (a = control, b = target), 5 a fixed unitary (a = qubit,
 * b = its matrix); param the flat index (−1 without). Fixed unitaries two rows each in MATRICES.
 */
function gateTable(gates: readonly KernelGate[]): string {
  const matrices: number[][] = [];
  const rows = gates.map((g) => {
    switch (g.op) {
      case 'encode':
        return [0, g.qubit, AXIS_CODES[g.axis], -1];
      case 'rot':
        return [AXIS_CODES[g.axis], g.qubit, 2 * g.scale, g.param];
      case 'cnot':
        return [4, g.control, g.target, -1];
      case 'fixed':
        matrices.push(g.matrix.slice(0, 4), g.matrix.slice(4));
        return [5, g.qubit, matrices.length / 2 - 1, -1];
    }
  });
  if (!matrices.length) matrices.push([1, 0, 0, 0], [0, 0, 1, 0]); // WGSL has no empty arrays
  return `
// The program's gate list, walked at run time (a loop, not unrolled code: SwiftShader's compile
// time grows with the shader's size).
var<private> GATES : array<vec4<i32>, NGATES> = array<vec4<i32>, NGATES>(
${rows.map((r) => `  vec4<i32>(${r.join(', ')})`).join(',\n')}
);

var<private> MATRICES : array<vec4<f32>, ${matrices.length}> = array<vec4<f32>, ${matrices.length}>(
${matrices.map((r) => `  vec4<f32>(${r.map(wgslFloat).join(', ')})`).join(',\n')}
);

/** cos/sin of every gate's half angle; the encoding's angle is π·x; angles from Params[p0…]. */
fn loadTrig(w : i32, p0 : i32) {
  for (var g = 0; g < NGATES; g++) {
    let gate = GATES[g];
    if (gate.x == 0) {
      trig[g] = preciseCosSin(0.5 * PI_F * Windows[w * N + gate.y]);
    } else if (gate.x < 4) {
      trig[g] = preciseCosSin(0.25 * f32(gate.z) * Params[p0 + gate.w]);
    }
  }
}

/** The rotation axis of a rotation or an encoding. */
fn axisOf(gate : vec4<i32>) -> i32 {
  return select(gate.x, gate.z, gate.x == 0);
}

/** Fixed gate g's unitary on v, or its adjoint. */
fn applyFixed(v : ptr<private, array<vec2<f32>, DIM>>, gate : vec4<i32>, adjoint : bool) {
  let m0 = MATRICES[2 * gate.z];
  let m1 = MATRICES[2 * gate.z + 1];
  if (adjoint) {
    applyMatrix(v, gate.y, vec4<f32>(m0.x, -m0.y, m1.x, -m1.y), vec4<f32>(m0.z, -m0.w, m1.z, -m1.w));
  } else {
    applyMatrix(v, gate.y, m0, m1);
  }
}

/** ψ = the program applied to |0…0⟩ (trig loaded). */
fn runCircuit() {
  for (var b = 0; b < DIM; b++) {
    psi[b] = vec2<f32>(0.0, 0.0);
  }
  psi[0] = vec2<f32>(1.0, 0.0);
  for (var g = 0; g < NGATES; g++) {
    let gate = GATES[g];
    if (gate.x == 4) {
      cnot(&psi, gate.y, gate.z);
    } else if (gate.x == 5) {
      applyFixed(&psi, gate, false);
    } else {
      rotate(&psi, axisOf(gate), gate.y, trig[g]);
    }
  }
}
`;
}

/** A WGSL float literal. */
const wgslFloat = (v: number) => (Number.isInteger(v) ? v.toFixed(1) : String(v));

/** The shader's constants, the trig, the gate functions and the program's lowered gate table. */
function header(program: ExtendedProgram): string {
  const gates = lowerForKernels(program.gates);
  return `${constants(program, gates)}${preciseTrigWgsl()}${gateFunctions()}${gateTable(gates)}`;
}

/** The end of a forward main: run the circuit, write ⟨Z_q⟩ to output row `row`. */
function readoutWgsl(row: string): string {
  return `  runCircuit();
  var z : array<f32, N>;
  for (var b = 0; b < DIM; b++) {
    let a = psi[b];
    let p = dot(a, a);
    for (var q = 0; q < N; q++) {
      z[q] += p * zSign(b, q);
    }
  }
  for (var q = 0; q < N; q++) {
    setOutputAtIndex(${row} * N + q, z[q]);
  }
}
`;
}

/** Forward: ⟨Z_q⟩ of each window, output [P, n]. */
export function forwardWgsl(program: ExtendedProgram): string {
  return `${header(program)}
fn main(index : i32) {
  let w = index;
  if (w >= uniforms.windowsShape.x) {
    return;
  }
  loadTrig(w, 0);
${readoutWgsl('w')}`;
}

/**
 * Forward for S parameter sets at once (Params [S, paramCount]; the shifted circuits of finite
 * shots): invocation s·P + w runs window w with set s, output [S·P, n].
 */
export function forwardSetsWgsl(program: ExtendedProgram): string {
  return `${header(program)}
fn main(index : i32) {
  let count = uniforms.windowsShape.x;
  let paramSet = index / count;
  if (paramSet >= uniforms.paramsShape.x) {
    return;
  }
  let w = index - paramSet * count;
  loadTrig(w, paramSet * NPARAMS);
${readoutWgsl('index')}`;
}

/**
 * Backward: for L = Σ_q dz_q·⟨Z_q⟩ of each window, [P, NCOLS]: ∂L/∂params (flat order), then
 * ∂L/∂(encoding angle of qubit q).
 */
export function backwardWgsl(program: ExtendedProgram): string {
  return `${header(program)}
var<private> lam : array<vec2<f32>, DIM>;

/** Im(conj(a)·b). */
fn imConjMul(a : vec2<f32>, b : vec2<f32>) -> f32 {
  return a.x * b.y - a.y * b.x;
}

/** ½·Im⟨λ, σψ⟩ on qubit q (σ = X, Y, Z for axis 1, 2, 3): ∂L/∂θ of exp(−iθσ/2) just applied. */
fn sigmaGradient(axis : i32, q : i32) -> f32 {
  var acc = 0.0;
  for (var j = 0; j < DIM / 2; j++) {
    let pair = pairOf(j, q);
    let k = pair.x;
    let k1 = pair.y;
    let p0 = psi[k];
    let p1 = psi[k1];
    let l0 = lam[k];
    let l1 = lam[k1];
    if (axis == 1) {
      acc += imConjMul(l0, p1) + imConjMul(l1, p0);
    } else if (axis == 2) {
      // σ_y ψ = (−i·ψ1, i·ψ0): Im(conj(l)·(∓i)·p) = ∓Re(conj(l)·p)
      acc += dot(l1, p0) - dot(l0, p1);
    } else {
      acc += imConjMul(l0, p0) - imConjMul(l1, p1);
    }
  }
  return 0.5 * acc;
}

fn main(index : i32) {
  let w = index;
  if (w >= uniforms.windowsShape.x) {
    return;
  }
  let base = w * NCOLS;
  loadTrig(w, 0);
  runCircuit();
  var dz : array<f32, N>;
  for (var q = 0; q < N; q++) {
    dz[q] = Dz[w * N + q];
  }
  // ∂L/∂p(b) = Σ_q dz_q·Z_q(b); p = |ψ|², so λ = 2·∂L/∂p·ψ.
  for (var b = 0; b < DIM; b++) {
    var g = 0.0;
    for (var q = 0; q < N; q++) {
      g += dz[q] * zSign(b, q);
    }
    lam[b] = (2.0 * g) * psi[b];
  }
  // Summed per column: a parameter may be read by two gates (a lowered controlled rotation's
  // halves), a pixel encoded twice; one no gate reads (a dead rotation left out of the
  // program) has gradient 0, and the output buffer comes from a pool, so every column is written.
  var grad : array<f32, NCOLS>;
  for (var g = NGATES - 1; g >= 0; g--) {
    let gate = GATES[g];
    if (gate.x == 4) {
      cnot(&psi, gate.y, gate.z);
      cnot(&lam, gate.y, gate.z);
      continue;
    }
    if (gate.x == 5) {
      applyFixed(&psi, gate, true);
      applyFixed(&lam, gate, true);
      continue;
    }
    let axis = axisOf(gate);
    let d = sigmaGradient(axis, gate.y);
    if (gate.x == 0) {
      grad[NPARAMS + gate.y] += d;
    } else {
      grad[gate.w] += 0.5 * f32(gate.z) * d;
    }
    let undo = trig[g] * vec2<f32>(1.0, -1.0);
    rotate(&psi, axis, gate.y, undo);
    rotate(&lam, axis, gate.y, undo);
  }
  for (var c = 0; c < NCOLS; c++) {
    setOutputAtIndex(base + c, grad[c]);
  }
}
`;
}

/** Workgroup size of the reduction: one workgroup per parameter, its threads over windows. */
export const REDUCE_THREADS = 64;

/** Σ over windows of the per-window gradients [P, nColumns] → their first nParams columns. */
export function reduceWgsl(nParams: number, nColumns: number): string {
  return `
const NPARAMS : i32 = ${nParams};
const NCOLS : i32 = ${nColumns};
const THREADS : i32 = ${REDUCE_THREADS};
var<workgroup> acc : array<f32, THREADS>;

fn main(index : i32) {
  let param = i32(workgroupId.x);
  let t = i32(localIndex);
  let count = uniforms.partialsShape.x;
  var s = 0.0;
  for (var w = t; w < count; w += THREADS) {
    s += Partials[w * NCOLS + param];
  }
  acc[t] = s;
  workgroupBarrier();
  for (var half = THREADS / 2; half > 0; half = half / 2) {
    if (t < half) {
      acc[t] = acc[t] + acc[t + half];
    }
    workgroupBarrier();
  }
  if (t == 0) {
    setOutputAtIndex(param, acc[0]);
  }
}
`;
}

/** ∂L/∂x [P, n] from the per-window gradients: π·∂L/∂(encoding angle of qubit q). */
export function gradXWgsl(qubits: number, nParams: number): string {
  return `
const N : i32 = ${qubits};
const NPARAMS : i32 = ${nParams};
const NCOLS : i32 = ${nParams + qubits};

fn main(index : i32) {
  if (index < uniforms.size) {
    let w = index / N;
    let q = index - w * N;
    setOutputAtIndex(index, 3.14159265358979 * Partials[w * NCOLS + NPARAMS + q]);
  }
}
`;
}
