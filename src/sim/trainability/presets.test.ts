import { describe, expect, it } from 'vitest';
import { compileCircuit } from '../circuit/circuitProgram';
import { allGates } from './circuit';
import { cerezoCircuit, familyCircuit, mccleanCircuit } from './presets';
import { sampleGradients } from './sampler';

describe('presets', () => {
  it('McClean: RY(π/4) on every qubit, then per layer n random rotations and an n−1 CZ ladder', () => {
    const c = mccleanCircuit(5, 3);
    expect(c.prep).toHaveLength(5);
    expect(c.paramCount).toBe(15);
    expect(c.layers.map((l) => l.filter((g) => g.op === 'cz').length)).toEqual([4, 4, 4]);
    expect(c.layers[0].every((g) => g.op !== 'rot' || g.axis === 'random')).toBe(true);
  });

  it('Cerezo: RY layers with CZ bricks that alternate between even and odd pairs', () => {
    const c = cerezoCircuit(5, 2);
    const cz = (l: number) => c.layers[l].flatMap((g) => (g.op === 'cz' ? [[g.a, g.b]] : []));
    expect(cz(0)).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(cz(1)).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it.each(['basic', 'strong', 'ryrz', 'random'] as const)(
    '%s keeps the program compiler’s gates',
    (family) => {
      const program = compileCircuit({ family, qubits: 4, depth: 3, structureSeed: 5 });
      const c = familyCircuit(family, 4, 3, 5);
      expect(c.paramCount).toBe(program.paramCount);
      expect(allGates(c)).toHaveLength(program.gates.length);
      // rotations stay in program order, so parameter p is the same gate in both
      const rots = (gs: readonly { op: string; param?: number }[]) =>
        gs.filter((g) => g.op === 'rot').map((g) => g.param);
      expect(rots(allGates(c))).toEqual(rots(program.gates));
    },
  );

  it('at n = 1 the families drop their entanglers (no gate on one wire twice)', () => {
    for (const family of ['basic', 'strong', 'ryrz', 'random'] as const) {
      const gates = allGates(familyCircuit(family, 1, 4, 2));
      expect(gates.some((g) => g.op === 'cnot')).toBe(false);
    }
  });

  it('identity blocks make the circuit the identity at initialisation: C = cos²(π/8)^n', () => {
    const n = 4;
    const r = sampleGradients(
      { circuit: mccleanCircuit(n, 4), cost: 'projector', init: 'identity', seed: 1 },
      6,
    );
    expect(r.paramCount).toBe(16);
    for (const c of r.costs) expect(c).toBeCloseTo(Math.cos(Math.PI / 8) ** (2 * n), 12);
    // with uniform initialisation it is not
    const u = sampleGradients(
      { circuit: mccleanCircuit(n, 4), cost: 'projector', init: 'uniform', seed: 1 },
      6,
    );
    expect(Math.abs(u.costs[0] - Math.cos(Math.PI / 8) ** (2 * n))).toBeGreaterThan(1e-6);
  });
});
