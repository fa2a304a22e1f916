import { describe, expect, it } from 'vitest';
import { CIRCUIT_FAMILIES, compileCircuit, type CircuitProgram } from '../circuit/circuitProgram';
import { mulberry32 } from '../../util/prng';
import { mapSource, rowsSource, type MapShape, type WindowSource } from '../windows/windowSource';
import { kernelProgram } from './kernelProgram';
import { PAULI_LAYOUT } from './pauliProgram';
import { GENERATED_SIZE_LIMIT, GeneratedTries, pauliTrieModule } from './pauliTrieModule';
import { kernelModule, SimdKernel, sourceExpectZ, sourceGradients } from './simdKernel';

/*
 * The Pauli path's trie as generated code against the kernel's loops over the same codes: the
 * same bits (values, every angle's gradient, ∂/∂x), for every family whose trie is small enough
 * to be generated; and the per-instance table that holds the generated functions.
 */

const bits = (a: Float32Array | null) => (a ? Array.from(new Uint32Array(a.buffer)) : null);

function outputs(kernel: SimdKernel, program: CircuitProgram, source: WindowSource, seed: number) {
  const random = mulberry32(seed);
  const params = Float32Array.from({ length: program.paramCount }, () => 6 * random() - 3);
  const z = sourceExpectZ(program, source, params, kernel, 'pauli');
  const rows = z.length / program.qubits;
  const dz = Float32Array.from({ length: rows * program.qubits }, () => random() - 0.5);
  const g = sourceGradients(program, source, params, dz, 'exact', kernel, 'pauli');
  return { z: bits(z), params: bits(g.params), input: bits(g.input) };
}

const generated = new SimdKernel(kernelModule(), true);
const loops = new SimdKernel(kernelModule(), false);

/** Programs on the Pauli path whose trie the kernel generates code for. */
const small = CIRCUIT_FAMILIES.flatMap((family) =>
  ([4, 9] as const).flatMap((qubits) => [1, 2, 3].map((depth) => ({ family, qubits, depth }))),
).filter(({ family, qubits, depth }) => {
  try {
    const { codes } = kernelProgram(
      compileCircuit({ family, qubits, depth, structureSeed: 3 }),
      'pauli',
    );
    return codes[0] === PAULI_LAYOUT && pauliTrieModule(codes) !== null;
  } catch {
    return false; // no Pauli path for this one
  }
});

describe('the generated trie', () => {
  it('covers several families on 4 and 9 qubits', () => {
    expect(small.length).toBeGreaterThanOrEqual(8);
    expect(new Set(small.map((c) => c.family)).size).toBeGreaterThanOrEqual(4);
    expect(small.some((c) => c.qubits === 9)).toBe(true);
  });

  it.each(small)(
    '$family, $qubits qubits, L = $depth: the loops’ bits',
    ({ family, qubits, depth }) => {
      const program = compileCircuit({ family, qubits, depth, structureSeed: 3 });
      const random = mulberry32(qubits * 10 + depth);
      // 1,001 windows: several gradient chunks and a padded last block.
      const x = Float32Array.from({ length: 1001 * qubits }, () => 2 * random() - 0.5);
      const want = outputs(loops, program, rowsSource(x, qubits), 5);
      expect(outputs(generated, program, rowsSource(x, qubits), 5)).toEqual(want);
    },
  );

  it('gives the loops’ bits on a feature map too', () => {
    const program = compileCircuit({ family: 'ryrz', qubits: 4, depth: 2, structureSeed: 1 });
    const random = mulberry32(8);
    const shape: MapShape = [3, 10, 10, 4];
    const data = Float32Array.from({ length: 3 * 10 * 10 * 4 }, random);
    const source = () => mapSource(data, shape, 2, 1, 'same');
    expect(outputs(generated, program, source(), 2)).toEqual(outputs(loops, program, source(), 2));
  });

  it('is made only up to its size limit', () => {
    const big = kernelProgram(
      compileCircuit({ family: 'ryrz', qubits: 9, depth: 2, structureSeed: 0 }),
      'pauli',
    );
    expect(big.codes[1] + big.codes[3]).toBeGreaterThan(GENERATED_SIZE_LIMIT);
    expect(pauliTrieModule(big.codes)).toBeNull();
    const bytes = pauliTrieModule(
      kernelProgram(
        compileCircuit({ family: 'ryrz', qubits: 4, depth: 2, structureSeed: 0 }),
        'pauli',
      ).codes,
    );
    expect(bytes && WebAssembly.validate(bytes as BufferSource)).toBe(true);
  });
});

describe('GeneratedTries', () => {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const codes = kernelProgram(
    compileCircuit({ family: 'ryrz', qubits: 4, depth: 2, structureSeed: 0 }),
    'pauli',
  ).codes;

  it('puts a program’s two functions in the table once, and none when disabled', () => {
    const tries = new GeneratedTries(true);
    const index = tries.indexFor(7, codes, memory);
    expect(index).toBeGreaterThan(0);
    expect(tries.table.get(index)).toBeInstanceOf(Function);
    expect(tries.table.get(index + 1)).toBeInstanceOf(Function);
    expect(tries.indexFor(7, codes, memory)).toBe(index);
    expect(tries.indexFor(8, codes, memory)).toBe(index + 2);
    expect(new GeneratedTries(false).indexFor(7, codes, memory)).toBe(0);
  });

  it('starts afresh past the programs it keeps, and the kernel reloads what it held', () => {
    const tries = new GeneratedTries(true);
    for (let id = 1; id <= 32; id++) expect(tries.indexFor(id, codes, memory)).toBe(2 * id - 1);
    expect(tries.indexFor(33, codes, memory)).toBe(1);
    expect(tries.indexFor(1, codes, memory)).toBe(3);
    // A kernel that runs more programs than its table keeps still gives the loops' bits for the
    // first one again (its index is written anew, not read from a slot another program took).
    const kernel = new SimdKernel(kernelModule(), true);
    const first = compileCircuit({ family: 'ryrz', qubits: 4, depth: 2, structureSeed: 0 });
    const x = Float32Array.from({ length: 64 * 4 }, mulberry32(2));
    const want = outputs(loops, first, rowsSource(x, 4), 1);
    expect(outputs(kernel, first, rowsSource(x, 4), 1)).toEqual(want);
    for (let seed = 1; seed <= 40; seed++) {
      const other = compileCircuit({ family: 'random', qubits: 4, depth: 2, structureSeed: seed });
      outputs(kernel, other, rowsSource(x, 4), 1);
    }
    expect(outputs(kernel, first, rowsSource(x, 4), 1)).toEqual(want);
  });
});
