import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchCase } from '../cases';

/*
 * The strong peers (torch_peer.py and jax_peer.py beside this file, their headers say what they
 * fuse): the same circuit and the same default experiment as batched Python programs, one thread
 * each, pinned to core 0 with `taskset -c 0` where it exists. `npm run bench` runs a peer when
 * `python3 -c "import torch"` (or jax) works. Each call is one python3 process; its JSON comes
 * back on the last line of stdout.
 */
export type PeerName = 'torch' | 'jax';
export const PEERS: readonly PeerName[] = ['torch', 'jax'];

const SCRIPTS: Record<PeerName, string> = {
  torch: fileURLToPath(new URL('./torch_peer.py', import.meta.url)),
  jax: fileURLToPath(new URL('./jax_peer.py', import.meta.url)),
};

/** One thread in XLA (the JAX peer sets the same itself if the variable is unset). */
const ENV = {
  ...process.env,
  XLA_FLAGS: '--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1',
  JAX_PLATFORMS: 'cpu',
  OMP_NUM_THREADS: '1',
  MKL_NUM_THREADS: '1',
};

const pinned = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

/** null when the peer's package imports, otherwise why not (for the "skipped" line). */
export function peerUnavailable(peer: PeerName): string | null {
  const r = spawnSync('python3', ['-c', `import ${peer}`], { encoding: 'utf8', env: ENV });
  if (r.error) return `python3 did not start (${r.error.message})`;
  if (r.status !== 0) return (r.stderr.trim().split('\n').pop() ?? `import ${peer} failed`).trim();
  return null;
}

function runPeer(peer: PeerName, args: string[]): unknown {
  const command = pinned ? 'taskset' : 'python3';
  const argv = pinned ? ['-c', '0', 'python3', SCRIPTS[peer], ...args] : [SCRIPTS[peer], ...args];
  const r = spawnSync(command, argv, { encoding: 'utf8', maxBuffer: 1 << 26, env: ENV });
  if (r.status !== 0) throw new Error(`${peer} peer failed: ${r.stderr || r.error?.message}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

/** Windows per second, forward + backward (angles and inputs), per case key (wall time, and per
 * second of the process's CPU time); and the way of running the circuit each case's timing chose. */
export function peerThroughput(
  peer: PeerName,
  cases: readonly BenchCase[],
  windowScale: number,
): PeerRates {
  const spec = cases.map((c) => ({
    key: c.key,
    qubits: c.qubits,
    depth: c.depth,
    windows: c.windows * windowScale,
    repeats: c.repeats,
  }));
  return runPeer(peer, ['throughput', JSON.stringify(spec)]) as PeerRates;
}

export interface PeerRates {
  readonly rates: Record<string, number>;
  readonly cpu_rates: Record<string, number>;
  readonly strategies: Record<string, string>;
}

export interface PeerValues {
  readonly z: number[];
  readonly gx: number[];
  readonly gp: number[];
}

/** ⟨Z⟩ and the vector-Jacobian product of given windows, angles and cotangent, per strategy. */
export function peerValues(
  peer: PeerName,
  spec: { qubits: number; depth: number; x: number[]; params: number[]; dz: number[] },
): Record<string, PeerValues> {
  return runPeer(peer, ['values', JSON.stringify(spec)]) as Record<string, PeerValues>;
}

export interface PeerEpoch {
  /** The median of the `repeats` epochs timed. */
  readonly seconds: number;
  readonly runs: readonly number[];
  readonly train_accuracy: number;
  readonly test_accuracy: number;
}

/** `repeats` epochs of the bench's experiment as the peer's training loop, each with its evaluation. */
export function peerEpoch(
  peer: PeerName,
  dataDir: string,
  train: number,
  test: number,
  repeats: number,
): PeerEpoch {
  return runPeer(peer, [
    'epoch',
    dataDir,
    String(train),
    String(test),
    String(repeats),
  ]) as PeerEpoch;
}
