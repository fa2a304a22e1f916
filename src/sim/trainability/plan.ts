/*
 * A trainability circuit compiled for the lane kernels: the leading gates that are the same for
 * every sample run once on a single state (the "base"), runs of CZ fuse into one ±1 diagonal,
 * and each remaining gate becomes one kernel call. A run of CZs is kept as the qubit pairs it
 * flips; its diagonal of 2ⁿ signs is made only where a CPU kernel asks for it, once for all equal
 * runs (a ladder repeated in every layer is one table), so the WebGPU path, which applies the
 * pairs, holds no 2ⁿ table per layer on the host.
 */
import { allGates, type Axis, type TCircuit, type TGate } from './circuit';
import { applyCnot, applyFixed } from './laneKernels';

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
  | CzRun
  | { readonly kind: 'cnot'; readonly controlBit: number; readonly targetBit: number };

/**
 * A run of CZ gates: `masks` holds, for each qubit pair an odd number of its CZs act on, the
 * pair's two bits; the amplitude at index i changes sign once per mask wholly set in i.
 */
export class CzRun {
  readonly kind = 'diag';
  private table: Float64Array | null = null;

  constructor(
    readonly masks: readonly number[],
    private readonly dim: number,
    private readonly shared: Map<string, Float64Array>,
  ) {}

  /** The run's ±1 diagonal, made on first use and shared by every equal run of the plan. */
  get d(): Float64Array {
    if (this.table) return this.table;
    const key = this.masks.join(',');
    let d = this.shared.get(key);
    if (!d) {
      d = new Float64Array(this.dim);
      for (let i = 0; i < this.dim; i++) d[i] = czSign(i, this.masks);
      this.shared.set(key, d);
    }
    this.table = d;
    return d;
  }
}

/** The sign a run of CZs (its pair masks) gives the amplitude at `index`. */
function czSign(index: number, masks: readonly number[]): 1 | -1 {
  let sign: 1 | -1 = 1;
  for (const m of masks) if ((index & m) === m) sign = sign === 1 ? -1 : 1;
  return sign;
}

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
  const tables = new Map<string, Float64Array>();
  // The run's pairs so far, each with the parity of its CZs (CZ² = 1).
  let czRun: Map<number, boolean> | null = null;
  const flushCz = () => {
    if (czRun) {
      const masks = [...czRun].filter(([, odd]) => odd).map(([mask]) => mask);
      steps.push(
        new CzRun(
          masks.sort((a, b) => b - a),
          dim,
          tables,
        ),
      );
    }
    czRun = null;
  };
  for (const g of allGates(c)) {
    if (g.op === 'cz') {
      czRun ??= new Map();
      const both = bit(g.a) | bit(g.b);
      czRun.set(both, !(czRun.get(both) ?? false));
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
    else if (s.kind === 'diag') {
      // One state: the signs straight from the pairs, no table.
      for (let i = 0; i < dim; i++) {
        if (czSign(i, s.masks) < 0) {
          baseRe[i] = -baseRe[i];
          baseIm[i] = -baseIm[i];
        }
      }
    } else if (s.kind === 'cnot') applyCnot(baseRe, baseIm, dim, 1, s.controlBit, s.targetBit);
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
