import { describe, expect, it } from 'vitest';
import type { TCircuit, TGate } from './circuit';
import { compilePlan, CzRun } from './plan';
import { mccleanCircuit } from './presets';

/** A circuit of one trainable rotation (so nothing after it joins the base) then `gates`. */
function afterRotation(n: number, gates: TGate[]): TCircuit {
  return {
    qubits: n,
    prep: [],
    layers: [[{ op: 'rot', axis: 'y', qubit: 0, param: 0 }, ...gates]],
    paramCount: 1,
    axisKeys: 0,
    mirrorOf: Int32Array.of(-1),
  };
}

/** The diagonal of CZ gates applied one by one to the basis states, as a reference. */
function diagonalOf(n: number, gates: { a: number; b: number }[]): number[] {
  const bit = (q: number) => 1 << (n - 1 - q);
  return Array.from({ length: 1 << n }, (_, i) => {
    let sign = 1;
    for (const { a, b } of gates) if (i & bit(a) && i & bit(b)) sign = -sign;
    return sign;
  });
}

const runs = (plan: ReturnType<typeof compilePlan>) =>
  plan.steps.filter((s): s is CzRun => s.kind === 'diag');

describe('compilePlan: runs of CZ', () => {
  it("a run's diagonal is its gates applied one by one; a pair applied twice cancels", () => {
    const n = 5;
    const gates = [
      { a: 0, b: 1 },
      { a: 3, b: 1 },
      { a: 2, b: 4 },
      { a: 1, b: 0 },
      { a: 0, b: 4 },
    ];
    const [run] = runs(
      compilePlan(
        afterRotation(
          n,
          gates.map((g) => ({ op: 'cz', ...g })),
        ),
      ),
    );
    expect(Array.from(run.d)).toEqual(diagonalOf(n, gates));
    // 0-1 twice is no gate at all: three pairs are left.
    expect(run.masks).toHaveLength(3);
  });

  it('makes no table until a CPU kernel asks, and one table for every equal run', () => {
    const plan = compilePlan(mccleanCircuit(6, 8));
    const ladders = runs(plan);
    expect(ladders.length).toBeGreaterThanOrEqual(7);
    // The WebGPU path reads the pairs only: no run has made its 2ⁿ signs.
    expect(ladders.every((r) => (r as unknown as { table: unknown }).table === null)).toBe(true);
    const first = ladders[0].d;
    expect(ladders.every((r) => r.d === first)).toBe(true);
  });
});
