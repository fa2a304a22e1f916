import { describe, expect, it } from 'vitest';
import type { ExtendedGate, ExtendedProgram } from '../circuit/circuitProgram';
import {
  EXTENDED_CASES,
  extendedCaseLabel,
  extendedInputs,
  randomExtendedProgram,
} from '../testing/extendedCircuits';
import {
  float64Reference,
  jsqubitsReference,
  type ReferenceValues,
} from '../testing/programReference';
import { maxAbsDiff } from '../testing/maxAbsDiff';
import { kernelProgram } from './kernelProgram';
import { programExpectZ, programExpectZGradients } from './simdKernel';

/*
 * The wider gate set (fixed gates, fixed-angle rotations, CZ, SWAP, controlled rotations, the RX
 * and H·RZ encodings) on the WebAssembly SIMD kernel: every gate and encoding against jsqubits
 * (values, and gradients with respect to angles and pixels under both semantics, 4 and 9 qubits,
 * the circuits the tfjs-op simulator's test uses), random custom circuits against the float64
 * reference, and a gate list built to reach every path of the kernel's compiler (prefix cut
 * short, fixed gates before an encoding, encodings of each kind after CNOTs).
 */
const tolerances = {
  4: { value: 2e-5, params: 1e-4, inputs: 1e-4 },
  9: { value: 2e-4, params: 1e-3, inputs: 1e-3 },
} as const;

function expectKernelMatches(
  program: ExtendedProgram,
  windows: number[][],
  params: number[],
  weights: number[],
  expected: ReferenceValues,
) {
  const tol = tolerances[program.qubits === 4 ? 4 : 9];
  const x = Float32Array.from(windows.flat());
  expect(maxAbsDiff(programExpectZ(program, x, params), expected.z)).toBeLessThan(tol.value);
  const dz = Float32Array.from(windows.flatMap(() => weights));
  const exact = programExpectZGradients(program, x, params, dz, 'exact');
  expect(maxAbsDiff(exact.params, expected.params)).toBeLessThan(tol.params);
  expect(maxAbsDiff(exact.windows!, expected.inputs)).toBeLessThan(tol.inputs);
  // `measured` cuts the encoding only: the same angle gradients, bit for bit, no pixel ones.
  const measured = programExpectZGradients(program, x, params, dz, 'measured');
  expect(measured.windows).toBeNull();
  expect(Array.from(measured.params)).toEqual(Array.from(exact.params));
}

/** Six windows on 4 qubits (two lane groups, the second padded), three on 9. */
function expectKernelMatchesFloat64(program: ExtendedProgram, seed: number) {
  const { windows, params, weights } = extendedInputs(program, seed);
  const more = program.qubits === 4 ? extendedInputs(program, seed + 1).windows : [];
  const all = [...windows, ...more];
  expectKernelMatches(
    program,
    all,
    params,
    weights,
    float64Reference(program, all, params, weights),
  );
}

describe('the SIMD kernel runs the wider gate set', () => {
  it.each(EXTENDED_CASES.map((c) => [extendedCaseLabel(c), c.program] as const))(
    'against jsqubits: %s',
    (_, program) => {
      const { windows, params, weights } = extendedInputs(program, 3);
      const expected = jsqubitsReference(program, windows, params, weights);
      expectKernelMatches(program, windows, params, weights, expected);
    },
  );

  it.each(
    [
      ...Array.from({ length: 12 }, (_, i) => ({ qubits: 4, gates: 8 + 4 * i, seed: 300 + i })),
      { qubits: 9, gates: 90, seed: 400 },
      { qubits: 9, gates: 150, seed: 401 },
    ].map((c) => [c.qubits, c.gates, c.seed] as const),
  )(
    'random custom circuit against the float64 reference: %i qubits, %i gates',
    (n, count, seed) => {
      expectKernelMatchesFloat64(randomExtendedProgram(n, count, seed), seed);
    },
  );

  // Per qubit: 0 has fixed gates before its RX encoding (folded into the prefix state); 1 an
  // H·RZ encoding after a rotation (walked back, which takes RY(πx) and rotations only: the
  // prefix ends there); 2 its pixel encoded twice; 3 no encoding before the first CNOT, a fixed
  // gate and a half controlled rotation there. After the CNOTs: encodings of every kind on the
  // entangled state, a run of fixed gates alone, CZ, SWAP, controlled rotations.
  const gates: ExtendedGate[] = [
    { op: 'fixed', gate: 't', qubit: 0 },
    { op: 'fixed', gate: 'h', qubit: 0 },
    { op: 'encode', qubit: 0, encoding: 'rx' },
    { op: 'frot', axis: 'y', qubit: 0, angle: 0.7 },
    { op: 'rot', axis: 'z', qubit: 0, param: 0 },
    { op: 'encode', qubit: 2 },
    { op: 'rot', axis: 'x', qubit: 2, param: 1 },
    { op: 'fixed', gate: 's', qubit: 3 },
    { op: 'rot', axis: 'y', qubit: 1, param: 2 },
    { op: 'encode', qubit: 1, encoding: 'hrz' },
    { op: 'encode', qubit: 2 },
    { op: 'rot', axis: 'x', qubit: 3, param: 3 },
    { op: 'crot', axis: 'y', control: 2, target: 3, param: 4 },
    { op: 'encode', qubit: 3, encoding: 'hrz' },
    { op: 'fixed', gate: 'sdg', qubit: 0 },
    { op: 'fixed', gate: 'tdg', qubit: 0 },
    { op: 'cz', a: 0, b: 1 },
    { op: 'encode', qubit: 1, encoding: 'rx' },
    { op: 'swap', a: 1, b: 3 },
    { op: 'crot', axis: 'x', control: 1, target: 0, param: 5 },
    { op: 'rot', axis: 'y', qubit: 2, param: 6 },
    { op: 'encode', qubit: 0 },
    { op: 'crot', axis: 'z', control: 3, target: 2, param: 7 },
    { op: 'fixed', gate: 'y', qubit: 3 },
    { op: 'rot', axis: 'x', qubit: 1, param: 8 },
  ];
  const program: ExtendedProgram = {
    family: 'random',
    qubits: 4,
    depth: 1,
    structureSeed: 0,
    paramShape: [9],
    paramCount: 9,
    gates,
  };

  it('a gate list that reaches every path of the compiler, against the float64 reference', () => {
    expectKernelMatchesFloat64(program, 21);
  });

  // Nothing after the CNOTs: the kernel reads ⟨Z⟩ out as products of one-qubit ⟨Z⟩'s over the
  // CNOTs' parities, never making the 2ⁿ amplitudes. Qubits 0 and 2 walked back (an encoding
  // after a rotation), 1 an RX encoding with host K's, 3 no encoding; CNOTs and a CZ (lowered to
  // fixed gates and a CNOT, so it would end the product path) left out, a SWAP kept (three CNOTs).
  const productGates: ExtendedGate[] = [
    { op: 'rot', axis: 'y', qubit: 0, param: 0 },
    { op: 'encode', qubit: 0 },
    { op: 'encode', qubit: 1, encoding: 'rx' },
    { op: 'rot', axis: 'z', qubit: 1, param: 1 },
    { op: 'encode', qubit: 2 },
    { op: 'rot', axis: 'x', qubit: 2, param: 2 },
    { op: 'encode', qubit: 2 },
    { op: 'fixed', gate: 'h', qubit: 3 },
    { op: 'rot', axis: 'x', qubit: 3, param: 3 },
    { op: 'cnot', control: 0, target: 1 },
    { op: 'cnot', control: 1, target: 2 },
    { op: 'swap', a: 2, b: 3 },
    { op: 'cnot', control: 3, target: 0 },
    { op: 'cnot', control: 0, target: 2 },
  ];
  const productProgram: ExtendedProgram = {
    ...program,
    paramShape: [4],
    paramCount: 4,
    gates: productGates,
  };

  it('a gate list with nothing after its CNOTs (the product readout), against float64', () => {
    expect(kernelProgram(productProgram).codes[0]).toBe(0); // no fused op: the product path
    expectKernelMatchesFloat64(productProgram, 22);
  });

  // The product path with no gate walked (formBlocks.ts): every qubit one encoding between fixed
  // gates and rotations (prefix mode 1), or none (3: mode 2), so a window needs only quadratic
  // forms in its encoding's cos and sin. The four-qubit walk takes it, and at 9 qubits the
  // general one, and more windows than a chunk of blocks, so chunk sums are carried over.
  const formGates = (n: number): ExtendedGate[] => [
    ...Array.from({ length: n }, (_, q): ExtendedGate[] =>
      q === 3
        ? [
            { op: 'rot', axis: 'y', qubit: q, param: q },
            { op: 'fixed', gate: 't', qubit: q },
            { op: 'rot', axis: 'x', qubit: q, param: n },
          ]
        : [
            { op: 'fixed', gate: (['t', 's', 'h'] as const)[q % 3], qubit: q },
            { op: 'encode', qubit: q, encoding: q % 3 === 1 ? 'rx' : 'ry' },
            { op: 'rot', axis: q % 3 ? 'x' : 'y', qubit: q, param: q },
          ],
    ).flat(),
    ...Array.from(
      { length: n },
      (_, q) => ({ op: 'cnot', control: q, target: (q + 1) % n }) as const,
    ),
  ];
  it.each([4, 9])('quadratic forms with an unencoded qubit, against float64: %i qubits', (n) => {
    const formProgram: ExtendedProgram = {
      ...program,
      qubits: n,
      paramShape: [n + 1],
      paramCount: n + 1,
      gates: formGates(n),
    };
    const { codes } = kernelProgram(formProgram);
    expect(codes[0]).toBe(0); // no fused op
    const modes = Array.from(codes.subarray(codes[4], codes[4] + n));
    expect(modes).toEqual(Array.from({ length: n }, (_, q) => (q === 3 ? 2 : 1)));
    const { windows, params, weights } = extendedInputs(formProgram, 23);
    const many = Array.from({ length: 80 }, (_, i) =>
      windows[i % windows.length].map((x, j) => (x + 0.37 * i * (j + 1)) % 1),
    );
    const expected = float64Reference(formProgram, many, params, weights);
    // No degenerate circuit: every parameter and every pixel moves the result.
    expect(Math.min(...expected.params.map(Math.abs))).toBeGreaterThan(1e-3);
    expect(Math.max(...expected.inputs.map(Math.abs))).toBeGreaterThan(1e-2);
    expectKernelMatches(formProgram, many, params, weights, expected);
  });
});
