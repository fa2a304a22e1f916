/*
 * Exact gradients of every parameter for B samples at once by the adjoint method: one forward
 * pass, then one backward pass that carries ψ and λ = H·ψ back gate by gate (two states, not one
 * per gate), reading ∂C/∂θ at each rotation on the way. C = ⟨ψ|H|ψ⟩ with H diagonal (costs.ts).
 */
import {
  applyCnot,
  applyDiagonal,
  applyFixed,
  backwardRotation,
  rotate,
  rotateMixed,
} from './laneKernels';
import type { Plan } from './plan';

/** One chunk's per-sample inputs, lane-major inside each row: value[row·B + k]. */
export interface LaneInputs {
  /** θ_p of lane k at [p·B + k]. */
  readonly angles: Float64Array;
  /** The encoded pixel x_q ∈ [0, 1) of lane k at [q·B + k] (families only). */
  readonly inputs: Float64Array;
  /** 0, 1, 2 (X, Y, Z) for axis key a of lane k at [a·B + k]. */
  readonly axes: Uint8Array;
}

export class AdjointWorkspace {
  readonly pr: Float64Array;
  readonly pi: Float64Array;
  readonly lr: Float64Array;
  readonly li: Float64Array;
  readonly c: Float64Array;
  readonly s: Float64Array;
  readonly ax: Uint8Array;
  readonly g: Float64Array;

  constructor(
    readonly dim: number,
    readonly B: number,
  ) {
    this.pr = new Float64Array(dim * B);
    this.pi = new Float64Array(dim * B);
    this.lr = new Float64Array(dim * B);
    this.li = new Float64Array(dim * B);
    this.c = new Float64Array(B);
    this.s = new Float64Array(B);
    this.ax = new Uint8Array(B);
    this.g = new Float64Array(B);
  }
}

/** Fills ws.c, ws.s (half-angle cos/sin) and ws.ax (each lane's axis) for one rotation. */
function laneRotation(
  ws: AdjointWorkspace,
  lanes: number,
  row: Float64Array,
  offset: number,
  scale: number,
  axis: number,
  axes: Uint8Array | null,
  axisOffset: number,
): void {
  const { c, s, ax } = ws;
  for (let k = 0; k < lanes; k++) {
    const half = (scale * row[offset + k]) / 2;
    c[k] = Math.cos(half);
    s[k] = Math.sin(half);
    ax[k] = axes ? axes[axisOffset + k] : axis;
  }
}

/**
 * Gradients (into grads[p·B + k]) and costs (costs[k]) of B lanes. Lanes past `lanes` (a short
 * last chunk) are computed on whatever they hold and ignored.
 */
export function adjointChunk(
  plan: Plan,
  d: Float64Array,
  lanesIn: LaneInputs,
  ws: AdjointWorkspace,
  grads: Float64Array,
  costs: Float64Array,
): void {
  const { dim, steps } = plan;
  const { B, pr, pi, lr, li, c, s, ax, g } = ws;
  const { angles, inputs, axes } = lanesIn;
  for (let idx = 0; idx < dim; idx++) {
    pr.fill(plan.baseRe[idx], idx * B, idx * B + B);
    pi.fill(plan.baseIm[idx], idx * B, idx * B + B);
  }
  for (const st of steps) {
    if (st.kind === 'rot') {
      const mixed = st.axis === 3;
      laneRotation(ws, B, angles, st.param * B, 1, st.axis, mixed ? axes : null, st.axisKey * B);
      if (mixed) rotateMixed(pr, pi, dim, B, st.stride, c, s, ax, 1);
      else rotate(st.axis as 0 | 1 | 2, pr, pi, dim, B, st.stride, c, s, 1);
    } else if (st.kind === 'encode') {
      laneRotation(ws, B, inputs, st.qubit * B, Math.PI, 1, null, 0);
      rotate(1, pr, pi, dim, B, st.stride, c, s, 1);
    } else if (st.kind === 'fixed') applyFixed(pr, pi, dim, B, st.stride, st.m);
    else if (st.kind === 'diag') applyDiagonal(pr, pi, dim, B, st.d);
    else applyCnot(pr, pi, dim, B, st.controlBit, st.targetBit);
  }
  costs.fill(0, 0, B);
  for (let idx = 0; idx < dim; idx++) {
    const f = d[idx];
    const o = idx * B;
    for (let k = 0; k < B; k++) {
      const r = pr[o + k];
      const i = pi[o + k];
      costs[k] += f * (r * r + i * i);
      lr[o + k] = f * r;
      li[o + k] = f * i;
    }
  }
  for (let t = steps.length - 1; t >= 0; t--) {
    const st = steps[t];
    if (st.kind === 'rot') {
      laneRotation(
        ws,
        B,
        angles,
        st.param * B,
        1,
        st.axis,
        st.axis === 3 ? axes : null,
        st.axisKey * B,
      );
      backwardRotation(pr, pi, lr, li, dim, B, st.stride, c, s, ax, g);
      grads.set(g.subarray(0, B), st.param * B);
    } else if (st.kind === 'encode') {
      laneRotation(ws, B, inputs, st.qubit * B, Math.PI, 1, null, 0);
      rotate(1, pr, pi, dim, B, st.stride, c, s, -1);
      rotate(1, lr, li, dim, B, st.stride, c, s, -1);
    } else if (st.kind === 'fixed') {
      applyFixed(pr, pi, dim, B, st.stride, st.inverse);
      applyFixed(lr, li, dim, B, st.stride, st.inverse);
    } else if (st.kind === 'diag') {
      applyDiagonal(pr, pi, dim, B, st.d);
      applyDiagonal(lr, li, dim, B, st.d);
    } else {
      applyCnot(pr, pi, dim, B, st.controlBit, st.targetBit);
      applyCnot(lr, li, dim, B, st.controlBit, st.targetBit);
    }
  }
}
