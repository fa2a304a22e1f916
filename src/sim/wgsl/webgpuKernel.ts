import { cnotRingImage } from '../ringTables';
import { preciseTrigWgsl } from './trig';

/**
 * WGSL sources of the fused quanv kernels (src/sim/fusedWebgpu.ts), one invocation per window:
 * the same math as the fused CPU kernel (src/sim/circuitKernel.ts), in float32, with the window's
 * 2ⁿ complex amplitudes (and in the backward pass the 2ⁿ entries of the adjoint λ) in private
 * memory. The sources are the `getUserCode()` of tfjs-backend-webgpu programs: tfjs prepends the
 * bindings (`result`, one storage buffer per input name, `uniforms` with every shape) and calls
 * `main(index)` with the global invocation index.
 *
 * Differences from the CPU kernel, all exact rewrites:
 * - the CNOT ring between layers is applied in place as n CNOTs (pair swaps), and undone by the
 *   same CNOTs in reverse order, instead of a permutation through a scratch vector;
 * - the final ring is folded into the readout by parity masks: the ring is linear over GF(2), so
 *   Z_q of the ring's image of basis state b is (−1)^popcount(b & mask_q);
 * - after the adjoint sweep ψ is no longer needed, and its storage is the scratch vector of the
 *   per-qubit contraction at the product state.
 */

export interface CircuitShape {
  readonly qubits: number;
  readonly depth: number;
}

/** mask[q]: the bits of b whose parity is bit q (qubit q, MSB first) of the ring's image of b. */
export function readoutMasks(n: number): number[] {
  const masks: number[] = [];
  for (let q = 0; q < n; q++) {
    let mask = 0;
    for (let i = 0; i < n; i++) {
      if ((cnotRingImage(1 << i, n) >> (n - 1 - q)) & 1) mask |= 1 << i;
    }
    masks.push(mask);
  }
  return masks;
}

function constants({ qubits: n, depth }: CircuitShape): string {
  const masks = readoutMasks(n);
  return `
const N : i32 = ${n};
const DIM : i32 = ${1 << n};
const DEPTH : i32 = ${depth};
const NPARAMS : i32 = ${2 * depth * n};
const GATES : i32 = ${Math.max(1, (depth - 1) * n)};
const PI_F : f32 = 3.14159265358979;
const READOUT_MASK = array<u32, ${n}>(${masks.map((m) => `${m}u`).join(', ')});
`;
}

/** State, gates and first-layer amplitudes of one window, and the circuit's building blocks. */
function circuitFunctions(): string {
  return `
var<private> psi : array<vec2<f32>, DIM>;
// Per qubit after encoding and the first layer: amplitudes of |0⟩ and |1⟩.
var<private> amp0 : array<vec2<f32>, N>;
var<private> amp1 : array<vec2<f32>, N>;
// Per qubit of the first layer: cos, sin of (πx + θ)/2 and of φ/2.
var<private> trig0 : array<vec4<f32>, N>;
// Per gate of layers 2…L: cos, sin of θ/2 and of φ/2.
var<private> gates : array<vec4<f32>, GATES>;

fn cmul(a : vec2<f32>, b : vec2<f32>) -> vec2<f32> {
  return vec2<f32>(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x);
}

/** e·a and ē·a for e = er + i·ei. */
fn phase(a : vec2<f32>, er : f32, ei : f32) -> vec2<f32> {
  return vec2<f32>(er * a.x - ei * a.y, er * a.y + ei * a.x);
}

/** j ↦ j with a zero bit inserted at position pos. */
fn insertZero(j : i32, pos : u32) -> i32 {
  return ((j >> pos) << (pos + 1u)) | (j & ((1 << pos) - 1));
}

fn paramAt(l : i32, q : i32, angle : i32) -> f32 {
  return Params[(l * N + q) * 2 + angle];
}

fn loadGates() {
  for (var l = 1; l < DEPTH; l++) {
    for (var q = 0; q < N; q++) {
      let t = preciseCosSin(0.5 * paramAt(l, q, 0));
      let p = preciseCosSin(0.5 * paramAt(l, q, 1));
      gates[(l - 1) * N + q] = vec4<f32>(t.x, t.y, p.x, p.y);
    }
  }
}

/** Encoding and first layer: (cos(α/2)·e^{-iφ/2}, sin(α/2)·e^{iφ/2}) with α = π·x + θ. */
fn firstLayer(w : i32) {
  for (var q = 0; q < N; q++) {
    let t = preciseCosSin(0.5 * (PI_F * Windows[w * N + q] + paramAt(0, q, 0)));
    let p = preciseCosSin(0.5 * paramAt(0, q, 1));
    trig0[q] = vec4<f32>(t.x, t.y, p.x, p.y);
    amp0[q] = vec2<f32>(t.x * p.x, -t.x * p.y);
    amp1[q] = vec2<f32>(t.y * p.x, t.y * p.y);
  }
}

/** ψ = a_0 ⊗ a_1 ⊗ … (qubit 0 most significant), grown in place from length 1 to 2ⁿ. */
fn productState() {
  psi[0] = vec2<f32>(1.0, 0.0);
  var len = 1;
  for (var q = 0; q < N; q++) {
    let a0 = amp0[q];
    let a1 = amp1[q];
    // Walk down so each source entry is read before its slot is overwritten.
    for (var k = len - 1; k >= 0; k--) {
      let s = psi[k];
      psi[2 * k] = cmul(s, a0);
      psi[2 * k + 1] = cmul(s, a1);
    }
    len = 2 * len;
  }
}

/** CNOT c → c+1 mod n on v: swaps amplitudes b and b ^ target where b has control set, target clear. */
fn cnot(v : ptr<private, array<vec2<f32>, DIM>>, c : i32) {
  let pc = u32(N - 1 - c);
  let pt = u32(N - 1 - (c + 1) % N);
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

fn ringForward(v : ptr<private, array<vec2<f32>, DIM>>) {
  for (var c = 0; c < N; c++) {
    cnot(v, c);
  }
}

fn ringInverse(v : ptr<private, array<vec2<f32>, DIM>>) {
  for (var c = N - 1; c >= 0; c--) {
    cnot(v, c);
  }
}

/** G = RZ(φ)·RY(θ) on qubit q: [[c·e, −s·e], [s·ē, c·ē]] with e = e^{-iφ/2}. */
fn gateForward(v : ptr<private, array<vec2<f32>, DIM>>, q : i32, g : vec4<f32>) {
  let c = g.x;
  let s = g.y;
  let er = g.z;
  let ei = -g.w;
  let pos = u32(N - 1 - q);
  let stride = 1 << pos;
  for (var j = 0; j < DIM / 2; j++) {
    let k = insertZero(j, pos);
    let k1 = k + stride;
    let p0 = (*v)[k];
    let p1 = (*v)[k1];
    (*v)[k] = phase(c * p0 - s * p1, er, ei);
    (*v)[k1] = phase(s * p0 + c * p1, er, -ei);
  }
}

/** G† = RY(−θ)·RZ(−φ): undo the phases, then rotate back. */
fn gateAdjoint(v : ptr<private, array<vec2<f32>, DIM>>, q : i32, g : vec4<f32>) {
  let c = g.x;
  let s = g.y;
  let er = g.z;
  let ei = -g.w;
  let pos = u32(N - 1 - q);
  let stride = 1 << pos;
  for (var j = 0; j < DIM / 2; j++) {
    let k = insertZero(j, pos);
    let k1 = k + stride;
    let a = phase((*v)[k], er, -ei);
    let b = phase((*v)[k1], er, ei);
    (*v)[k] = c * a + s * b;
    (*v)[k1] = c * b - s * a;
  }
}

/** Runs the whole circuit for window w up to (not including) the final ring; ψ holds the state. */
fn runCircuit(w : i32) {
  loadGates();
  firstLayer(w);
  productState();
  for (var l = 1; l < DEPTH; l++) {
    ringForward(&psi);
    for (var q = 0; q < N; q++) {
      gateForward(&psi, q, gates[(l - 1) * N + q]);
    }
  }
}

/** Z_q (±1) of the final ring's image of basis state b. */
fn zSign(b : i32, q : i32) -> f32 {
  return 1.0 - 2.0 * f32(countOneBits(u32(b) & READOUT_MASK[q]) & 1u);
}
`;
}

/** Forward: ⟨Z_q⟩ of each window, output [P, n]. */
export function forwardWgsl(shape: CircuitShape): string {
  return `${constants(shape)}${preciseTrigWgsl()}${circuitFunctions()}
fn main(index : i32) {
  let w = index;
  if (w >= uniforms.windowsShape.x) {
    return;
  }
  runCircuit(w);
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
 * Backward: for L = Σ_q dz_q·⟨Z_q⟩ of each window, ∂L/∂params of that window, output [P, L·n·2]
 * (the params' flat order). ∂L/∂x_q = π·∂L/∂θ_{0,q}, read from it by gradXWgsl.
 */
export function backwardWgsl(shape: CircuitShape): string {
  return `${constants(shape)}${preciseTrigWgsl()}${circuitFunctions()}
var<private> lam : array<vec2<f32>, DIM>;

/** ∂L/∂θ, ∂L/∂φ of one gate: Re⟨λ', (∂G/∂t)·ψ⟩, ψ before the gate and λ' the gradient after it. */
fn gateParamGradients(q : i32, g : vec4<f32>) -> vec2<f32> {
  let c = g.x;
  let s = g.y;
  let er = g.z;
  let ei = -g.w;
  let pos = u32(N - 1 - q);
  let stride = 1 << pos;
  var dTheta = 0.0;
  var dPhi = 0.0;
  for (var j = 0; j < DIM / 2; j++) {
    let k = insertZero(j, pos);
    let k1 = k + stride;
    let p0 = psi[k];
    let p1 = psi[k1];
    let l0 = lam[k];
    let l1 = lam[k1];
    // Rows of RY·ψ and of (∂RY/∂θ)·ψ = ½·[[−s, −c], [c, −s]]·ψ.
    let a = c * p0 - s * p1;
    let b = s * p0 + c * p1;
    let da = 0.5 * (-s * p0 - c * p1);
    let db = 0.5 * (c * p0 - s * p1);
    // ∂G/∂θ·ψ = (e·da, ē·db); ∂G/∂φ·ψ = (−i/2·e·a, +i/2·ē·b).
    dTheta += dot(l0, phase(da, er, ei)) + dot(l1, phase(db, er, -ei));
    let g0 = phase(a, er, ei);
    let g1 = phase(b, er, -ei);
    dPhi += 0.5 * (l0.x * g0.y - l0.y * g0.x - l1.x * g1.y + l1.y * g1.x);
  }
  return vec2<f32>(dTheta, dPhi);
}

/** Re((a.x + i·a.y)·(b.x + i·b.y)). */
fn reMul(a : vec2<f32>, b : vec2<f32>) -> f32 {
  return a.x * b.x - a.y * b.y;
}

fn main(index : i32) {
  let w = index;
  if (w >= uniforms.windowsShape.x) {
    return;
  }
  let base = w * NPARAMS;
  runCircuit(w);
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
  for (var l = DEPTH - 1; l >= 1; l--) {
    for (var q = N - 1; q >= 0; q--) {
      let g = gates[(l - 1) * N + q];
      gateAdjoint(&psi, q, g); // ψ before this gate
      let d = gateParamGradients(q, g);
      setOutputAtIndex(base + (l * N + q) * 2, d.x);
      setOutputAtIndex(base + (l * N + q) * 2 + 1, d.y);
      gateAdjoint(&lam, q, g);
    }
    ringInverse(&psi);
    ringInverse(&lam);
  }
  // At the product state ψ(b) = Π a_{i,b_i}: μ_{q,k} = Σ_{b: b_q = k} conj(λ(b))·Π_{i≠q} a_{i,b_i},
  // contracted from the least significant qubit up with ψ's storage as scratch.
  for (var q = 0; q < N; q++) {
    for (var b = 0; b < DIM; b++) {
      psi[b] = vec2<f32>(lam[b].x, -lam[b].y);
    }
    var len = DIM;
    var keep = 1;
    for (var i = N - 1; i >= 0; i--) {
      if (i == q) {
        keep = 2 * keep;
        continue;
      }
      let a0 = amp0[i];
      let a1 = amp1[i];
      let half = len / 2;
      var o = 0;
      for (var hiIndex = 0; hiIndex < half; hiIndex += keep) {
        let src = 2 * hiIndex;
        for (var t = 0; t < keep; t++) {
          psi[o] = cmul(psi[src + t], a0) + cmul(psi[src + keep + t], a1);
          o++;
        }
      }
      len = half;
    }
    let m0 = psi[0];
    let m1 = psi[1];
    let tr = trig0[q]; // cos, sin of (πx + θ)/2 and of φ/2
    // ∂a0/∂α = −½·s·e^{-iφ/2}, ∂a1/∂α = ½·c·e^{iφ/2}
    let dAlpha = reMul(m0, vec2<f32>(-0.5 * tr.y * tr.z, 0.5 * tr.y * tr.w)) +
      reMul(m1, vec2<f32>(0.5 * tr.x * tr.z, 0.5 * tr.x * tr.w));
    // ∂a0/∂φ = −i/2·a0, ∂a1/∂φ = i/2·a1
    let a0 = amp0[q];
    let a1 = amp1[q];
    let dPhi = reMul(m0, vec2<f32>(0.5 * a0.y, -0.5 * a0.x)) +
      reMul(m1, vec2<f32>(-0.5 * a1.y, 0.5 * a1.x));
    setOutputAtIndex(base + 2 * q, dAlpha);
    setOutputAtIndex(base + 2 * q + 1, dPhi);
  }
}
`;
}

/** Workgroup size of the reduction: one workgroup per parameter, its threads over windows. */
export const REDUCE_THREADS = 64;

/** Σ over windows of the per-window parameter gradients [P, nParams] → [nParams]. */
export function reduceWgsl(nParams: number): string {
  return `
const NPARAMS : i32 = ${nParams};
const THREADS : i32 = ${REDUCE_THREADS};
var<workgroup> acc : array<f32, THREADS>;

fn main(index : i32) {
  let param = i32(workgroupId.x);
  let t = i32(localIndex);
  let count = uniforms.partialsShape.x;
  var s = 0.0;
  for (var w = t; w < count; w += THREADS) {
    s += Partials[w * NPARAMS + param];
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

/** ∂L/∂x [P, n] from the per-window parameter gradients: ∂L/∂x_q = π·∂L/∂θ_{0,q}. */
export function gradXWgsl(qubits: number, nParams: number): string {
  return `
const N : i32 = ${qubits};
const NPARAMS : i32 = ${nParams};

fn main(index : i32) {
  if (index < uniforms.size) {
    let w = index / N;
    let q = index - w * N;
    setOutputAtIndex(index, 3.14159265358979 * Partials[w * NPARAMS + 2 * q]);
  }
}
`;
}
