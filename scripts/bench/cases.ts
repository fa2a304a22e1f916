import type { QubitCount } from '../../src/sim/simulator';

/** One throughput measurement: `windows` window circuits of `qubits` qubits, ansatz depth `depth`. */
export interface BenchCase {
  readonly key: `quanv${QubitCount}_L${1 | 2 | 3}`;
  readonly qubits: QubitCount;
  readonly depth: 1 | 2 | 3;
  readonly windows: number;
  readonly repeats: number;
}

/** The cases: 4 and 9 qubits at L = 1, 2, 3, sized so each pass takes a measurable time. */
export function benchCases(quick: boolean): BenchCase[] {
  return ([4, 9] as const).flatMap((qubits) =>
    ([1, 2, 3] as const).map((depth) => ({
      key: `quanv${qubits}_L${depth}` as const,
      qubits,
      depth,
      windows: qubits === 4 ? (quick ? 1024 : 4096) : quick ? 128 : 512,
      repeats: quick ? 3 : qubits === 4 ? 7 : 5,
    })),
  );
}
