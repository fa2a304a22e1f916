import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CIRCUIT_FAMILIES, compileCircuit, type ExtendedProgram } from '../circuit/circuitProgram';
import { randomExtendedProgram } from '../testing/extendedCircuits';
import { mulberry32 } from '../../util/prng';
import {
  oneThread,
  programExpectZ,
  programExpectZGradients,
  sourceExpectZ,
  sourceGradients,
} from './simdKernel';
import { mapSource, type MapShape } from '../windows/windowSource';
import { startNodeKernelThreads, type NodeKernelThreads } from './simdThreadsNode';

/*
 * Two threads (worker_threads in Node) give the same bits as one, for every family, both
 * semantics, batches that split unevenly and end in a padded lane group. The kernel itself is
 * checked against jsqubits in simdKernel.test.ts; this only has to show the split changes nothing.
 */
let threads: NodeKernelThreads;
beforeAll(async () => {
  threads = await startNodeKernelThreads();
  threads.runner.workerFirst = true; // every call split, however fast this thread is
});
afterAll(() => threads.close());

const bits = (a: Float32Array | null) => (a ? Array.from(new Uint32Array(a.buffer)) : null);

describe('the SIMD kernel on two threads', () => {
  const cases = CIRCUIT_FAMILIES.flatMap((family) =>
    ([4, 9] as const).map((qubits) => ({ family, qubits, depth: 2 })),
  );
  it.each(cases)('$family, $qubits qubits: bit-identical to one thread', (spec) => {
    const program = compileCircuit({ ...spec, structureSeed: 3 });
    expectSameBits(program, mulberry32(spec.qubits * 17 + spec.family.length));
  });

  // The wider gate set (fixed gates folded into runs, lowered controlled rotations whose two
  // halves' slots are scaled and summed on the host, every encoding).
  it.each([4, 9])('a random circuit of the wider gate set, %i qubits: bit-identical', (qubits) => {
    expectSameBits(randomExtendedProgram(qubits, 10 * qubits, 5 + qubits), mulberry32(qubits));
  });

  function expectSameBits(program: ExtendedProgram, random: () => number) {
    const count = program.qubits === 4 ? 1001 : 203; // > 16 lane groups, so the call is split
    const x = Float32Array.from({ length: count * program.qubits }, () => 3 * random() - 1);
    const p = Float32Array.from({ length: program.paramCount }, () => 8 * random() - 2);
    const dz = Float32Array.from({ length: count * program.qubits }, () => random() - 0.5);
    // Two threads first: both use this thread's kernel memory, where one thread's call would
    // leave the right values for a split that failed to copy the worker's in.
    const z2 = programExpectZ(program, x, p, threads.runner);
    const z1 = programExpectZ(program, x, p, oneThread());
    expect(bits(z2)).toEqual(bits(z1));
    for (const semantics of ['exact', 'measured'] as const) {
      const g2 = programExpectZGradients(program, x, p, dz, semantics, threads.runner);
      const g1 = programExpectZGradients(program, x, p, dz, semantics, oneThread());
      expect(bits(g2.params)).toEqual(bits(g1.params));
      expect(bits(g2.windows)).toEqual(bits(g1.windows));
    }
  }

  // The kernel gathers a map's windows, averages over channels (9 windows a cell: cells straddle
  // the threads' chunks) and scatters ∂/∂x back onto the map after both threads are done.
  it.each([
    { shape: [8, 14, 14, 4] as MapShape, kernel: 2 },
    { shape: [4, 9, 9, 9] as MapShape, kernel: 3 },
  ])('a feature map $shape, k = $kernel: bit-identical to one thread', ({ shape, kernel }) => {
    const qubits = kernel * kernel;
    const program = compileCircuit({ family: 'basic', qubits, depth: 2, structureSeed: 2 });
    const random = mulberry32(qubits);
    const map = Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => random());
    const p = Float32Array.from({ length: program.paramCount }, () => 8 * random() - 2);
    const source = mapSource(map, shape, kernel, 1, 'same');
    const z2 = sourceExpectZ(program, source, p, threads.runner);
    const z1 = sourceExpectZ(program, source, p, oneThread());
    expect(bits(z2)).toEqual(bits(z1));
    const dz = Float32Array.from({ length: z1.length }, () => random() - 0.5);
    for (const semantics of ['exact', 'measured'] as const) {
      const g2 = sourceGradients(program, source, p, dz, semantics, threads.runner);
      const g1 = sourceGradients(program, source, p, dz, semantics, oneThread());
      expect(bits(g2.params)).toEqual(bits(g1.params));
      expect(bits(g2.input)).toEqual(bits(g1.input));
    }
  });

  it('stays bit-identical when the worker claims rows before their inputs are in', () => {
    const program = compileCircuit({ family: 'ryrz', qubits: 4, depth: 3, structureSeed: 1 });
    const random = mulberry32(5);
    const p = Float32Array.from({ length: program.paramCount }, () => 8 * random() - 2);
    const count = 20_001;
    const x = Float32Array.from({ length: count * 4 }, () => 3 * random() - 1);
    const dz = Float32Array.from({ length: count * 4 }, () => random() - 0.5);
    threads.runner.inputsLate = true;
    try {
      const z2 = programExpectZ(program, x, p, threads.runner);
      const g2 = programExpectZGradients(program, x, p, dz, 'exact', threads.runner);
      expect(bits(z2)).toEqual(bits(programExpectZ(program, x, p, oneThread())));
      const g1 = programExpectZGradients(program, x, p, dz, 'exact', oneThread());
      expect(bits(g2.params)).toEqual(bits(g1.params));
      expect(bits(g2.windows)).toEqual(bits(g1.windows));
    } finally {
      threads.runner.inputsLate = false;
    }
  });

  it('stays bit-identical after the worker idles back to its event loop and the buffer grows', async () => {
    const program = compileCircuit({ family: 'strong', qubits: 4, depth: 2, structureSeed: 5 });
    const random = mulberry32(99);
    const p = Float32Array.from({ length: program.paramCount }, () => 8 * random() - 2);
    // Small, then (after the worker's idle wait has run out) one larger than any buffer so far.
    for (const [count, pauseMs] of [
      [300, 0],
      [301, 400],
      [40_001, 400],
      [299, 0],
    ]) {
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      const x = Float32Array.from({ length: count * 4 }, () => 3 * random() - 1);
      const dz = Float32Array.from({ length: count * 4 }, () => random() - 0.5);
      const z2 = programExpectZ(program, x, p, threads.runner);
      expect(bits(z2)).toEqual(bits(programExpectZ(program, x, p, oneThread())));
      const g2 = programExpectZGradients(program, x, p, dz, 'exact', threads.runner);
      const g1 = programExpectZGradients(program, x, p, dz, 'exact', oneThread());
      expect(bits(g2.params)).toEqual(bits(g1.params));
      expect(bits(g2.windows)).toEqual(bits(g1.windows));
    }
    // The worker took part (it claims units whenever the scheduler runs it during a call).
    expect(threads.runner.workerChunks).toBeGreaterThan(0);
  });
});
