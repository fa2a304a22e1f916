/** One throughput measurement: `windows` patch-circuits of `qubits` qubits, ansatz depth `depth`. */
export interface BenchCase {
  readonly key: 'quanv4' | 'quanv9';
  readonly qubits: 4 | 9;
  readonly depth: number;
  readonly windows: number;
  readonly repeats: number;
}

/** The cases: 4 and 9 qubits at L = 1, sized so each pass takes a measurable time. */
export function benchCases(quick: boolean): BenchCase[] {
  return [
    { key: 'quanv4', qubits: 4, depth: 1, windows: quick ? 1024 : 4096, repeats: quick ? 3 : 7 },
    { key: 'quanv9', qubits: 9, depth: 1, windows: quick ? 128 : 512, repeats: quick ? 3 : 5 },
  ];
}
