import { describe, expect, it } from 'vitest';
import { CIRCUIT_FAMILIES, compileCircuit } from './circuitProgram';

describe('compileCircuit', () => {
  it('encodes every qubit first, then uses every parameter index exactly once', () => {
    for (const family of CIRCUIT_FAMILIES) {
      for (const qubits of [4, 9]) {
        for (const depth of [1, 2, 3]) {
          const p = compileCircuit({ family, qubits, depth, structureSeed: 7 });
          expect(p.gates.slice(0, qubits)).toEqual(
            Array.from({ length: qubits }, (_, qubit) => ({ op: 'encode', qubit })),
          );
          const params = p.gates.flatMap((g) => (g.op === 'rot' ? [g.param] : []));
          expect([...params].sort((a, b) => a - b)).toEqual(
            Array.from({ length: p.paramCount }, (_, i) => i),
          );
          for (const g of p.gates) {
            if (g.op === 'cnot') expect(g.control).not.toBe(g.target);
          }
        }
      }
    }
  });

  it('gives the parameter shapes of each family', () => {
    const shape = (family: (typeof CIRCUIT_FAMILIES)[number]) =>
      compileCircuit({ family, qubits: 4, depth: 2, structureSeed: 1 }).paramShape;
    expect(shape('ryrz')).toEqual([2, 4, 2]);
    expect(shape('basic')).toEqual([2, 4, 1]);
    expect(shape('strong')).toEqual([2, 4, 3]);
    expect(shape('random')).toEqual([2, 8]);
    expect(shape('randomlayers')).toEqual([2, 8]);
  });

  it('draws a random structure from its seed: the same seed repeats, another differs', () => {
    const gates = (structureSeed: number) =>
      compileCircuit({ family: 'random', qubits: 4, depth: 2, structureSeed }).gates;
    expect(gates(3)).toEqual(gates(3));
    expect(gates(3)).not.toEqual(gates(4));
  });

  it('uses ranges 1, 2, 3, 1 for the entangling rings of strong on 4 qubits', () => {
    const p = compileCircuit({ family: 'strong', qubits: 4, depth: 4, structureSeed: 0 });
    const firstTargets = p.gates
      .filter((g) => g.op === 'cnot' && g.control === 0)
      .map((g) => (g.op === 'cnot' ? g.target : -1));
    expect(firstTargets).toEqual([1, 2, 3, 1]);
  });

  /** For every rotation in order, how many CNOTs come right before it (since the last rotation). */
  const cnotRuns = (
    family: 'random' | 'randomlayers',
    qubits: number,
    depth: number,
    seed: number,
  ) => {
    const runs: number[] = [];
    let run = 0;
    for (const g of compileCircuit({ family, qubits, depth, structureSeed: seed }).gates) {
      if (g.op === 'cnot') {
        expect(g.control).not.toBe(g.target);
        run++;
      } else if (g.op === 'rot') {
        runs.push(run);
        run = 0;
      }
    }
    expect(run, 'a layer ends with its last rotation').toBe(0);
    return runs;
  };

  it('randomlayers is PennyLane’s RandomLayers loop: 2n rotations per layer, CNOTs drawn again after a CNOT', () => {
    const runs: number[] = [];
    for (let seed = 1; seed <= 500; seed++) {
      const p = compileCircuit({
        family: 'randomlayers',
        qubits: 4,
        depth: 3,
        structureSeed: seed,
      });
      // the rotations take the angles in order, 2n per ansatz layer
      expect(p.gates.flatMap((g) => (g.op === 'rot' ? [g.param] : []))).toEqual(
        Array.from({ length: 24 }, (_, i) => i),
      );
      runs.push(...cnotRuns('randomlayers', 4, 3, seed));
    }
    // CNOTs before a rotation are geometric: mean 0.3/0.7 ≈ 0.43 (sd of the mean ≈ 0.007 here)
    const mean = runs.reduce((a, b) => a + b, 0) / runs.length;
    expect(mean).toBeGreaterThan(0.3 / 0.7 - 0.03);
    expect(mean).toBeLessThan(0.3 / 0.7 + 0.03);
    // runs of several CNOTs in a row, P(≥ 3) = 0.3³ = 2.7% per rotation
    const long = runs.filter((r) => r >= 3).length / runs.length;
    expect(long).toBeGreaterThan(0.027 - 0.01);
    expect(long).toBeLessThan(0.027 + 0.01);
  });

  it('random keeps its first meaning: at most one CNOT before each rotation, with probability 0.3', () => {
    const runs: number[] = [];
    for (let seed = 1; seed <= 500; seed++) runs.push(...cnotRuns('random', 4, 3, seed));
    expect(Math.max(...runs)).toBe(1);
    const mean = runs.reduce((a, b) => a + b, 0) / runs.length;
    expect(mean).toBeGreaterThan(0.3 - 0.03);
    expect(mean).toBeLessThan(0.3 + 0.03);
  });
});
