import type { CircuitProgram, Gate } from '../circuitProgram';
import { preciseTrigWgsl } from './trig';

/**
 * WGSL sources of the fused quanv kernels (src/sim/fusedWebgpu.ts), one invocation per window,
 * generated from a circuit program (circuitProgram.ts): the program's gate list becomes straight-
 * line code (one call per gate, its qubits and parameter index baked in), so every family runs on
 * the same few gate functions and none is a special case. The window's 2ⁿ complex amplitudes (and
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
  let h = 0x811c9dc5;
  const text = program.gates
    .map((g) =>
      g.op === 'cnot'
        ? `c${g.control}.${g.target}`
        : g.op === 'encode'
          ? `e${g.qubit}`
          : `${g.axis}${g.qubit}.${g.param}`,
    )
    .join(',');
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `${program.qubits}_${program.paramCount}_${program.gates.length}_${(h >>> 0).toString(36)}`;
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

/** CNOT control → target: swaps amplitudes b and b ^ target where b has control set. */
fn cnot(v : ptr<private, array<vec2<f32>, DIM>>, control : i32, target : i32) {
  let pc = u32(N - 1 - control);
  let pt = u32(N - 1 - target);
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

/** WGSL axis code of a rotation: the encoding is RY. */
const axisCode = (g: Exclude<Gate, { op: 'cnot' }>) =>
  g.op === 'encode' ? 2 : { x: 1, y: 2, z: 3 }[g.axis];

/** loadTrig(w): cos/sin of every gate's half angle; the encoding's angle is π·x. */
function loadTrig(program: CircuitProgram): string {
  const lines = program.gates.map((g, i) => {
    if (g.op === 'cnot') return '';
    const angle = g.op === 'encode' ? `PI_F * Windows[w * N + ${g.qubit}]` : `Params[${g.param}]`;
    return `  trig[${i}] = preciseCosSin(0.5 * ${angle});`;
  });
  return `
fn loadTrig(w : i32) {
${lines.filter((l) => l !== '').join('\n')}
}
`;
}

/** runCircuit(): ψ = the program applied to |0…0⟩ (trig loaded). */
function runCircuit(program: CircuitProgram): string {
  const lines = program.gates.map((g, i) =>
    g.op === 'cnot'
      ? `  cnot(&psi, ${g.control}, ${g.target});`
      : `  rotate(&psi, ${axisCode(g)}, ${g.qubit}, trig[${i}]);`,
  );
  return `
fn runCircuit() {
  for (var b = 0; b < DIM; b++) {
    psi[b] = vec2<f32>(0.0, 0.0);
  }
  psi[0] = vec2<f32>(1.0, 0.0);
${lines.join('\n')}
}
`;
}

/** Forward: ⟨Z_q⟩ of each window, output [P, n]. */
export function forwardWgsl(program: CircuitProgram): string {
  return `${constants(program)}${preciseTrigWgsl()}${gateFunctions()}${loadTrig(program)}${runCircuit(program)}
fn main(index : i32) {
  let w = index;
  if (w >= uniforms.windowsShape.x) {
    return;
  }
  loadTrig(w);
  runCircuit();
  var z : array<f32, N>;
  for (var b = 0; b < DIM; b++) {
    let a = psi[b];
    let p = dot(a, a);
    for (var q = 0; q < N; q++) {
      z[q] += p * zSign(b, q);
    }
  }
  for (var q = 0; q < N; q++) {
    setOutputAtIndex(w * N + q, z[q]);
  }
}
`;
}

/**
 * Backward: for L = Σ_q dz_q·⟨Z_q⟩ of each window, [P, NCOLS]: ∂L/∂params (flat order), then
 * ∂L/∂(encoding angle of qubit q).
 */
export function backwardWgsl(program: CircuitProgram): string {
  const reverse: string[] = [];
  for (let i = program.gates.length - 1; i >= 0; i--) {
    const g = program.gates[i];
    if (g.op === 'cnot') {
      reverse.push(`  cnot(&psi, ${g.control}, ${g.target});`);
      reverse.push(`  cnot(&lam, ${g.control}, ${g.target});`);
      continue;
    }
    const axis = axisCode(g);
    const column = g.op === 'encode' ? `NPARAMS + ${g.qubit}` : `${g.param}`;
    reverse.push(`  setOutputAtIndex(base + ${column}, sigmaGradient(${axis}, ${g.qubit}));`);
    reverse.push(`  rotate(&psi, ${axis}, ${g.qubit}, trig[${i}] * vec2<f32>(1.0, -1.0));`);
    reverse.push(`  rotate(&lam, ${axis}, ${g.qubit}, trig[${i}] * vec2<f32>(1.0, -1.0));`);
  }
  return `${constants(program)}${preciseTrigWgsl()}${gateFunctions()}${loadTrig(program)}${runCircuit(program)}
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
  loadTrig(w);
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
${reverse.join('\n')}
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
