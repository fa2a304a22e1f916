import { describe, expect, it } from 'vitest';
import { adjointChunk, AdjointWorkspace } from './adjoint';
import { COSTS, costTable } from './costs';
import { compilePlan } from './plan';
import { mccleanCircuit } from './presets';
import { randomCircuit, randomLanes, randomLayeredCircuit } from './randomCircuits';
import { GradientSampler, sampleGradients } from './sampler';
import { WasmAdjoint } from './wasmAdjoint';

/**
 * The WebAssembly kernel against the JS lane kernels (themselves checked against jsqubits and
 * parameter shift in adjoint.test.ts), lane by lane: every gate kind on random wires, up to the
 * block size (n ≤ 12: one block) and past it (n = 13, 14: gates on high qubits run in strips).
 */
describe('the WebAssembly SIMD adjoint equals the JS lanes', () => {
  it.each([1, 2, 3, 5, 8, 12, 13, 14])('random circuits on %i qubits, every cost', (n) => {
    const B = 3;
    for (const cost of COSTS) {
      const c = randomCircuit(n, n > 8 ? 60 : 24, 500 + n);
      const lanes = randomLanes(c, B, 600 + n);
      const plan = compilePlan(c);
      const d = costTable(cost, n);
      const grads = new Float64Array(c.paramCount * B);
      const costs = new Float64Array(B);
      adjointChunk(plan, d, lanes, new AdjointWorkspace(plan.dim, B), grads, costs);
      const wasm = WasmAdjoint.create(plan, d);
      expect(wasm).not.toBeNull();
      const one = new Float64Array(c.paramCount);
      for (let k = 0; k < B; k++) {
        expect(wasm!.run(lanes, B, k, one)).toBeCloseTo(costs[k], 11);
        for (let p = 0; p < c.paramCount; p++) expect(one[p]).toBeCloseTo(grads[p * B + k], 11);
      }
    }
  });

  it.each([2, 5, 12, 14])(
    'one gate per qubit per run, %i qubits: ψ kept per run or carried back, the same',
    (n) => {
      const B = 2;
      const c = randomLayeredCircuit(n, 4, 700 + n);
      const lanes = randomLanes(c, B, 800 + n);
      const plan = compilePlan(c);
      const d = costTable('readout', n);
      const grads = new Float64Array(c.paramCount * B);
      const costs = new Float64Array(B);
      adjointChunk(plan, d, lanes, new AdjointWorkspace(plan.dim, B), grads, costs);
      const kept = WasmAdjoint.create(plan, d, true)!;
      const carried = WasmAdjoint.create(plan, d, false)!;
      expect(kept.keeps).toBe(true);
      expect(carried.keeps).toBe(false);
      const a = new Float64Array(c.paramCount);
      const b = new Float64Array(c.paramCount);
      for (let k = 0; k < B; k++) {
        expect(kept.run(lanes, B, k, a)).toBeCloseTo(costs[k], 11);
        expect(carried.run(lanes, B, k, b)).toBeCloseTo(costs[k], 11);
        for (let p = 0; p < c.paramCount; p++) {
          expect(a[p]).toBeCloseTo(grads[p * B + k], 11);
          expect(b[p]).toBeCloseTo(grads[p * B + k], 11);
        }
      }
    },
  );

  it('McClean’s circuit on 14 qubits, 3 layers: every gradient, and the sampler uses it', () => {
    const spec = {
      circuit: mccleanCircuit(14, 3),
      cost: 'projector' as const,
      init: 'uniform' as const,
      seed: 5,
    };
    expect(new GradientSampler(spec, 2).simd).toBe(true);
    expect(new GradientSampler(spec, 2, 'js').simd).toBe(false);
    const js = sampleGradients(spec, 3, 3, 'js');
    const simd = sampleGradients(spec, 3, 3, 'wasm');
    let largest = 0;
    js.grads.forEach((g, i) => {
      largest = Math.max(largest, Math.abs(g));
      expect(simd.grads[i]).toBeCloseTo(g, 12);
    });
    expect(largest).toBeGreaterThan(1e-4); // the comparison is not of zeros
    js.costs.forEach((c, i) => expect(simd.costs[i]).toBeCloseTo(c, 12));
  });
});
