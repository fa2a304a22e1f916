import { mulberry32 } from '../../src/util/prng';
import type { QubitCount } from '../../src/sim/simulator';
import { median } from './throughput';
import { jsqubitsParameterShift } from '../../src/sim/reference/jsqubitsCircuit';

/**
 * The peer: jsqubits computing the same full gradient (parameters and inputs) per window by the
 * parameter-shift rule. Returns windows per second, the median of a few timed batches.
 */
export function measurePeer(qubits: QubitCount, depth: number, quick: boolean): number {
  const random = mulberry32(7 * qubits + depth);
  const params = Array.from({ length: depth }, () =>
    Array.from({ length: qubits }, () => [random() * 2 * Math.PI, random() * 2 * Math.PI]),
  );
  const weights = Array.from({ length: qubits }, () => 1);
  const windowsPerBatch = qubits === 4 ? (quick ? 4 : 16) : quick ? 1 : 2;
  const rates: number[] = [];
  for (let r = 0; r < (quick ? 3 : 5); r++) {
    const start = performance.now();
    for (let w = 0; w < windowsPerBatch; w++) {
      const x = Array.from({ length: qubits }, random);
      jsqubitsParameterShift(x, params, weights);
    }
    rates.push(windowsPerBatch / ((performance.now() - start) / 1000));
  }
  return median(rates);
}
