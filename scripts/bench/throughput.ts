import { compileCircuit } from '../../src/sim/circuit/circuitProgram';
import * as tf from '@tensorflow/tfjs';
import type { QuanvSimulator, QubitCount } from '../../src/sim/simulator';
import { mulberry32 } from '../../src/util/prng';

export interface ThroughputSample {
  readonly qubits: QubitCount;
  readonly depth: number;
  readonly windows: number;
  /** Seconds per forward+backward pass, one entry per timed repeat. */
  readonly seconds: readonly number[];
  /** Windows per second at the median repeat. */
  readonly windowsPerSecond: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Patch-circuits with their full gradient (parameters and inputs, `exact`) per second: one
 * forward and backward pass over `windows` random windows, timed until the gradients have been
 * read back (so lazy backends pay for all their work). The first pass warms up shader and
 * kernel caches and is not counted.
 */
export async function measureThroughput(
  simulator: QuanvSimulator,
  qubits: QubitCount,
  depth: number,
  windows: number,
  repeats: number,
): Promise<ThroughputSample> {
  const [sample] = await measureThroughputPaired(simulator, qubits, depth, windows, repeats, [
    () => {},
  ]);
  return sample;
}

/**
 * measureThroughput for several setups of the same simulator (one kernel thread or two, say),
 * taking turns repeat by repeat (A, B, A, B, …), so that a change in the machine's load while
 * they run weighs on all of them alike: one sample per setup.
 */
export async function measureThroughputPaired(
  simulator: QuanvSimulator,
  qubits: QubitCount,
  depth: number,
  windows: number,
  repeats: number,
  setups: readonly (() => void)[],
): Promise<ThroughputSample[]> {
  const random = mulberry32(qubits * 100 + depth);
  const x = tf.tensor2d(Float32Array.from({ length: windows * qubits }, random), [windows, qubits]);
  const params = tf.tensor3d(
    Float32Array.from({ length: depth * qubits * 2 }, () => random() * 2 * Math.PI),
    [depth, qubits, 2],
  );
  // A vector-Jacobian product with a random cotangent, as backpropagation hands the layer: a
  // scalar loss (tf.sum) would add tfjs-cpu's broadcasting of its gradient, a slow
  // element-by-element loop that is no part of the simulator.
  const cotangent = tf.tensor2d(
    Float32Array.from({ length: windows * qubits }, () => random() - 0.5),
    [windows, qubits],
  );
  const program = compileCircuit({ family: 'ryrz', qubits, depth, structureSeed: 0 });
  const gradients = tf.grads((w: tf.Tensor, p: tf.Tensor) =>
    simulator.expectZ(program, w as tf.Tensor2D, p as tf.Tensor3D, 'exact'),
  );
  const seconds: number[][] = setups.map(() => []);
  for (let r = 0; r <= repeats; r++) {
    for (let s = 0; s < setups.length; s++) {
      setups[s]();
      const start = performance.now();
      const [gx, gp] = gradients([x, params], cotangent);
      await Promise.all([gx.data(), gp.data()]);
      tf.dispose([gx, gp]);
      if (r > 0) seconds[s].push((performance.now() - start) / 1000);
    }
  }
  tf.dispose([x, params, cotangent]);
  return seconds.map((times) => ({
    qubits,
    depth,
    windows,
    seconds: times,
    windowsPerSecond: windows / median(times),
  }));
}
