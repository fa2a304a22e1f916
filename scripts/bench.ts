// `npm run bench [-- --json FILE] [--quick]`: simulator throughput (patch-circuits with their full
// gradient, per second) for our tfjs-op simulator on `cpu` in Node (and the fused CPU kernel), on
// `webgpu` (the fused WebGPU kernel and the tfjs-op path) and `webgl` in headless Chromium, against
// the independent simulator (jsqubits) computing the same gradients by the parameter-shift rule,
// all measured in this one run; and the compute dispatches of one quanv layer's forward+backward
// pass on webgpu. Speed is reported, never asserted.
import { writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { chromium } from 'playwright';
import { createServer, type ViteDevServer } from 'vite';
import { chromiumLaunchOptions } from './testing/chromium';
import { measureThroughput } from '../src/engine/simBench';
import { createStatevectorSimulator } from '../src/sim/statevector';
import { createFusedCpuSimulator } from '../src/sim/fusedCpu';
import { quietTfjs } from '../src/engine/nodeHost';
import { benchCases, type BenchCase } from './bench/cases';
import type { DispatchCounts, SimulatorRequest, SimulatorSamples } from './bench/page';
import { measurePeer } from './bench/peer';
import { measurePeakGflops } from './bench/peak';
import { browserEpochSeconds, nodeEpochSeconds } from './bench/epoch';
import { kernelFlops } from '../src/sim/circuitKernel';
import { parseCli, runCli } from './cli/args';

type Column =
  | 'ours_cpu'
  | 'ours_fused_cpu'
  | 'ours_webgpu'
  | 'ours_fused_webgpu'
  | 'ours_ops_webgpu'
  | 'ours_webgl'
  | 'peer';
/** `ours_webgpu` is whichever of the fused and ops columns the app uses on webgpu (the fused). */
const COLUMNS: Column[] = [
  'ours_cpu',
  'ours_fused_cpu',
  'ours_webgpu',
  'ours_fused_webgpu',
  'ours_ops_webgpu',
  'ours_webgl',
  'peer',
];
type Results = Record<BenchCase['key'], Partial<Record<Column, number | null>>> & {
  /** Compute dispatches of one quanv layer's forward + backward pass on webgpu, per path. */
  dispatches_per_layer_pass?: Partial<
    Record<BenchCase['key'], Partial<Record<'fused_webgpu' | 'ops_webgpu', DispatchCounts>>>
  >;
  peak_gflops?: number;
  fused_cpu_share_of_peak?: Partial<Record<BenchCase['key'], number>>;
  epoch_seconds?: Record<string, number | string>;
};

/**
 * A Vite dev server for the browser measurements. It watches no files: an edit elsewhere in the
 * tree during a long run would otherwise reload the page being measured.
 */
async function benchServer(): Promise<ViteDevServer> {
  return createServer({ server: { port: 0, host: 'localhost', watch: null }, logLevel: 'error' });
}

/** SPEC §2's default 2-layer experiment; --quick trains on an eighth of it. */
function epochConfig(quick: boolean): string {
  return quick ? 'n=2;k=2,2;e=1-2;train=64;test=25' : 'n=2;k=2,2;e=1-2';
}

async function epochTimes(quick: boolean): Promise<Record<string, number | string>> {
  const config = epochConfig(quick);
  const times: Record<string, number | string> = {
    config,
    node_cpu: await nodeEpochSeconds(config),
  };
  const server = await benchServer();
  await server.listen();
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const url = server.resolvedUrls?.local[0] ?? 'http://localhost:5173/';
    for (const backend of ['webgpu', 'webgl', 'wasm', 'cpu']) {
      const r = await browserEpochSeconds(browser, url, backend, config);
      times[`chromium_${backend}`] = typeof r === 'string' ? r : r.seconds;
      process.stderr.write(
        `  ${backend}: ${typeof r === 'string' ? r : `${r.seconds.toFixed(1)} s`}\n`,
      );
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return times;
}

const USAGE = 'usage: npm run bench -- [--quick] [--json FILE]';

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
    await page.waitForFunction(() => window.__bench !== undefined, null, { timeout: 600_000 });
    const result = await page.evaluate(() => window.__bench!);
    if ('error' in result) return result.error;
    process.stderr.write(`  ${backend}: ran on ${result.backend}\n`);
    return result.results;
  } finally {
    await browser.close();
    await server.close();
  }
}

function table(results: Results): string {
  const columns = COLUMNS;
  const fmt = (v: number | null | undefined) =>
    v == null ? 'n/a' : Math.round(v).toLocaleString('en');
  const lines = [
    `| case | ${columns.join(' | ')} | best ours / peer |`,
    `| --- | ${columns.map(() => '---:').join(' | ')} | ---: |`,
  ];
  for (const key of ['quanv4', 'quanv9'] as const) {
    const row = results[key];
    const ours = columns
      .filter((c) => c !== 'peer')
      .map((c) => row[c])
      .filter((v): v is number => v != null);
    const ratio = row.peer && ours.length ? `${(Math.max(...ours) / row.peer).toFixed(0)}×` : 'n/a';
    lines.push(`| ${key} | ${columns.map((c) => fmt(row[c])).join(' | ')} | ${ratio} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseCli({ quick: { type: 'boolean' }, json: { type: 'string' } }, USAGE);
  const cases = benchCases(values.quick ?? false);
  const results = Object.fromEntries(cases.map((c) => [c.key, {}])) as Results;

  process.stderr.write('Node, tfjs cpu: tfjs ops, then the fused kernel…\n');
  quietTfjs();
  await tf.setBackend('cpu');
  const ops = createStatevectorSimulator();
  const fused = createFusedCpuSimulator();
  for (const c of cases) {
    const s = await measureThroughput(ops, c.qubits, c.depth, c.windows, c.repeats);
    results[c.key].ours_cpu = s.windowsPerSecond;
    // The fused kernel is ~50× faster: give it 16× the windows so each pass is measurable.
    const f = await measureThroughput(fused, c.qubits, c.depth, c.windows * 16, c.repeats);
    results[c.key].ours_fused_cpu = f.windowsPerSecond;
  }

  // The fused WebGPU kernel is far faster than the op path: more windows so a pass is measurable.
  const browserRuns = {
    webgpu: [
      { simulator: 'fused', windowScale: 16 },
      { simulator: 'ops', windowScale: 1 },
    ],
    webgl: [{ simulator: 'ops', windowScale: 1 }],
  } as const satisfies Record<string, SimulatorRequest[]>;
  results.dispatches_per_layer_pass = {};
  for (const backend of ['webgpu', 'webgl'] as const) {
    process.stderr.write(`Chromium, tfjs ${backend}…\n`);
    const runs = await browserSamples(backend, cases, [...browserRuns[backend]]);
    if (typeof runs === 'string') process.stderr.write(`  ${backend} unavailable: ${runs}\n`);
    cases.forEach((c, i) => {
      const row = results[c.key];
      row[`ours_${backend}`] = null;
      if (typeof runs === 'string') return;
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
  }

  process.stderr.write('One epoch of the default experiment, per backend…\n');
  results.epoch_seconds = await epochTimes(values.quick ?? false);

  process.stderr.write('Peak: a multiply-add loop on one core…\n');
  const peak = measurePeakGflops();
  results.peak_gflops = peak;
  results.fused_cpu_share_of_peak = Object.fromEntries(
    cases.map((c) => [
      c.key,
      ((results[c.key].ours_fused_cpu ?? 0) * kernelFlops(c.qubits, c.depth)) / 1e9 / peak,
    ]),
  );

  process.stderr.write('Peer: jsqubits, parameter shift…\n');
  for (const c of cases)
    results[c.key].peer = measurePeer(c.qubits, c.depth, values.quick ?? false);

  console.log('\nPatch-circuits with full gradient (parameters and inputs) per second, medians:\n');
  console.log(table(results));
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
  console.log(`\nOne epoch of ${results.epoch_seconds.config} (seconds, page load excluded):`);
  for (const [k, v] of Object.entries(results.epoch_seconds)) {
    if (k !== 'config') console.log(`  ${k}: ${typeof v === 'number' ? v.toFixed(1) : v}`);
  }
  console.log(
    `\nPeak multiply-add rate, one core: ${peak.toFixed(2)} GFLOP/s; the fused CPU kernel reaches ` +
      cases
        .map(
          (c) =>
            `${(100 * (results.fused_cpu_share_of_peak?.[c.key] ?? 0)).toFixed(0)}% (${c.key})`,
        )
        .join(', '),
  );
  if (values.json) {
    writeFileSync(values.json, JSON.stringify(results, null, 2) + '\n');
    console.log(`\nwrote ${values.json}`);
  }
}

runCli(main);
