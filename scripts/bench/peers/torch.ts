import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchCase } from '../cases';

/*
 * The strong peer (torch_peer.py beside this file): a batched PyTorch implementation of the same
 * circuit and the same default experiment, one thread, run by `npm run bench` when
 * `python3 -c "import torch"` works. Each call is one python3 process; its JSON comes back on
 * stdout.
 */
const SCRIPT = fileURLToPath(new URL('./torch_peer.py', import.meta.url));

/** null when torch imports, otherwise why not (for the "skipped" line). */
export function torchUnavailable(): string | null {
  const r = spawnSync('python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (r.error) return `python3 did not start (${r.error.message})`;
  if (r.status !== 0) return (r.stderr.trim().split('\n').pop() ?? 'import torch failed').trim();
  return null;
}

function runPeer(args: string[]): unknown {
  const r = spawnSync('python3', [SCRIPT, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`torch peer failed: ${r.stderr || r.error?.message}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

/** Windows per second, forward + autograd backward (angles and inputs), per case key. */
export function torchThroughput(
  cases: readonly BenchCase[],
  windowScale: number,
): Record<string, number> {
  const spec = cases.map((c) => ({
    key: c.key,
    qubits: c.qubits,
    depth: c.depth,
    windows: c.windows * windowScale,
    repeats: c.repeats,
  }));
  return runPeer(['throughput', JSON.stringify(spec)]) as Record<string, number>;
}

/** One epoch of the default experiment as a PyTorch training loop, with its evaluation. */
export function torchEpoch(
  dataDir: string,
  train: number,
  test: number,
): { seconds: number; train_accuracy: number; test_accuracy: number } {
  return runPeer(['epoch', dataDir, String(train), String(test)]) as {
    seconds: number;
    train_accuracy: number;
    test_accuracy: number;
  };
}
