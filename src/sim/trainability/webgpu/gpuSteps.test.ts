import { describe, expect, it } from 'vitest';
import { compilePlan } from '../plan';
import { mccleanCircuit } from '../presets';
import { randomCircuit, randomLanes } from '../randomCircuits';
import { fillRows, gpuSteps, RECORD_STRIDE } from './gpuSteps';

/** The ±1 diagonal the masks stand for: −1 where an odd number of pairs have both bits set. */
function diagonalOf(masks: number[], n: number): Float64Array {
  return Float64Array.from({ length: 1 << n }, (_, idx) =>
    masks.filter((m) => (idx & m) === m).length % 2 ? -1 : 1,
  );
}

describe('the plan laid out for the GPU', () => {
  it('every CZ run is pair masks that give back its diagonal', () => {
    let runs = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const n = 2 + (seed % 6);
      const plan = compilePlan(randomCircuit(n, 30, seed));
      for (const st of plan.steps) {
        if (st.kind !== 'diag') continue;
        runs++;
        expect(Array.from(diagonalOf([...st.masks], n))).toEqual(Array.from(st.d));
      }
    }
    expect(runs).toBeGreaterThan(10);
  });

  it('one forward dispatch per step; backward: a gradient per rotation, both states otherwise', () => {
    const plan = compilePlan(randomCircuit(5, 40, 3));
    const s = gpuSteps(plan);
    const count = (kind: string) => plan.steps.filter((st) => st.kind === kind).length;
    const rotations = count('rot');
    expect(s.forward).toHaveLength(plan.steps.length);
    expect(s.backward).toHaveLength(rotations + 2 * (plan.steps.length - rotations));
    expect(s.backward.filter((d) => d.entry === 'gradient')).toHaveLength(rotations);
    // the backward pass walks the steps from the last: its first dispatch reads the last record
    expect(s.backward[0].record).toBe(2 * plan.steps.length - 1);
    // slot 0 is the cost; then every rotation's parameter in order
    expect(Array.from(s.slotParam)).toEqual([
      -1,
      ...plan.steps.flatMap((st) => (st.kind === 'rot' ? [st.param] : [])),
    ]);
    expect(s.rows).toHaveLength(rotations + count('encode'));
  });

  it('writes the inverse matrix and the undoing sign into the backward records', () => {
    const plan = compilePlan(randomCircuit(4, 40, 8));
    const s = gpuSteps(plan);
    const u32 = new Uint32Array(s.records);
    const f32 = new Float32Array(s.records);
    plan.steps.forEach((st, t) => {
      const fwd = (2 * t * RECORD_STRIDE) / 4;
      const bwd = ((2 * t + 1) * RECORD_STRIDE) / 4;
      if (st.kind === 'fixed') {
        expect(u32[fwd]).toBe(st.stride);
        expect(Array.from(f32.subarray(fwd + 4, fwd + 12))).toEqual(Array.from(st.m, Math.fround));
        expect(Array.from(f32.subarray(bwd + 4, bwd + 12))).toEqual(
          Array.from(st.inverse, Math.fround),
        );
      } else if (st.kind === 'encode') {
        expect([f32[fwd + 3], f32[bwd + 3]]).toEqual([1, -1]);
      } else if (st.kind === 'cnot') {
        expect([u32[fwd], u32[fwd + 1]]).toEqual([st.targetBit, st.controlBit]);
      }
    });
  });

  it('fills each row with the half angle’s cos and sin and the sample’s axis', () => {
    const c = mccleanCircuit(3, 2);
    const plan = compilePlan(c);
    const s = gpuSteps(plan);
    const B = 4;
    const lanes = randomLanes(c, B, 9);
    const S = 5;
    const coefs = new Float32Array(2 * s.rows.length * S);
    const axes = new Uint32Array(s.rows.length * S);
    fillRows(s.rows, lanes, B, 3, S, coefs, axes);
    s.rows.forEach((src, r) => {
      for (let k = 0; k < 3; k++) {
        const angle = lanes.angles[src.param * B + k];
        expect(coefs[2 * (r * S + k)]).toBe(Math.fround(Math.cos(angle / 2)));
        expect(coefs[2 * (r * S + k) + 1]).toBe(Math.fround(Math.sin(angle / 2)));
        expect(axes[r * S + k]).toBe(lanes.axes[src.axisKey * B + k]);
      }
      // lanes past the chunk's count are left alone
      expect(coefs[2 * (r * S + 3)]).toBe(0);
    });
  });
});
