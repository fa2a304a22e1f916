import { fnv1a32Text } from '../../util/fnv1a';
import type { CircuitProgram } from '../circuit/circuitProgram';
import { preciseTrigWgsl } from './wgslTrig';

/**
 * WGSL sources of the fused quanv kernels (src/sim/webgpuKernelOp.ts), one invocation per window,
 * generated from a circuit program (circuitProgram.ts): the program's gate list is baked in as a
 * table the shader walks, so every family runs on the same few gate functions and none is a
 * special case. The window's 2ⁿ complex amplitudes (and
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
export function programKey(program: CircuitProgram): string {
  const text = program.gates
    .map((g) =>
      g.op === 'cnot'
        ? `c${g.control}.${g.target}`
        : g.op === 'encode'
          ? `e${g.qubit}`
          : `${g.axis}${g.qubit}.${g.param}`,
    )
    .join(',');
  return `${program.qubits}_${program.paramCount}_${program.gates.length}_${fnv1a32Text(text)}`;
}

/** Columns of the backward pass's per-window output: every parameter, then every encoding. */
export const backwardColumns = (program: CircuitProgram) => program.paramCount + program.qubits;

function constants(program: CircuitProgram): string {
  const n = program.qubits;
  return `
const N : i32 = ${n};
const DIM : i32 = ${1 << n};
const NPARAMS : i32 = ${program.paramCount};
const NCOLS : i32 = ${backwardColumns(program)};
const NGATES : i32 = ${program.gates.length};
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

/** exp(−iθσ/2) on qubit q for σ = X, Y, Z (axis 1, 2, 3); t = (cos θ/2, sin θ/2). */
fn rotate(v : ptr<private, array<vec2<f32>, DIM>>, axis : i32, q : i32, t : vec2<f32>) {
  let c = t.x;
  let s = t.y;
  let pos = u32(N - 1 - q);
  let stride = 1 << pos;
  for (var j = 0; j < DIM / 2; j++) {
    let k = insertZero(j, pos);
    let k1 = k + stride;
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

/** Z_q (±1) of basis state b. */
fn zSign(b : i32, q : i32) -> f32 {
  return 1.0 - 2.0 * f32((b >> u32(N - 1 - q)) & 1);
}
`;
}

/** A gate as the shader reads it: [op, a, b, param], op 0 encode (a = qubit), 1–3 RX/RY/RZ
 *  (a = qubit), 4 CNOT (a = control, b = target); param the flat index (−1 without). */
function gateTable(program: CircuitProgram): string {
  const rows = program.gates.map((g) =>
    g.op === 'encode'
      ? [0, g.qubit, 0, -1]
      : g.op === 'cnot'
        ? [4, g.control, g.target, -1]
        : [{ x: 1, y: 2, z: 3 }[g.axis], g.qubit, 0, g.param],
  );
  return `
// The program's gate list, walked at run time (a loop, not unrolled code: SwiftShader's compile
// time grows with the shader's size).
var<private> GATES : array<vec4<i32>, NGATES> = array<vec4<i32>, NGATES>(
${rows.map((r) => `  vec4<i32>(${r.join(', ')})`).join(',\n')}
);

/** cos/sin of every gate's half angle; the encoding's angle is π·x; angles from Params[p0…]. */
fn loadTrig(w : i32, p0 : i32) {
  for (var g = 0; g < NGATES; g++) {
    let gate = GATES[g];
    if (gate.x == 0) {
      trig[g] = preciseCosSin(0.5 * PI_F * Windows[w * N + gate.y]);
    } else if (gate.x < 4) {
      trig[g] = preciseCosSin(0.5 * Params[p0 + gate.w]);
    }
  }
}

/** The rotation axis of a gate: the encoding is RY. */
fn axisOf(op : i32) -> i32 {
  return select(op, 2, op == 0);
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
    } else {
      rotate(&psi, axisOf(gate.x), gate.y, trig[g]);
    }
  }
}
`;
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
export function forwardWgsl(program: CircuitProgram): string {
  return `${constants(program)}${preciseTrigWgsl()}${gateFunctions()}${gateTable(program)}
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
export function forwardSetsWgsl(program: CircuitProgram): string {
  return `${constants(program)}${preciseTrigWgsl()}${gateFunctions()}${gateTable(program)}
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
export function backwardWgsl(program: CircuitProgram): string {
  return `${constants(program)}${preciseTrigWgsl()}${gateFunctions()}${gateTable(program)}
var<private> lam : array<vec2<f32>, DIM>;

/** Im(conj(a)·b). */
fn imConjMul(a : vec2<f32>, b : vec2<f32>) -> f32 {
  return a.x * b.y - a.y * b.x;
}

/** ½·Im⟨λ, σψ⟩ on qubit q (σ = X, Y, Z for axis 1, 2, 3): ∂L/∂θ of exp(−iθσ/2) just applied. */
fn sigmaGradient(axis : i32, q : i32) -> f32 {
  let pos = u32(N - 1 - q);
  let stride = 1 << pos;
  var acc = 0.0;
  for (var j = 0; j < DIM / 2; j++) {
    let k = insertZero(j, pos);
    let k1 = k + stride;
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
  // A parameter no gate reads (a dead rotation left out of the program) has gradient 0; the
  // output buffer comes from a pool, so say so.
  for (var c = 0; c < NPARAMS; c++) {
    setOutputAtIndex(base + c, 0.0);
  }
  for (var g = NGATES - 1; g >= 0; g--) {
    let gate = GATES[g];
    if (gate.x == 4) {
      cnot(&psi, gate.y, gate.z);
      cnot(&lam, gate.y, gate.z);
      continue;
    }
    let axis = axisOf(gate.x);
    let column = select(gate.w, NPARAMS + gate.y, gate.x == 0);
    setOutputAtIndex(base + column, sigmaGradient(axis, gate.y));
    let undo = trig[g] * vec2<f32>(1.0, -1.0);
    rotate(&psi, axis, gate.y, undo);
    rotate(&lam, axis, gate.y, undo);
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
