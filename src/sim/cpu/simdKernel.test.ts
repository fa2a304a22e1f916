import { describe, expect, it } from 'vitest';
import { CIRCUIT_FAMILIES, compileCircuit, type CircuitProgram } from '../circuit/circuitProgram';
import { makeCase } from '../testing/circuitCases';
import {
  jsqubitsProgramExpectZ,
  jsqubitsProgramParameterShift,
} from '../reference/jsqubitsProgram';
import { programExpectZ, programExpectZGradients } from './simdKernel';
import { maxAbsDiff } from '../testing/maxAbsDiff';
import type { QubitCount } from '../simulator';

/*
 * The WebAssembly SIMD kernel against jsqubits on random programs of every family, 4 and 9
 * qubits, L = 1–3, both gradient semantics, at docs/model.md's float32 tolerances (those of the
 * tfjs-op simulator's tests). Window counts are not multiples of four, so a padded lane group
 * is always exercised; the last window's pixels lie outside [0, 1], as residual sums give.
 */
const tolerances = {
  4: { value: 1e-5, params: 1e-4, inputs: Math.PI * 1e-4 },
  9: { value: 1e-4, params: 5e-4, inputs: Math.PI * 5e-4 },
} as const;

const programs = CIRCUIT_FAMILIES.flatMap((family) =>
  [4, 9].flatMap((qubits) =>
    [1, 2, 3].map((depth) => compileCircuit({ family, qubits, depth, structureSeed: 7 + depth })),
  ),
);
const name = (p: CircuitProgram) => `${p.family}, ${p.qubits} qubits, L = ${p.depth}`;

describe('WebAssembly SIMD kernel vs jsqubits', () => {
  it.each(programs.map((p) => [name(p), p] as const))('⟨Z⟩: %s', (_, program) => {
    const c = makeCase(program, program.qubits === 4 ? 7 : 5, program.paramCount * 31);
    const z = programExpectZ(program, Float32Array.from(c.windows.flat()), c.params);
    const expected = c.windows.flatMap((w) => jsqubitsProgramExpectZ(program, w, c.params));
    expect(maxAbsDiff(z, expected)).toBeLessThan(tolerances[program.qubits as QubitCount].value);
  });

  it.each(programs.map((p) => [name(p), p] as const))('gradients: %s', (_, program) => {
    // 9 qubits: jsqubits' parameter shift takes ~1 s per window and layer, so 2 windows (1 at L = 3).
    const count = program.qubits === 4 ? 6 : program.depth === 3 ? 1 : 2;
    const c = makeCase(program, count, program.paramCount * 57 + 3);
    const tol = tolerances[program.qubits as QubitCount];
    const x = Float32Array.from(c.windows.flat());
    const dz = Float32Array.from(c.windows.flatMap(() => c.weights));
    const exact = programExpectZGradients(program, x, c.params, dz, 'exact');
    const measured = programExpectZGradients(program, x, c.params, dz, 'measured');
    const shifts = c.windows.map((w) =>
      jsqubitsProgramParameterShift(program, w, c.params, c.weights),
    );
    const expectedParams = c.params.map((_, i) => shifts.reduce((s, r) => s + r.params[i], 0));
    expect(maxAbsDiff(exact.params, expectedParams)).toBeLessThan(tol.params);
    expect(
      maxAbsDiff(
        exact.windows!,
        shifts.flatMap((r) => r.inputs),
      ),
    ).toBeLessThan(tol.inputs);
    // `measured` cuts the encoding only: the same parameter gradient, bit for bit, no input one.
    expect(measured.windows).toBeNull();
    expect(Array.from(measured.params)).toEqual(Array.from(exact.params));
  });
});

describe('WebAssembly SIMD kernel on a gate list no family makes', () => {
  // Encodings after CNOTs (per-window gates on the entangled state), one pixel encoded twice, a
  // rotation before its qubit's encoding (so that qubit's prefix is walked back, not taken from
  // host K's), CNOTs between one qubit's rotations: the kernel runs any list, not only the
  // families' shapes.
  const gates: CircuitProgram['gates'] = [
    { op: 'encode', qubit: 0 },
    { op: 'rot', axis: 'z', qubit: 2, param: 7 },
    { op: 'encode', qubit: 1 },
    { op: 'encode', qubit: 2 },
    { op: 'rot', axis: 'y', qubit: 0, param: 0 },
    { op: 'cnot', control: 0, target: 1 },
    { op: 'rot', axis: 'x', qubit: 2, param: 1 },
    { op: 'rot', axis: 'z', qubit: 1, param: 2 },
    { op: 'cnot', control: 2, target: 3 },
    { op: 'rot', axis: 'y', qubit: 3, param: 3 },
    { op: 'encode', qubit: 3 },
    { op: 'rot', axis: 'z', qubit: 3, param: 4 },
    { op: 'rot', axis: 'x', qubit: 0, param: 5 },
    { op: 'cnot', control: 3, target: 0 },
    { op: 'rot', axis: 'y', qubit: 2, param: 6 },
    { op: 'encode', qubit: 1 },
  ];
  const program: CircuitProgram = {
    family: 'random',
    qubits: 4,
    depth: 1,
    structureSeed: 0,
    paramShape: [8],
    paramCount: 8,
    gates,
  };

  it('matches jsqubits: values, parameter and input gradients', () => {
    const c = makeCase(program, 6, 11);
    const x = Float32Array.from(c.windows.flat());
    const z = programExpectZ(program, x, c.params);
    const expected = c.windows.flatMap((w) => jsqubitsProgramExpectZ(program, w, c.params));
    expect(maxAbsDiff(z, expected)).toBeLessThan(tolerances[4].value);
    const dz = Float32Array.from(c.windows.flatMap(() => c.weights));
    const exact = programExpectZGradients(program, x, c.params, dz, 'exact');
    const shifts = c.windows.map((w) =>
      jsqubitsProgramParameterShift(program, w, c.params, c.weights),
    );
    const expectedParams = c.params.map((_, i) => shifts.reduce((s, r) => s + r.params[i], 0));
    expect(maxAbsDiff(exact.params, expectedParams)).toBeLessThan(tolerances[4].params);
    // Pixel 1 is encoded twice: parameter shift on x needs one shift per gate, so compare the
    // others, and pixel 1 against a central difference.
    const inputs = shifts.flatMap((r) => r.inputs);
    const others = (a: ArrayLike<number>) => Array.from(a).filter((_, i) => i % 4 !== 1);
    expect(maxAbsDiff(others(exact.windows!), others(inputs))).toBeLessThan(tolerances[4].inputs);
    const h = 1e-3;
    c.windows.forEach((w, k) => {
      const f = (v: number) =>
        jsqubitsProgramExpectZ(
          program,
          w.map((a, q) => (q === 1 ? a + v : a)),
          c.params,
        ).reduce((s, zq, j) => s + c.weights[j] * zq, 0);
      expect(Math.abs(exact.windows![4 * k + 1] - (f(h) - f(-h)) / (2 * h))).toBeLessThan(1e-3);
    });
    const measured = programExpectZGradients(program, x, c.params, dz, 'measured');
    expect(measured.windows).toBeNull();
    expect(Array.from(measured.params)).toEqual(Array.from(exact.params));
  });
});
