// `npm run bench [-- --json FILE] [--quick]`: simulator throughput (window circuits with their full
// gradient, per second) at 4 and 9 qubits, L = 1–3: our tfjs-op simulator on `cpu` in Node, the
// WebAssembly SIMD CPU kernel on one and on two threads, on `webgpu` (the fused WebGPU kernel and
// the tfjs-op path) and `webgl` in headless Chromium, against the strong peers (a carefully
// written batched PyTorch program and a jit-compiled JAX one, one thread each, checked against our
// values first, scripts/bench/peers/; `peer_best` is the faster of them per case) and the
// independent simulator (jsqubits, parameter shift); one epoch of the default experiment per
// backend and in each peer's training loop (Node, the peers and Chromium's CPU backends: the
// median of five epochs); the SIMD
// peak of this core and each kernel's share of it; the compute dispatches of one quanv layer's
// forward+backward pass on webgpu. All measured in this one run. Speed is reported, never asserted.
import { writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { chromium } from 'playwright';
import { createServer, type ViteDevServer } from 'vite';
import { chromiumLaunchOptions } from './testing/chromium';
import { measureThroughput, measureThroughputPaired, median } from './bench/throughput';
import { createTfjsOpSimulator } from '../src/sim/tfjsOps/tfjsOpSimulator';
import { createFusedCpuSimulator } from '../src/sim/cpu/simdKernelOp';
import { compileCircuit } from '../src/sim/circuit/circuitProgram';
import { localKernel, oneThread, setDefaultRunner } from '../src/sim/cpu/simdKernel';
import { startNodeKernelThreads } from '../src/sim/cpu/simdThreadsNode';
import { quietTfjs } from '../src/engine/nodeHost';
import { DEFAULT_DATA_DIR } from '../src/data/loadFromDisk';
import { benchCases, type BenchCase } from './bench/cases';
import type { DispatchCounts, SimulatorRequest, SimulatorSamples } from './bench/page';
import { measurePeer } from './bench/peer';
import { measurePeakGflops } from './bench/peak';
import { browserEpochSeconds, EPOCH_REPEATS, nodeEpochSeconds } from './bench/epoch';
import { programFlops } from './bench/flops';
import { measureStepBreakdown, type StepBreakdown } from './bench/stepBreakdown';
import {
  PEERS,
  peerEpoch,
  peerThroughput,
  peerUnavailable,
  type PeerName,
} from './bench/peers/python';
import { checkPeer, type PeerCheck } from './bench/peers/check';
import { parseCli, runCli, UsageError } from './cli/args';
import { outputFile } from './cli/outputFile';
import {
  measureTrainability,
  measureTrainabilityPeer,
  TRAINABILITY_CASES,
  type PeerResult,
  type Timing,
} from './bench/trainability';

type Column =
  | 'ours_cpu'
  | 'ours_fused_cpu'
  | 'ours_fused_cpu_2t'
  | 'ours_webgpu'
  | 'ours_fused_webgpu'
  | 'ours_ops_webgpu'
  | 'ours_webgl'
  | 'peer_torch'
  | 'peer_jax'
  | 'peer_best'
  | 'peer';
/** `ours_webgpu` is whichever of the fused and ops columns the app uses on webgpu (the fused). */
const COLUMNS: Column[] = [
  'ours_cpu',
  'ours_fused_cpu',
  'ours_fused_cpu_2t',
  'ours_webgpu',
  'ours_fused_webgpu',
  'ours_ops_webgpu',
  'ours_webgl',
  'peer_torch',
  'peer_jax',
  'peer_best',
  'peer',
];
type Row = Partial<Record<Column, number | null>>;
type Results = Record<BenchCase['key'], Row> & {
  /** The L = 1 rows under their old names, for older scripts. */
  quanv4?: Row;
  quanv9?: Row;
  /** Compute dispatches of one quanv layer's forward + backward pass on webgpu, per path. */
  dispatches_per_layer_pass?: Partial<
    Record<BenchCase['key'], Partial<Record<'fused_webgpu' | 'ops_webgpu', DispatchCounts>>>
  >;
  /** Scalar JavaScript multiply-add peak of one core (the old measure). */
  peak_gflops?: number;
  /** A tight f32x4 multiply-add loop in WebAssembly, one core. */
  simd_peak_gflops?: number;
  /**
   * Seconds of each timed fused-CPU pass, in the order timed (one thread and two took turns):
   * the spread behind the medians above, which on a shared machine decides the 2 / 1 ratio.
   */
  fused_cpu_pass_seconds?: Partial<
    Record<
      BenchCase['key'],
      { one_thread: readonly number[]; two_threads: readonly number[] | null }
    >
  >;
  /** Each CPU kernel's GFLOP/s over the SIMD peak (two threads: over twice the peak). */
  simd_share_of_peak?: Partial<
    Record<BenchCase['key'], { ours_fused_cpu: number; ours_fused_cpu_2t: number | null }>
  >;
  epoch_seconds?: Record<string, number | string>;
  /** One training step of the default experiment in Node, one thread: kernel vs the rest. */
  step_breakdown?: StepBreakdown;
  /** Why a Python peer did not run (or does not count), when it did not. */
  peer_skipped?: Partial<Record<PeerName, string>>;
  /** Each peer's values against ours on a few windows, per case (scripts/bench/peers/check.ts). */
  peer_check?: Partial<Record<PeerName, Record<string, PeerCheck>>>;
  /** How each peer ran the circuit per case (its header says the choices). */
  peer_strategies?: Partial<Record<PeerName, Record<string, string>>>;
  /**
   * The Trainability lab's every-parameter gradient study (McClean preset, K = 200), seconds:
   * `trainability_n12_L20_K200`, `trainability_n16_L50_K200`, and the JAX peer's beside them
   * (scripts/bench/trainability.ts; CPU seconds too, the figure to compare on a shared machine).
   */
  trainability?: Record<string, { ours: Timing; jax: PeerResult | string }>;
  trainability_n12_L20_K200?: number;
  trainability_n16_L50_K200?: number;
};

/**
 * A Vite dev server for the browser measurements. It watches no files: an edit elsewhere in the
 * tree during a long run would otherwise reload the page being measured.
 */
async function benchServer(): Promise<ViteDevServer> {
  return createServer({ server: { port: 0, host: 'localhost', watch: null }, logLevel: 'error' });
}

/** docs/model.md §2's default 2-layer experiment; --quick trains on an eighth of it. */
function epochConfig(quick: boolean): string {
  return quick ? 'n=2;k=2,2;e=1-2;train=64;test=25' : 'n=2;k=2,2;e=1-2';
}

async function epochTimes(
  quick: boolean,
  peers: readonly PeerName[],
  skipped: Partial<Record<PeerName, string>>,
): Promise<Record<string, number | string>> {
  const config = epochConfig(quick);
  const times: Record<string, number | string> = {
    config,
    // nodeHost runs the CPU kernel on two threads (worker_threads) unless told otherwise.
    node_cpu: await nodeEpochSeconds(config),
  };
  for (const peer of PEERS) {
    times[peer] = peers.includes(peer)
      ? peerEpoch(peer, DEFAULT_DATA_DIR, quick ? 64 : 500, quick ? 25 : 200, EPOCH_REPEATS).seconds
      : (skipped[peer] ?? 'skipped');
    process.stderr.write(`  ${peer}: ${times[peer]}\n`);
  }
  const peerTimes = PEERS.map((p) => times[p]).filter((v) => typeof v === 'number');
  times.peer_best = peerTimes.length > 0 ? Math.min(...peerTimes) : 'no peer ran';
  const server = await benchServer();
  await server.listen();
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const url = server.resolvedUrls?.local[0] ?? 'http://localhost:5173/';
    for (const backend of ['webgpu', 'webgl', 'wasm', 'cpu']) {
      // The CPU backends' epochs are short and as noisy as Node's: their median after one
      // untimed, like Node's. SwiftShader's take half a minute each: one, as it comes.
      const short = backend === 'wasm' || backend === 'cpu';
      const runs = await browserEpochSeconds(
        browser,
        url,
        backend,
        config,
        short ? EPOCH_REPEATS : 1,
        short,
      );
      times[`chromium_${backend}`] = typeof runs === 'string' ? runs : median(runs);
      const shown = typeof runs === 'string' ? runs : `${median(runs).toFixed(2)} s`;
      process.stderr.write(`  ${backend}: ${shown}\n`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return times;
}

const USAGE = 'usage: npm run bench -- [--quick] [--json FILE]';

/** The JSON so far, after every section: a long run that fails late still leaves its numbers. */
function save(file: string | undefined, results: Results): void {
  if (file) writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
}

async function browserSamples(
  backend: 'webgpu' | 'webgl',
  cases: BenchCase[],
  simulators: SimulatorRequest[],
): Promise<SimulatorSamples[] | string> {
  const server = await benchServer();
  await server.listen();
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage();
    const base = server.resolvedUrls?.local[0] ?? 'http://localhost:5173/';
    const query = new URLSearchParams({
      backend,
      cases: JSON.stringify(cases),
      simulators: JSON.stringify(simulators),
    });
    await page.goto(`${base}scripts/bench/page.html?${query}`);
    await page.waitForFunction(() => window.__bench !== undefined, null, { timeout: 1_800_000 });
    const result = await page.evaluate(() => window.__bench!);
    if ('error' in result) return result.error;
    process.stderr.write(`  ${backend}: ran on ${result.backend}\n`);
    return result.results;
  } finally {
    await browser.close();
    await server.close();
  }
}

function table(results: Results, cases: readonly BenchCase[]): string {
  const columns = COLUMNS;
  const fmt = (v: number | null | undefined) =>
    v == null ? 'n/a' : Math.round(v).toLocaleString('en');
  const ratio = (a: number | null | undefined, b: number | null | undefined) =>
    a != null && b ? `${(a / b).toFixed(1)}×` : 'n/a';
  const lines = [
    `| case | ${columns.join(' | ')} | fused cpu / peer_best | 2 threads / peer_best |`,
    `| --- | ${columns.map(() => '---:').join(' | ')} | ---: | ---: |`,
  ];
  for (const { key } of cases) {
    const row = results[key];
    lines.push(
      `| ${key} | ${columns.map((c) => fmt(row[c])).join(' | ')} | ` +
        `${ratio(row.ours_fused_cpu, row.peer_best)} | ${ratio(row.ours_fused_cpu_2t, row.peer_best)} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseCli({ quick: { type: 'boolean' }, json: { type: 'string' } }, USAGE);
  // Checked now, not after minutes of measuring; a file, since it is saved after every section.
  if (outputFile('json', values.json)?.toStdout) {
    throw new UsageError(`--json takes a file here: the results are saved after every section`);
  }
  const cases = benchCases(values.quick ?? false);
  const results = Object.fromEntries(cases.map((c) => [c.key, {}])) as Results;

  const skipped: Partial<Record<PeerName, string>> = {};
  for (const peer of PEERS) {
    const why = peerUnavailable(peer);
    if (why) skipped[peer] = `python3 -c "import ${peer}": ${why}`;
  }
  process.stderr.write('Node, tfjs cpu: tfjs ops, then the SIMD kernel on one and two threads…\n');
  quietTfjs();
  await tf.setBackend('cpu');
  const ops = createTfjsOpSimulator();
  const fused = createFusedCpuSimulator();
  const threads = await startNodeKernelThreads().catch((e: unknown) => String(e));
  for (const c of cases) {
    // The tfjs-op path (the app's on webgl; minutes per pass at 9 qubits, L = 3) at L = 1 only.
    results[c.key].ours_cpu = null;
    if (c.depth === 1) {
      const s = await measureThroughput(ops, c.qubits, c.depth, c.windows, c.repeats);
      results[c.key].ours_cpu = s.windowsPerSecond;
    }
    // The fused kernel is ~100× faster: give it 16× the windows so each pass is measurable. One
    // thread and two take turns repeat by repeat, so the ratio sees the same machine.
    const setups = [() => setDefaultRunner(oneThread)];
    if (typeof threads !== 'string') setups.push(() => setDefaultRunner(() => threads.runner));
    const [one, two] = await measureThroughputPaired(
      fused,
      c.qubits,
      c.depth,
      c.windows * 16,
      c.repeats,
      setups,
    );
    results[c.key].ours_fused_cpu = one.windowsPerSecond;
    results[c.key].ours_fused_cpu_2t = two ? two.windowsPerSecond : null;
    (results.fused_cpu_pass_seconds ??= {})[c.key] = {
      one_thread: one.seconds,
      two_threads: two ? two.seconds : null,
    };
    setDefaultRunner(null);
  }
  if (typeof threads === 'string') process.stderr.write(`  two threads unavailable: ${threads}\n`);
  else await threads.close();

  // Each peer is checked against our values first; one that disagrees is reported, not counted.
  results.peer_check = {};
  results.peer_strategies = {};
  const ran: PeerName[] = [];
  for (const peer of PEERS) {
    if (skipped[peer]) {
      process.stderr.write(`Peer: ${peer} skipped (${skipped[peer]})\n`);
      continue;
    }
    process.stderr.write(`Peer: ${peer}, batched, one thread: values against ours, then speed…\n`);
    const check = await checkPeer(peer, fused, cases);
    results.peer_check[peer] = check;
    const wrong = Object.entries(check).filter(([, v]) => !v.ok);
    if (wrong.length > 0) {
      skipped[peer] = `its values differ from ours: ${JSON.stringify(Object.fromEntries(wrong))}`;
      process.stderr.write(`  ${peer} not counted: ${skipped[peer]}\n`);
      continue;
    }
    const { rates, strategies } = peerThroughput(peer, cases, 16);
    results.peer_strategies[peer] = strategies;
    for (const c of cases) results[c.key][`peer_${peer}`] = rates[c.key];
    ran.push(peer);
  }
  for (const c of cases) {
    const rates = ran.map((p) => results[c.key][`peer_${p}`]).filter((v) => v != null);
    results[c.key].peer_best = rates.length > 0 ? Math.max(...rates) : null;
  }
  if (Object.keys(skipped).length > 0) results.peer_skipped = skipped;
  save(values.json, results);

  // The fused WebGPU kernel is far faster than the op path: more windows so a pass is measurable.
  // The tfjs-op paths (slow on SwiftShader, and not what the app uses) run at L = 1 only.
  const l1 = cases.filter((c) => c.depth === 1);
  const browserRuns: {
    backend: 'webgpu' | 'webgl';
    request: SimulatorRequest;
    cases: BenchCase[];
  }[] = [
    { backend: 'webgpu', request: { simulator: 'fused', windowScale: 16 }, cases },
    { backend: 'webgpu', request: { simulator: 'ops', windowScale: 1 }, cases: l1 },
    { backend: 'webgl', request: { simulator: 'ops', windowScale: 1 }, cases: l1 },
  ];
  results.dispatches_per_layer_pass = {};
  for (const c of cases) {
    results[c.key].ours_webgpu = null;
    results[c.key].ours_webgl = null;
  }
  for (const { backend, request, cases: some } of browserRuns) {
    process.stderr.write(`Chromium, tfjs ${backend}, ${request.simulator}…\n`);
    const runs = await browserSamples(backend, some, [request]).catch((e: unknown) => String(e));
    if (typeof runs === 'string') {
      process.stderr.write(`  ${backend} unavailable: ${runs}\n`);
      continue;
    }
    some.forEach((c, i) => {
      const row = results[c.key];
      for (const run of runs) {
        const perSecond = run.samples[i].windowsPerSecond;
        if (run.usedByApp) row[`ours_${backend}`] = perSecond;
        if (backend === 'webgpu') {
          row[`ours_${run.simulator}_webgpu`] = perSecond;
          if (run.dispatches) {
            (results.dispatches_per_layer_pass![c.key] ??= {})[`${run.simulator}_webgpu`] =
              run.dispatches[i];
          }
        }
      }
    });
    save(values.json, results);
  }

  process.stderr.write('One epoch of the default experiment, per backend…\n');
  results.epoch_seconds = await epochTimes(values.quick ?? false, ran, skipped);
  save(values.json, results);

  process.stderr.write('Peak: multiply-add loops on one core (scalar JS, f32x4 wasm)…\n');
  results.peak_gflops = measurePeakGflops();
  const kernel = localKernel();
  const peaks = Array.from({ length: 5 }, () => kernel.peakGflops(20_000_000)).sort(
    (a, b) => a - b,
  );
  const peak = peaks[2];
  results.simd_peak_gflops = peak;
  results.simd_share_of_peak = Object.fromEntries(
    cases.map((c) => {
      const flops = programFlops(
        compileCircuit({ family: 'ryrz', qubits: c.qubits, depth: c.depth, structureSeed: 0 }),
      );
      const row = results[c.key];
      return [
        c.key,
        {
          ours_fused_cpu: ((row.ours_fused_cpu ?? 0) * flops) / 1e9 / peak,
          ours_fused_cpu_2t:
            row.ours_fused_cpu_2t == null
              ? null
              : (row.ours_fused_cpu_2t * flops) / 1e9 / (2 * peak),
        },
      ];
    }),
  );

  process.stderr.write('One training step, kernel and the rest…\n');
  await tf.setBackend('cpu');
  results.step_breakdown = await measureStepBreakdown();
  save(values.json, results);

  if (!values.quick) {
    // The n = 16 case runs for minutes in JAX: its peer runs 16 samples, scaled to K = 200.
    process.stderr.write(
      'Trainability: McClean preset, every gradient at K = 200, ours and JAX…\n',
    );
    const ours = measureTrainability();
    const jax = measureTrainabilityPeer('python3', { trainability_n16_L50_K200: 16 });
    results.trainability = {};
    for (const c of TRAINABILITY_CASES) {
      results.trainability[c.key] = { ours: ours[c.key], jax: jax[c.key] };
      results[c.key] = ours[c.key].seconds;
    }
    save(values.json, results);
  }

  process.stderr.write('Peer: jsqubits, parameter shift…\n');
  for (const c of cases)
    results[c.key].peer = measurePeer(c.qubits, c.depth, values.quick ?? false);

  console.log('\nPatch-circuits with full gradient (parameters and inputs) per second, medians:\n');
  console.log(table(results, cases));
  console.log(
    '\nCompute dispatches of one quanv layer, forward + backward, on webgpu (exact / measured):',
  );
  for (const c of cases) {
    const d = results.dispatches_per_layer_pass?.[c.key] ?? {};
    const fmt = (x: DispatchCounts | undefined) => (x ? `${x.exact} / ${x.measured}` : 'n/a');
    console.log(
      `  ${c.key} (L = ${c.depth}): fused ${fmt(d.fused_webgpu)}, tfjs ops ${fmt(d.ops_webgpu)}`,
    );
  }
  console.log(
    `\nOne epoch of ${results.epoch_seconds.config} (seconds, page load excluded; Node, the ` +
      `peers, wasm and cpu the median of ${EPOCH_REPEATS} after one untimed, webgpu and webgl ` +
      `one):`,
  );
  for (const [k, v] of Object.entries(results.epoch_seconds)) {
    if (k !== 'config') console.log(`  ${k}: ${typeof v === 'number' ? v.toFixed(2) : v}`);
  }
  console.log(
    `\nSIMD peak (f32x4 multiply-add, one core): ${peak.toFixed(2)} GFLOP/s ` +
      `(scalar JS: ${results.peak_gflops.toFixed(2)}); the CPU kernel reaches ` +
      cases
        .map((c) => {
          const s = results.simd_share_of_peak?.[c.key];
          const pct = (v: number | null | undefined) =>
            v == null ? 'n/a' : `${(100 * v).toFixed(0)}%`;
          return `${pct(s?.ours_fused_cpu)} / ${pct(s?.ours_fused_cpu_2t)} (${c.key}, 1 / 2 threads)`;
        })
        .join(', '),
  );
  const epochs = results.epoch_seconds;
  const best = epochs.peer_best;
  if (typeof best === 'number') {
    for (const k of ['node_cpu', 'chromium_wasm', 'chromium_webgpu']) {
      const v = epochs[k];
      if (typeof v === 'number')
        console.log(`  peer_best epoch / ${k} epoch: ${(best / v).toFixed(2)}×`);
    }
  }
  const sb = results.step_breakdown;
  const ms = (v: number) => `${v.toFixed(2)} ms`;
  console.log(
    `\nOne training step (${sb.config}, batch ${sb.batch}, Node, one thread), medians: ${ms(sb.step_ms)}\n` +
      `  kernel forward ${ms(sb.kernel_forward_ms)}, kernel backward ${ms(sb.kernel_backward_ms)}\n` +
      `  window extraction ${ms(sb.window_extraction_ms)}, residual sums and channel mean ` +
      `${ms(sb.residual_sums_and_channel_mean_ms)}, head ${ms(sb.head_ms)}, ` +
      `optimiser ${ms(sb.optimizer_ms)}, read-back ${ms(sb.read_back_ms)}\n` +
      `  outside the kernel: ${ms(sb.outside_kernel_ms)} (${(100 * sb.outside_kernel_share).toFixed(0)}% of the step)`,
  );
  results.quanv4 = results.quanv4_L1;
  results.quanv9 = results.quanv9_L1;
  if (results.trainability) {
    console.log(
      '\nTrainability study, McClean preset, K = 200 (seconds; CPU seconds in brackets):',
    );
    for (const [key, { ours, jax }] of Object.entries(results.trainability)) {
      const peer =
        typeof jax === 'string'
          ? jax
          : `JAX ${jax.seconds.toFixed(1)} (${jax.cpuSeconds.toFixed(1)}), ` +
            `${(jax.cpuSeconds / ours.cpuSeconds).toFixed(1)}× ours by CPU time`;
      console.log(
        `  ${key}: ours ${ours.seconds.toFixed(1)} (${ours.cpuSeconds.toFixed(1)}); ${peer}`,
      );
    }
  }
  if (values.json) {
    writeFileSync(values.json, JSON.stringify(results, null, 2) + '\n');
    console.log(`\nwrote ${values.json}`);
  }
}

runCli(main);
