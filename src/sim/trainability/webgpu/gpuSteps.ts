/*
 * A compiled plan (plan.ts) laid out for the WebGPU sampler: the per-gate records the shaders
 * read at a dynamic offset (adjointWgsl.ts, struct Gate), the rows of per-sample coefficients
 * (one per trainable rotation or encoding), the gradient slots, the CZ runs as pair masks, and the
 * dispatch list of the forward and the backward pass. Pure: no GPU here.
 */
import type { LaneInputs } from '../adjoint';
import type { Plan } from '../plan';

/** Bytes between records: WebGPU's default minUniformBufferOffsetAlignment. */
export const RECORD_STRIDE = 256;
/** Bytes of one record (struct Gate). */
export const RECORD_BYTES = 48;

export type Entry = 'rotate' | 'fixed' | 'diag' | 'cnot' | 'gradient';

/** One dispatch: an entry point on ψ, λ or (gradient) both, reading record `record`. */
export interface Dispatch {
  readonly entry: Entry;
  readonly state: 'psi' | 'lam' | 'both';
  readonly record: number;
}

/** Where a coefficient row's per-sample angle and axis come from. */
export interface RowSource {
  /** The parameter (−1: an encoding, which reads input `qubit`). */
  readonly param: number;
  readonly qubit: number;
  /** 0–2 a fixed axis, 3 the sample's axis under axisKey. */
  readonly axis: number;
  readonly axisKey: number;
}

export interface GpuSteps {
  readonly records: ArrayBuffer;
  readonly rows: readonly RowSource[];
  /** slotParam[slot] is the parameter of gradient slot `slot` (slot 0 is the cost: −1). */
  readonly slotParam: Int32Array;
  /** The CZ pair masks of every diagonal step, back to back (at least one entry). */
  readonly masks: Uint32Array<ArrayBuffer>;
  readonly forward: readonly Dispatch[];
  readonly backward: readonly Dispatch[];
}

export function gpuSteps(plan: Plan): GpuSteps {
  const { steps } = plan;
  const records = new ArrayBuffer(Math.max(1, 2 * steps.length) * RECORD_STRIDE);
  const u32 = new Uint32Array(records);
  const f32 = new Float32Array(records);
  const write = (
    record: number,
    fields: { stride?: number; row?: number; count?: number; sign?: number; m?: Float64Array },
  ) => {
    const at = (record * RECORD_STRIDE) / 4;
    u32[at] = fields.stride ?? 0;
    u32[at + 1] = fields.row ?? 0;
    u32[at + 2] = fields.count ?? 0;
    f32[at + 3] = fields.sign ?? 1;
    if (fields.m) f32.set(fields.m, at + 4);
  };
  const rows: RowSource[] = [];
  const slotParam: number[] = [-1];
  const masks: number[] = [];
  const forward: Dispatch[] = [];
  const backward: Dispatch[] = [];
  steps.forEach((st, t) => {
    const fwd = 2 * t;
    const bwd = 2 * t + 1;
    if (st.kind === 'rot' || st.kind === 'encode') {
      const row = rows.length;
      if (st.kind === 'rot') {
        rows.push({ param: st.param, qubit: -1, axis: st.axis, axisKey: st.axisKey });
        write(fwd, { stride: st.stride, row });
        write(bwd, { stride: st.stride, row, count: slotParam.length });
        slotParam.push(st.param);
        forward.push({ entry: 'rotate', state: 'psi', record: fwd });
        backward.push({ entry: 'gradient', state: 'both', record: bwd });
      } else {
        rows.push({ param: -1, qubit: st.qubit, axis: 1, axisKey: -1 });
        write(fwd, { stride: st.stride, row });
        write(bwd, { stride: st.stride, row, sign: -1 });
        forward.push({ entry: 'rotate', state: 'psi', record: fwd });
        backward.push({ entry: 'rotate', state: 'psi', record: bwd });
        backward.push({ entry: 'rotate', state: 'lam', record: bwd });
      }
      return;
    }
    let entry: Entry;
    if (st.kind === 'fixed') {
      entry = 'fixed';
      write(fwd, { stride: st.stride, m: st.m });
      write(bwd, { stride: st.stride, m: st.inverse });
    } else if (st.kind === 'diag') {
      entry = 'diag';
      const own = st.masks;
      write(fwd, { row: masks.length, count: own.length });
      write(bwd, { row: masks.length, count: own.length });
      masks.push(...own);
    } else {
      entry = 'cnot';
      write(fwd, { stride: st.targetBit, row: st.controlBit });
      write(bwd, { stride: st.targetBit, row: st.controlBit });
    }
    forward.push({ entry, state: 'psi', record: fwd });
    backward.push({ entry, state: 'psi', record: bwd });
    backward.push({ entry, state: 'lam', record: bwd });
  });
  return {
    records,
    rows,
    slotParam: Int32Array.from(slotParam),
    masks: Uint32Array.from(masks.length ? masks : [0]),
    forward,
    backward: backward.reverse(),
  };
}

/**
 * Lanes [0, count) of `lanes` (B wide) as the shaders' per-sample rows: coefs[(row·S + s)·2]
 * = (cos, sin) of half the angle, computed in float64 and rounded once; axes[row·S + s].
 */
export function fillRows(
  rows: readonly RowSource[],
  lanes: LaneInputs,
  B: number,
  count: number,
  S: number,
  coefs: Float32Array,
  axes: Uint32Array,
): void {
  rows.forEach((src, r) => {
    for (let s = 0; s < count; s++) {
      const angle =
        src.param >= 0
          ? lanes.angles[src.param * B + s]
          : Math.PI * lanes.inputs[src.qubit * B + s];
      coefs[2 * (r * S + s)] = Math.cos(angle / 2);
      coefs[2 * (r * S + s) + 1] = Math.sin(angle / 2);
      axes[r * S + s] = src.axis === 3 ? lanes.axes[src.axisKey * B + s] : src.axis;
    }
  });
}
