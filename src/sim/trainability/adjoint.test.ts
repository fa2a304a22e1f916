import { describe, expect, it } from 'vitest';
import { jsqubitsTrainabilityCost } from '../reference/jsqubitsTrainability';
import { adjointChunk, AdjointWorkspace, type LaneInputs } from './adjoint';
import type { TCircuit } from './circuit';
import { COSTS, costTable, type Cost } from './costs';
import { compilePlan } from './plan';
import { mccleanCircuit } from './presets';
import { randomCircuit, randomLanes } from './randomCircuits';
import { sampleGradients } from './sampler';

function run(c: TCircuit, cost: Cost, lanes: LaneInputs, B: number) {
  const plan = compilePlan(c);
  const grads = new Float64Array(c.paramCount * B);
  const costs = new Float64Array(B);
  adjointChunk(
    plan,
    costTable(cost, c.qubits),
    lanes,
    new AdjointWorkspace(plan.dim, B),
    grads,
    costs,
  );
  return { grads, costs };
}

/** Lane k's values as a plain sample: angles, inputs, axes. */
function lane(c: TCircuit, lanes: LaneInputs, B: number, k: number) {
  return {
    angles: Array.from({ length: c.paramCount }, (_, p) => lanes.angles[p * B + k]),
    inputs: Array.from({ length: c.qubits }, (_, q) => lanes.inputs[q * B + k]),
    axes: Array.from({ length: c.axisKeys }, (_, a) => lanes.axes[a * B + k]),
  };
}

describe('one qubit, RY(θ), cost ⟨Z⟩ = cos θ', () => {
  const circuit: TCircuit = {
    qubits: 1,
    prep: [],
    layers: [[{ op: 'rot', axis: 'y', qubit: 0, param: 0 }]],
    paramCount: 1,
    axisKeys: 0,
    mirrorOf: Int32Array.of(-1),
  };
  const K = 20000;
  const r = sampleGradients({ circuit, cost: 'local', init: 'uniform', seed: 7 }, K);

  it('gradient −sin θ at every sample: (∂C/∂θ)² + C² = 1', () => {
    for (let k = 0; k < K; k++) expect(r.grads[k] ** 2 + r.costs[k] ** 2).toBeCloseTo(1, 12);
  });

  it('Var[∂⟨Z⟩/∂θ] = 1/2 for θ uniform in [0, 2π)', () => {
    const mean = r.grads.reduce((a, b) => a + b, 0) / K;
    const variance = r.grads.reduce((a, b) => a + (b - mean) ** 2, 0) / (K - 1);
    // standard error of the sample variance here is √(1/8)/√K ≈ 0.0025
    expect(variance).toBeGreaterThan(0.49);
    expect(variance).toBeLessThan(0.51);
  });
});

describe('the forward cost agrees with jsqubits', () => {
  it.each([1, 2, 3, 4, 5])('random circuits on %i qubits, every cost', (n) => {
    const B = 3;
    for (const cost of COSTS) {
      const c = randomCircuit(n, 14, 100 + n);
      const lanes = randomLanes(c, B, 200 + n);
      const { costs } = run(c, cost, lanes, B);
      for (let k = 0; k < B; k++) {
        const s = lane(c, lanes, B, k);
        expect(costs[k]).toBeCloseTo(
          jsqubitsTrainabilityCost(c, cost, s.angles, s.inputs, s.axes),
          10,
        );
      }
    }
  });
});

/** ∂C/∂θ_p of lane k by the parameter-shift rule, on jsqubits or on our own forward pass. */
function shiftGradient(
  c: TCircuit,
  lanes: LaneInputs,
  B: number,
  k: number,
  p: number,
  forward: (angles: number[]) => number,
) {
  const s = lane(c, lanes, B, k);
  const at = (by: number) => forward(s.angles.map((a, i) => (i === p ? a + by : a)));
  return (at(Math.PI / 2) - at(-Math.PI / 2)) / 2;
}

describe('adjoint gradients equal parameter-shift gradients', () => {
  it.each([1, 2, 3, 5])('random circuits on %i qubits against jsqubits, every cost', (n) => {
    const B = 2;
    for (const cost of COSTS) {
      const c = randomCircuit(n, 16, 300 + n);
      const lanes = randomLanes(c, B, 400 + n);
      const { grads } = run(c, cost, lanes, B);
      for (let k = 0; k < B; k++) {
        const s = lane(c, lanes, B, k);
        for (let p = 0; p < c.paramCount; p++) {
          const expected = shiftGradient(c, lanes, B, k, p, (angles) =>
            jsqubitsTrainabilityCost(c, cost, angles, s.inputs, s.axes),
          );
          expect(grads[p * B + k]).toBeCloseTo(expected, 10);
        }
      }
    }
  });

  it('McClean’s circuit on 14 qubits, 2 layers, 2 samples (shifts on the lane simulator)', () => {
    const c = mccleanCircuit(14, 2);
    const B = 2;
    const lanes = randomLanes(c, B, 9);
    const { grads } = run(c, 'global', lanes, B);
    const plan = compilePlan(c);
    const d = costTable('global', 14);
    const ws = new AdjointWorkspace(plan.dim, 1);
    const one = new Float64Array(c.paramCount);
    const cost1 = new Float64Array(1);
    let largest = 0;
    for (let k = 0; k < B; k++) {
      const s = lane(c, lanes, B, k);
      const forward = (angles: number[]) => {
        adjointChunk(
          plan,
          d,
          {
            angles: Float64Array.from(angles),
            inputs: new Float64Array(14),
            axes: Uint8Array.from(s.axes),
          },
          ws,
          one,
          cost1,
        );
        return cost1[0];
      };
      for (let p = 0; p < c.paramCount; p += 3) {
        const expected = shiftGradient(c, lanes, B, k, p, forward);
        largest = Math.max(largest, Math.abs(expected));
        expect(grads[p * B + k]).toBeCloseTo(expected, 11);
      }
    }
    expect(largest).toBeGreaterThan(1e-6); // the comparison is not of zeros
  });
});

describe('samples do not depend on the chunk size', () => {
  it('lanes 1, 3 and 8 give the same gradients', () => {
    const spec = {
      circuit: mccleanCircuit(4, 3),
      cost: 'projector' as const,
      init: 'uniform' as const,
      seed: 3,
    };
    const a = sampleGradients(spec, 10, 1);
    expect(sampleGradients(spec, 10, 3).grads).toEqual(a.grads);
    expect(sampleGradients(spec, 10, 8).grads).toEqual(a.grads);
  });
});

describe('adjoint gradients equal parameter-shift gradients at 16 qubits', () => {
  // A random circuit over the whole gate set. The shifts run on the lane simulator's forward pass
  // (a 2^16-amplitude run on jsqubits takes seconds), and that forward pass is itself checked
  // against jsqubits once. jsqubits drops every amplitude under 1e-7 after each gate
  // (QState.roundToZero), which at 16 qubits moves a cost by up to ~1e-8: 7 decimals there.
  const n = 16;
  const c = randomCircuit(n, 40, 1600);
  const lanes = randomLanes(c, 1, 1601);
  const s = lane(c, lanes, 1, 0);
  const plan = compilePlan(c);
  const ws = new AdjointWorkspace(plan.dim, 1);
  const forward = (cost: Cost) => (angles: number[]) => {
    const costs = new Float64Array(1);
    adjointChunk(
      plan,
      costTable(cost, n),
      { ...lanes, angles: Float64Array.from(angles) },
      ws,
      new Float64Array(c.paramCount),
      costs,
    );
    return costs[0];
  };

  it('the forward cost agrees with jsqubits (readout)', () => {
    expect(forward('readout')(s.angles)).toBeCloseTo(
      jsqubitsTrainabilityCost(c, 'readout', s.angles, s.inputs, s.axes),
      7,
    );
  }, 60_000);

  it('every cost, 5 parameters: adjoint = parameter shift', () => {
    const params = [0, 1, Math.floor(c.paramCount / 2), c.paramCount - 2, c.paramCount - 1];
    let largest = 0;
    for (const cost of COSTS) {
      const { grads } = run(c, cost, lanes, 1);
      for (const p of params) {
        const expected = shiftGradient(c, lanes, 1, 0, p, forward(cost));
        largest = Math.max(largest, Math.abs(expected));
        expect(grads[p]).toBeCloseTo(expected, 11);
      }
    }
    expect(c.paramCount).toBeGreaterThan(5);
    expect(largest).toBeGreaterThan(1e-3); // the comparison is not of zeros
  });
});
