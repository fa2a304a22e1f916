/*
 * WGSL of the WebGPU adjoint sampler (webgpuSampler.ts), float32: S samples' states side by side
 * (amplitude idx of sample s at s·DIM + idx, each a vec2 (re, im)), one dispatch per gate, G
 * workgroups of WG invocations per sample (workgroup id (x, y) = (part, sample)); an invocation
 * walks its sample's amplitude pairs j = x·WG + local, + G·WG, … Conventions as in
 * laneKernels.ts: R_σ(θ) = exp(−iθσ/2), a pair (i0, i0 + stride) is what a one-qubit gate mixes,
 * and at a rotation ∂C/∂θ = Im⟨λ|σ|ψ⟩ from the states after it.
 *
 * Four modules, one per bind-group layout (gpuSteps.ts writes the `Gate` records):
 * - gates: one state `v`; rotate (per-sample angle and axis, sign −1 undoes it), fixed (a 2×2),
 *   diag (a run of CZs: the parity of the CZ pair masks both of whose bits are set), cnot;
 * - gradient: ψ and λ; a rotation's gradient term summed per workgroup into `partials`, then
 *   both states moved back through the rotation;
 * - start: ψ = the base state, and at the end of the forward pass λ = d ⊙ ψ with C's partials;
 * - reduce: each (slot, sample)'s G partials summed once (no float atomics in WGSL).
 */

/** Invocations per workgroup. */
export const WORKGROUP = 256;

/** The record every per-gate dispatch reads at its dynamic offset (gpuSteps.ts writes it). */
const GATE_STRUCT = `
struct Gate {
  // a one-qubit gate's pair stride; CNOT: the target bit
  stride : u32,
  // a per-sample rotation's coefficient row; CNOT: the control bit; diag: its first mask
  row : u32,
  // diag: how many masks; a trainable rotation: its gradient slot
  count : u32,
  // +1 applies a per-sample rotation, −1 undoes it
  sign : f32,
  // a fixed gate's rows (u00, u01) and (u10, u11), each entry (re, im)
  m0 : vec4<f32>,
  m1 : vec4<f32>,
}
`;

function constants(dim: number, samples: number, groups: number): string {
  return `
const DIM : u32 = ${dim}u;
const HALF : u32 = ${dim / 2}u;
const S : u32 = ${samples}u;
const G : u32 = ${groups}u;
const WG : u32 = ${WORKGROUP}u;

/** The first amplitude of pair j for a gate of this stride (its bit 0). */
fn pairStart(j : u32, stride : u32) -> u32 {
  return ((j & ~(stride - 1u)) << 1u) | (j & (stride - 1u));
}
`;
}

const GATES = `
@group(0) @binding(0) var<storage, read_write> v : array<vec2<f32>>;
@group(0) @binding(1) var<storage, read> coefs : array<vec2<f32>>;
@group(0) @binding(2) var<storage, read> axes : array<u32>;
@group(0) @binding(3) var<storage, read> masks : array<u32>;
@group(0) @binding(4) var<uniform> gate : Gate;

fn cmul(a : vec2<f32>, b : vec2<f32>) -> vec2<f32> {
  return vec2<f32>(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x);
}

@compute @workgroup_size(WG)
fn rotate(@builtin(local_invocation_id) lid : vec3<u32>, @builtin(workgroup_id) wid : vec3<u32>) {
  let s = wid.y;
  let t = coefs[gate.row * S + s];
  let c = t.x;
  let sn = gate.sign * t.y;
  let axis = axes[gate.row * S + s];
  let off = s * DIM;
  for (var j = wid.x * WG + lid.x; j < HALF; j += G * WG) {
    let i0 = off + pairStart(j, gate.stride);
    let i1 = i0 + gate.stride;
    let a = v[i0];
    let b = v[i1];
    if (axis == 0u) {
      v[i0] = vec2<f32>(c * a.x + sn * b.y, c * a.y - sn * b.x);
      v[i1] = vec2<f32>(c * b.x + sn * a.y, c * b.y - sn * a.x);
    } else if (axis == 1u) {
      v[i0] = c * a - sn * b;
      v[i1] = sn * a + c * b;
    } else {
      v[i0] = vec2<f32>(c * a.x + sn * a.y, c * a.y - sn * a.x);
      v[i1] = vec2<f32>(c * b.x - sn * b.y, c * b.y + sn * b.x);
    }
  }
}

@compute @workgroup_size(WG)
fn fixed(@builtin(local_invocation_id) lid : vec3<u32>, @builtin(workgroup_id) wid : vec3<u32>) {
  let off = wid.y * DIM;
  for (var j = wid.x * WG + lid.x; j < HALF; j += G * WG) {
    let i0 = off + pairStart(j, gate.stride);
    let i1 = i0 + gate.stride;
    let a = v[i0];
    let b = v[i1];
    v[i0] = cmul(gate.m0.xy, a) + cmul(gate.m0.zw, b);
    v[i1] = cmul(gate.m1.xy, a) + cmul(gate.m1.zw, b);
  }
}

@compute @workgroup_size(WG)
fn diag(@builtin(local_invocation_id) lid : vec3<u32>, @builtin(workgroup_id) wid : vec3<u32>) {
  let off = wid.y * DIM;
  for (var idx = wid.x * WG + lid.x; idx < DIM; idx += G * WG) {
    var odd = 0u;
    for (var k = 0u; k < gate.count; k++) {
      let m = masks[gate.row + k];
      odd ^= select(0u, 1u, (idx & m) == m);
    }
    if (odd == 1u) {
      v[off + idx] = -v[off + idx];
    }
  }
}

@compute @workgroup_size(WG)
fn cnot(@builtin(local_invocation_id) lid : vec3<u32>, @builtin(workgroup_id) wid : vec3<u32>) {
  let off = wid.y * DIM;
  for (var j = wid.x * WG + lid.x; j < HALF; j += G * WG) {
    let i0 = pairStart(j, gate.stride);
    if ((i0 & gate.row) != 0u) {
      let a = v[off + i0];
      v[off + i0] = v[off + i0 + gate.stride];
      v[off + i0 + gate.stride] = a;
    }
  }
}
`;

/** Sums acc[0, WG) into acc[0]; every invocation of the workgroup calls it. */
const WORKGROUP_SUM = `
var<workgroup> acc : array<f32, WG>;

fn workgroupSum(t : u32, value : f32) -> f32 {
  acc[t] = value;
  workgroupBarrier();
  for (var half = WG / 2u; half > 0u; half = half / 2u) {
    if (t < half) {
      acc[t] = acc[t] + acc[t + half];
    }
    workgroupBarrier();
  }
  return acc[0];
}
`;

const GRADIENT = `
@group(0) @binding(0) var<storage, read_write> psi : array<vec2<f32>>;
@group(0) @binding(1) var<storage, read_write> lam : array<vec2<f32>>;
@group(0) @binding(2) var<storage, read> coefs : array<vec2<f32>>;
@group(0) @binding(3) var<storage, read> axes : array<u32>;
@group(0) @binding(4) var<uniform> gate : Gate;
@group(0) @binding(5) var<storage, read_write> partials : array<f32>;

@compute @workgroup_size(WG)
fn gradient(@builtin(local_invocation_id) lid : vec3<u32>, @builtin(workgroup_id) wid : vec3<u32>) {
  let s = wid.y;
  let t = coefs[gate.row * S + s];
  let c = t.x;
  let sn = t.y;
  let axis = axes[gate.row * S + s];
  let off = s * DIM;
  var g = 0.0;
  for (var j = wid.x * WG + lid.x; j < HALF; j += G * WG) {
    let i0 = off + pairStart(j, gate.stride);
    let i1 = i0 + gate.stride;
    let a0 = psi[i0];
    let a1 = psi[i1];
    let l0 = lam[i0];
    let l1 = lam[i1];
    if (axis == 0u) {
      g += l0.x * a1.y - l0.y * a1.x + l1.x * a0.y - l1.y * a0.x;
      psi[i0] = vec2<f32>(c * a0.x - sn * a1.y, c * a0.y + sn * a1.x);
      psi[i1] = vec2<f32>(c * a1.x - sn * a0.y, c * a1.y + sn * a0.x);
      lam[i0] = vec2<f32>(c * l0.x - sn * l1.y, c * l0.y + sn * l1.x);
      lam[i1] = vec2<f32>(c * l1.x - sn * l0.y, c * l1.y + sn * l0.x);
    } else if (axis == 1u) {
      g += l1.x * a0.x + l1.y * a0.y - l0.x * a1.x - l0.y * a1.y;
      psi[i0] = c * a0 + sn * a1;
      psi[i1] = c * a1 - sn * a0;
      lam[i0] = c * l0 + sn * l1;
      lam[i1] = c * l1 - sn * l0;
    } else {
      g += l0.x * a0.y - l0.y * a0.x - l1.x * a1.y + l1.y * a1.x;
      psi[i0] = vec2<f32>(c * a0.x - sn * a0.y, c * a0.y + sn * a0.x);
      psi[i1] = vec2<f32>(c * a1.x + sn * a1.y, c * a1.y - sn * a1.x);
      lam[i0] = vec2<f32>(c * l0.x - sn * l0.y, c * l0.y + sn * l0.x);
      lam[i1] = vec2<f32>(c * l1.x + sn * l1.y, c * l1.y - sn * l1.x);
    }
  }
  let total = workgroupSum(lid.x, g);
  if (lid.x == 0u) {
    partials[(gate.count * S + s) * G + wid.x] = total;
  }
}
`;

const START = `
@group(0) @binding(0) var<storage, read_write> psi : array<vec2<f32>>;
@group(0) @binding(1) var<storage, read_write> lam : array<vec2<f32>>;
@group(0) @binding(2) var<storage, read> base : array<vec2<f32>>;
@group(0) @binding(3) var<storage, read> cost : array<f32>;
@group(0) @binding(4) var<storage, read_write> partials : array<f32>;

@compute @workgroup_size(WG)
fn load(@builtin(local_invocation_id) lid : vec3<u32>, @builtin(workgroup_id) wid : vec3<u32>) {
  let off = wid.y * DIM;
  for (var idx = wid.x * WG + lid.x; idx < DIM; idx += G * WG) {
    psi[off + idx] = base[idx];
  }
}

// C = Σ d[idx]·|ψ_idx|² into slot 0 of the partials, and λ = d ⊙ ψ.
@compute @workgroup_size(WG)
fn costs(@builtin(local_invocation_id) lid : vec3<u32>, @builtin(workgroup_id) wid : vec3<u32>) {
  let s = wid.y;
  let off = s * DIM;
  var sum = 0.0;
  for (var idx = wid.x * WG + lid.x; idx < DIM; idx += G * WG) {
    let p = psi[off + idx];
    let f = cost[idx];
    sum += f * dot(p, p);
    lam[off + idx] = f * p;
  }
  let total = workgroupSum(lid.x, sum);
  if (lid.x == 0u) {
    partials[s * G + wid.x] = total;
  }
}
`;

const REDUCE = `
@group(0) @binding(0) var<storage, read> partials : array<f32>;
@group(0) @binding(1) var<storage, read_write> sums : array<f32>;

// One invocation per (slot, sample): its G workgroups' partials, summed in order.
@compute @workgroup_size(WG)
fn reduce(@builtin(global_invocation_id) gid : vec3<u32>) {
  let k = gid.x;
  if (k < arrayLength(&sums)) {
    var total = 0.0;
    for (var w = 0u; w < G; w++) {
      total += partials[k * G + w];
    }
    sums[k] = total;
  }
}
`;

export type ModuleName = 'gates' | 'gradient' | 'start' | 'reduce';

/** The WGSL of one module for states of `dim` amplitudes, `samples` per chunk, `groups` per sample. */
export function adjointWgsl(
  module: ModuleName,
  dim: number,
  samples: number,
  groups: number,
): string {
  const head = constants(dim, samples, groups);
  if (module === 'gates') return head + GATE_STRUCT + GATES;
  if (module === 'gradient') return head + GATE_STRUCT + WORKGROUP_SUM + GRADIENT;
  if (module === 'start') return head + WORKGROUP_SUM + START;
  return head + REDUCE;
}
