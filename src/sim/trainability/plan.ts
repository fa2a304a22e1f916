/*
 * A trainability circuit compiled for the lane kernels: the leading gates that are the same for
 * every sample run once on a single state (the "base"), runs of CZ fuse into one ±1 diagonal,
 * and each remaining gate becomes one kernel call.
 */
import { allGates, type Axis, type TCircuit, type TGate } from './circuit';
import { applyCnot, applyDiagonal, applyFixed } from './laneKernels';

export type Step =
  | {
      readonly kind: 'rot';
      readonly axis: 0 | 1 | 2 | 3;
      readonly stride: number;
      readonly param: number;
      readonly axisKey: number;
    }
  | { readonly kind: 'encode'; readonly stride: number; readonly qubit: number }
  | {
      readonly kind: 'fixed';
      readonly stride: number;
      readonly m: Float64Array;
      readonly inverse: Float64Array;
    }
  | { readonly kind: 'diag'; readonly d: Float64Array }
  | { readonly kind: 'cnot'; readonly controlBit: number; readonly targetBit: number };

export interface Plan {
  readonly n: number;
  readonly dim: number;
  readonly paramCount: number;
  readonly axisKeys: number;
  readonly mirrorOf: Int32Array;
  /** The state after the sample-independent leading gates (real, imaginary). */
  readonly baseRe: Float64Array;
  readonly baseIm: Float64Array;
  readonly steps: readonly Step[];
}

const AXIS_INDEX: Record<Axis, 0 | 1 | 2> = { x: 0, y: 1, z: 2 };

/** exp(−iθσ/2) as [u00, u01, u10, u11], each (re, im). */
export function rotationMatrix(axis: Axis, angle: number): Float64Array {
  const c = Math.cos(angle / 2);
  const s = Math.sin(angle / 2);
  if (axis === 'x') return Float64Array.of(c, 0, 0, -s, 0, -s, c, 0);
  if (axis === 'y') return Float64Array.of(c, 0, -s, 0, s, 0, c, 0);
  return Float64Array.of(c, -s, 0, 0, 0, 0, c, s);
}

function fixedMatrices(g: TGate): [Float64Array, Float64Array] | null {
  if (g.op === 'h') {
    const h = Math.SQRT1_2;
    const m = Float64Array.of(h, 0, h, 0, h, 0, -h, 0);
    return [m, m];
  }
  if (g.op === 'fixed') return [rotationMatrix(g.axis, g.angle), rotationMatrix(g.axis, -g.angle)];
  return null;
}

export function compilePlan(c: TCircuit): Plan {
  const n = c.qubits;
  const dim = 1 << n;
  const bit = (q: number) => 1 << (n - 1 - q);
  const steps: Step[] = [];
  let czRun: Float64Array | null = null;
  const flushCz = () => {
    if (czRun) steps.push({ kind: 'diag', d: czRun });
    czRun = null;
  };
  for (const g of allGates(c)) {
    if (g.op === 'cz') {
      czRun ??= new Float64Array(dim).fill(1);
      const both = bit(g.a) | bit(g.b);
      for (let idx = 0; idx < dim; idx++) if ((idx & both) === both) czRun[idx] = -czRun[idx];
      continue;
    }
    flushCz();
    const stride = g.op === 'cnot' ? 0 : bit(g.qubit);
    const fixed = fixedMatrices(g);
    if (fixed) steps.push({ kind: 'fixed', stride, m: fixed[0], inverse: fixed[1] });
    else if (g.op === 'cnot')
      steps.push({ kind: 'cnot', controlBit: bit(g.control), targetBit: bit(g.target) });
    else if (g.op === 'encode') steps.push({ kind: 'encode', stride, qubit: g.qubit });
    else if (g.op === 'rot') {
      const axis = g.axis === 'random' ? 3 : AXIS_INDEX[g.axis];
      steps.push({ kind: 'rot', axis, stride, param: g.param, axisKey: g.axisKey ?? -1 });
    }
  }
  flushCz();
  // The leading sample-independent steps act on |0…0⟩ once.
  const baseRe = new Float64Array(dim);
  const baseIm = new Float64Array(dim);
  baseRe[0] = 1;
  let first = 0;
  for (; first < steps.length; first++) {
    const s = steps[first];
    if (s.kind === 'fixed') applyFixed(baseRe, baseIm, dim, 1, s.stride, s.m);
    else if (s.kind === 'diag') applyDiagonal(baseRe, baseIm, dim, 1, s.d);
    else if (s.kind === 'cnot') applyCnot(baseRe, baseIm, dim, 1, s.controlBit, s.targetBit);
    else break;
  }
  return {
    n,
    dim,
    paramCount: c.paramCount,
    axisKeys: c.axisKeys,
    mirrorOf: c.mirrorOf,
    baseRe,
    baseIm,
    steps: steps.slice(first),
  };
}
