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
});
