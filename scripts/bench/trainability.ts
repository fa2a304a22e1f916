// The trainability bench: the McClean preset's every-parameter gradient at K samples, timed, and
// the JAX peer (peers/trainability_jax.py) on the same cases. Run alone:
//   tsx scripts/bench/trainability.ts [--peer] [--peer-samples-n16 K] [--two-threads]
// prints one JSON object (with --peer, JAX's CPU seconds over ours per key; with --two-threads,
// ours again on two threads, sampleThreads.ts, whose wall seconds are the figure there);
// scripts/bench.ts imports measureTrainability / measureTrainabilityPeer.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mccleanCircuit } from '../../src/sim/trainability/presets';
import { sampleGradients, type SampleSpec } from '../../src/sim/trainability/sampler';
import { sampleGradientsTwoThreads } from '../../src/sim/trainability/sampleThreads';
import { startNodeSampleThread } from '../../src/sim/trainability/sampleThreadsNode';

export interface TrainabilityCase {
  readonly key: 'trainability_n12_L20_K200' | 'trainability_n16_L50_K200';
  readonly qubits: number;
  readonly depth: number;
  readonly samples: number;
}

export const TRAINABILITY_CASES: readonly TrainabilityCase[] = [
  { key: 'trainability_n12_L20_K200', qubits: 12, depth: 20, samples: 200 },
  { key: 'trainability_n16_L50_K200', qubits: 16, depth: 50, samples: 200 },
];

export interface Timing {
  /** Wall-clock seconds (the bench key's value). */
  readonly seconds: number;
  /** This process's CPU seconds over the same span: the figure to compare on a shared machine. */
  readonly cpuSeconds: number;
}

function benchSpec(c: TrainabilityCase): SampleSpec {
  return {
    circuit: mccleanCircuit(c.qubits, c.depth),
    cost: 'projector',
    init: 'uniform',
    seed: 1,
  };
}

/** Every parameter's gradient at K samples (McClean preset, projector cost), one thread. */
export function trainabilityTiming(c: TrainabilityCase): Timing {
  const start = performance.now();
  const cpu = process.cpuUsage();
  sampleGradients(benchSpec(c), c.samples);
  const used = process.cpuUsage(cpu);
  return {
    seconds: (performance.now() - start) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
  };
}

/** Both bench keys (a short warm-up at n = 8 first, so the JIT has compiled the kernels). */
export function measureTrainability(): Record<TrainabilityCase['key'], Timing> {
  trainabilityTiming({ key: 'trainability_n12_L20_K200', qubits: 8, depth: 4, samples: 64 });
  const out = {} as Record<TrainabilityCase['key'], Timing>;
  for (const c of TRAINABILITY_CASES) out[c.key] = trainabilityTiming(c);
  return out;
}

/** Both keys on two threads (CPU seconds are both threads'; a warm-up first, as above). */
export async function measureTrainabilityTwoThreads(): Promise<
  Record<TrainabilityCase['key'], Timing>
> {
  const thread = await startNodeSampleThread();
  try {
    const run = async (c: TrainabilityCase): Promise<Timing> => {
      const start = performance.now();
      const cpu = process.cpuUsage();
      await sampleGradientsTwoThreads(benchSpec(c), c.samples, thread.run);
      const used = process.cpuUsage(cpu);
      return {
        seconds: (performance.now() - start) / 1000,
        cpuSeconds: (used.user + used.system) / 1e6,
      };
    };
    await run({ key: 'trainability_n12_L20_K200', qubits: 8, depth: 4, samples: 64 });
    const out = {} as Record<TrainabilityCase['key'], Timing>;
    for (const c of TRAINABILITY_CASES) out[c.key] = await run(c);
    return out;
  } finally {
    await thread.close();
  }
}

export interface PeerResult extends Timing {
  /** The samples the peer actually ran; seconds are scaled to the case's K when fewer (linear: fixed batches). */
  readonly samplesRun: number;
  readonly compileSeconds: number;
}

/**
 * The JAX peer's seconds for each case (compile excluded), or the reason it could not run.
 * `peerSamples` caps K for the peer per case (its batches are fixed in size, so the full K takes
 * that time × K/cap): the n = 16 case runs for many minutes in JAX.
 */
export function measureTrainabilityPeer(
  python = 'python3',
  peerSamples: Partial<Record<TrainabilityCase['key'], number>> = {},
): Record<TrainabilityCase['key'], PeerResult | string> {
  const script = fileURLToPath(new URL('./peers/trainability_jax.py', import.meta.url));
  const out = {} as Record<TrainabilityCase['key'], PeerResult | string>;
  for (const c of TRAINABILITY_CASES) {
    const K = Math.min(c.samples, peerSamples[c.key] ?? c.samples);
    // the reverse pass stores one state per layer and sample: batch so it stays under ~1 GB
    const batch = Math.max(1, Math.min(K, Math.floor(2 ** 30 / (c.depth * 16 * 2 ** c.qubits))));
    const r = spawnSync(
      python,
      [script, String(c.qubits), String(c.depth), String(K), String(batch)],
      {
        encoding: 'utf8',
      },
    );
    if (r.status !== 0) {
      out[c.key] =
        `the JAX peer failed: ${(r.stderr || r.error?.message || '').trim().split('\n').at(-1)}`;
      continue;
    }
    const line = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as {
      seconds: number;
      cpu_seconds: number;
      compile_seconds: number;
    };
    out[c.key] = {
      seconds: (line.seconds * c.samples) / K,
      cpuSeconds: (line.cpu_seconds * c.samples) / K,
      samplesRun: K,
      compileSeconds: line.compile_seconds,
    };
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const peer = process.argv.includes('--peer');
  const capAt = process.argv.indexOf('--peer-samples-n16');
  const cap = capAt > 0 ? { trainability_n16_L50_K200: Number(process.argv[capAt + 1]) } : {};
  const ours = measureTrainability();
  const twoThreads = process.argv.includes('--two-threads')
    ? await measureTrainabilityTwoThreads()
    : undefined;
  const jax = peer ? measureTrainabilityPeer('python3', cap) : undefined;
  // JAX's seconds over ours: one thread by CPU seconds; two threads by wall seconds (JAX's one
  // thread's wall against our two threads' wall, on an idle machine the user's view)
  const ratio: Record<string, Record<string, number>> = {};
  for (const c of TRAINABILITY_CASES) {
    const j = jax?.[c.key];
    if (!j || typeof j === 'string') continue;
    ratio[c.key] = { oneThreadCpu: j.cpuSeconds / ours[c.key].cpuSeconds };
    if (twoThreads) ratio[c.key].twoThreadsWall = j.seconds / twoThreads[c.key].seconds;
  }
  console.log(JSON.stringify({ ours, twoThreads, jax, ratio }, null, 1));
}
