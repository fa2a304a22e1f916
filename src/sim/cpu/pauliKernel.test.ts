import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CIRCUIT_FAMILIES, compileCircuit, type ExtendedProgram } from '../circuit/circuitProgram';
import { float64ExpectZ, float64ReadoutGradients } from '../circuit/float64Program';
import { EXTENDED_CASES, extendedCaseLabel } from '../testing/extendedCircuits';
import { maxAbsDiff } from '../testing/maxAbsDiff';
import { mulberry32 } from '../../util/prng';
import { mapSource, rowsSource, type MapShape, type WindowSource } from '../windows/windowSource';
import { kernelProgram, type KernelPath } from './kernelProgram';
import { pauliGraph } from './pauliPropagation';
import { localKernel, sourceExpectZ, sourceGradients, type KernelRunner } from './simdKernel';
import { startNodeKernelThreads, type NodeKernelThreads } from './simdThreadsNode';

/*
 * The kernel's Pauli path (pauliPropagation.ts, pauliProgram.ts, assembly/pauliTerms.ts) run
 * through WebAssembly, forced, against the float64 state vector and against the kernel's own
 * state-vector path: values, every angle's gradient and ∂/∂x, for window counts that span several
 * gradient chunks and end in a padded lane group; and on two threads, bit for bit.
 */

function run(
  runner: KernelRunner,
  program: ExtendedProgram,
  path: KernelPath,
  source: WindowSource,
  params: Float32Array,
  dz: Float32Array | null,
) {
  const z = sourceExpectZ(program, source, params, runner, path);
  if (!dz) return { z, params: null, input: null };
  const g = sourceGradients(program, source, params, dz, 'exact', runner, path);
  return { z, params: g.params, input: g.input };
}

function inputs(program: ExtendedProgram, count: number, seed: number) {
  const random = mulberry32(seed);
  const n = program.qubits;
  return {
    x: Float32Array.from({ length: count * n }, () => 2 * random() - 0.5),
    params: Float32Array.from({ length: program.paramCount }, () => (4 * random() - 1) * Math.PI),
    dz: Float32Array.from({ length: count * n }, () => random() - 0.5),
  };
}

const eligible = [
  ...CIRCUIT_FAMILIES.flatMap((family) =>
    (
      [
        [4, 2],
        [4, 3],
        [9, 2],
      ] as const
    ).map(([qubits, depth]) => ({
      label: `${family}, ${qubits} qubits, L = ${depth}`,
      program: compileCircuit({ family, qubits, depth, structureSeed: 4 }) as ExtendedProgram,
    })),
  ),
  ...EXTENDED_CASES.filter((c) => pauliGraph(c.program)).map((c) => ({
    label: extendedCaseLabel(c),
    program: c.program,
  })),
];

describe('the Pauli path against the float64 state vector', () => {
  it('applies to every family at L = 2–3 on 4 qubits and most of the wider gate set', () => {
    expect(eligible.length).toBeGreaterThan(3 * CIRCUIT_FAMILIES.length + 10);
  });

  it.each(eligible.map((c) => [c.label, c.program] as const))('%s', (_, program) => {
    const n = program.qubits;
    const count = n === 4 ? 150 : 70; // three and two chunks of 64 windows, the last block padded
    const { x, params, dz } = inputs(program, count, program.gates.length);
    const got = run(localKernel(), program, 'pauli', rowsSource(x, n), params, dz);
    const window = (w: number) => Array.from(x.subarray(w * n, (w + 1) * n));
    const z = Array.from({ length: count }, (_, w) => float64ExpectZ(program, window(w), params));
    expect(maxAbsDiff(got.z, z.flat())).toBeLessThan(n === 4 ? 1e-5 : 5e-5);
    const want = new Float64Array(program.paramCount);
    for (let w = 0; w < count; w++) {
      float64ReadoutGradients(program, window(w), params).forEach((row, q) =>
        row.forEach((v, p) => (want[p] += dz[w * n + q] * v)),
      );
    }
    const scale = Math.max(1, ...Array.from(want, Math.abs));
    expect(maxAbsDiff(got.params!, want) / scale).toBeLessThan(2e-5);
    // ∂/∂x against the kernel's state-vector path (itself checked against jsqubits).
    const state = run(localKernel(), program, 'state', rowsSource(x, n), params, dz);
    expect(maxAbsDiff(got.input!, state.input!)).toBeLessThan(n === 4 ? 2e-5 : 1e-4);
  });

  it.each([
    { shape: [3, 10, 10, 4] as MapShape, kernel: 2 },
    { shape: [2, 7, 7, 3] as MapShape, kernel: 3 },
  ])('a feature map $shape, k = $kernel: as the state-vector path', ({ shape, kernel }) => {
    const qubits = kernel * kernel;
    const program = compileCircuit({ family: 'ryrz', qubits, depth: 2, structureSeed: 1 });
    const random = mulberry32(qubits);
    const map = Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => random());
    const params = Float32Array.from({ length: program.paramCount }, () => 8 * random() - 2);
    const source = mapSource(map, shape, kernel, 1, 'same');
    const cells = run(localKernel(), program, 'state', source, params, null).z.length;
    const dz = Float32Array.from({ length: cells }, () => random() - 0.5);
    const pauli = run(localKernel(), program, 'pauli', source, params, dz);
    const state = run(localKernel(), program, 'state', source, params, dz);
    expect(maxAbsDiff(pauli.z, state.z)).toBeLessThan(1e-5);
    expect(maxAbsDiff(pauli.params!, state.params!)).toBeLessThan(1e-3);
    expect(maxAbsDiff(pauli.input!, state.input!)).toBeLessThan(1e-4);
  });

  it('is taken where it is cheaper, and refused where it does not apply', () => {
    const spec = (family: (typeof CIRCUIT_FAMILIES)[number], qubits: 4 | 9, depth: number) =>
      compileCircuit({ family, qubits, depth, structureSeed: 0 });
    expect(kernelProgram(spec('ryrz', 9, 2)).pauli).not.toBeNull();
    expect(kernelProgram(spec('random', 9, 2)).pauli).not.toBeNull();
    expect(kernelProgram(spec('basic', 4, 3)).pauli).not.toBeNull();
    // 6,395 trie nodes against 19 ops on 512 amplitudes: still the cheaper (cache misses counted).
    expect(kernelProgram(spec('basic', 9, 3)).pauli).not.toBeNull();
    // ryrz at L = 3 on 4 qubits has 522 terms: the state vector is cheaper.
    expect(kernelProgram(spec('ryrz', 4, 3)).pauli).toBeNull();
    // At L = 1 the product path (productReadout.ts) is the kernel's.
    expect(kernelProgram(spec('ryrz', 4, 1)).pauli).toBeNull();
    expect(() => kernelProgram(spec('ryrz', 4, 1), 'pauli')).toThrow(/no Pauli path/);
  });
});

describe('the Pauli path on two threads', () => {
  let threads: NodeKernelThreads;
  beforeAll(async () => {
    threads = await startNodeKernelThreads();
  });
  afterAll(() => threads.close());
  const bits = (a: Float32Array | null) => (a ? Array.from(new Uint32Array(a.buffer)) : null);

  it.each([
    ['ryrz', 4, 1001],
    ['strong', 9, 203],
  ] as const)('%s, %i qubits, both paths: bit-identical to one thread', (family, qubits, count) => {
    const program = compileCircuit({ family, qubits, depth: 2, structureSeed: 6 });
    const { x, params, dz } = inputs(program, count, 9);
    for (const path of ['pauli', 'state'] as const) {
      const one = run(localKernel(), program, path, rowsSource(x, qubits), params, dz);
      const two = run(threads.runner, program, path, rowsSource(x, qubits), params, dz);
      expect(bits(two.z)).toEqual(bits(one.z));
      expect(bits(two.params)).toEqual(bits(one.params));
      expect(bits(two.input)).toEqual(bits(one.input));
    }
  });
});
