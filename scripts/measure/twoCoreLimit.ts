// `npx tsx --import ./scripts/runtime/tfjsCoreLoader.mjs scripts/measure/twoCoreLimit.ts
//   [--windows4 N] [--windows9 N] [--repeats N]`: how far two kernel threads can go on this
// machine. For each benchmark case (ryrz, 4 and 9 qubits, L = 1–3, forward + `exact` backward),
// in turns: the kernel alone on one thread; the same call split over two (the app's runner);
// and the kernel alone on this thread while a plain worker runs the same kernel on its own
// windows, with no split and no hand-off. That last one is the ceiling: if each core slows down
// when the other works (shared caches, memory, clock), no split can beat 2 × that speed.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { compileCircuit } from '../../src/sim/circuit/circuitProgram';
import { mulberry32 } from '../../src/util/prng';
import {
  oneThread,
  programExpectZ,
  programExpectZGradients,
  type KernelRunner,
} from '../../src/sim/cpu/simdKernel';
import { startNodeKernelThreads } from '../../src/sim/cpu/simdThreadsNode';
import { intFlag, parseCli, runCli } from '../cli/args';
import { median } from '../bench/throughput';

const ROLE = 'resqunn-two-core-limit';

interface Job {
  readonly qubits: number;
  readonly depth: number;
  readonly windows: number;
  readonly repeats: number;
}

/** Seconds of each of `repeats` forward + backward passes (after one warm-up). */
function passes({ qubits, depth, windows, repeats }: Job, runner: KernelRunner): number[] {
  const program = compileCircuit({ family: 'ryrz', qubits, depth, structureSeed: 0 });
  const random = mulberry32(qubits * 100 + depth);
  const x = Float32Array.from({ length: windows * qubits }, random);
  const p = Float32Array.from({ length: program.paramCount }, () => random() * 2 * Math.PI);
  const dz = Float32Array.from({ length: windows * qubits }, () => random() - 0.5);
  const seconds: number[] = [];
  for (let r = 0; r <= repeats; r++) {
    const start = performance.now();
    programExpectZ(program, x, p, runner);
    programExpectZGradients(program, x, p, dz, 'exact', runner);
    if (r > 0) seconds.push((performance.now() - start) / 1000);
  }
  return seconds;
}

if (!isMainThread && parentPort && (workerData as { role?: string } | null)?.role === ROLE) {
  const port = parentPort;
  port.on('message', (job: Job) => port.postMessage(passes(job, oneThread())));
}

/** A plain worker running the kernel on its own (this file, through tsx as in simdThreadsNode.ts). */
async function startLoadWorker(): Promise<Worker> {
  const boot =
    `import('tsx/esm/api').then((tsx) => { tsx.register(); ` +
    `return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { role: ROLE } });
  await new Promise((resolve) => setTimeout(resolve, 1500)); // its module graph loads
  return worker;
}

async function main(): Promise<void> {
  const { values } = parseCli(
    { windows4: { type: 'string' }, windows9: { type: 'string' }, repeats: { type: 'string' } },
    'usage: npx tsx --import ./scripts/runtime/tfjsCoreLoader.mjs scripts/measure/twoCoreLimit.ts ' +
      '[--windows4 N] [--windows9 N] [--repeats N]',
  );
  const windows = {
    4: intFlag('windows4', values.windows4, 256, 1 << 22) ?? 65536,
    9: intFlag('windows9', values.windows9, 256, 1 << 20) ?? 8192,
  };
  const repeats = intFlag('repeats', values.repeats, 3, 100) ?? 7;
  const threads = await startNodeKernelThreads();
  const worker = await startLoadWorker();
  const load = (await import('node:os')).loadavg().map((l) => l.toFixed(2));
  process.stdout.write(
    `Medians of ${repeats} passes; windows ${windows[4]} (4 qubits), ${windows[9]} (9 qubits); ` +
      `load ${load.join(' ')}\n\n` +
      '| case | one thread (ms) | split over two (ms) | split speed-up | alone while the other core runs the kernel (ms) | ceiling 2 × alone / that |\n' +
      '|---|---|---|---|---|---|\n',
  );
  try {
    for (const qubits of [4, 9] as const) {
      for (const depth of [1, 2, 3]) {
        const job = { qubits, depth, windows: windows[qubits], repeats };
        const one: number[] = [];
        const split: number[] = [];
        // One thread and the split take turns, so both see the same machine.
        for (let r = 0; r < repeats; r++) {
          one.push(...passes({ ...job, repeats: 1 }, oneThread()));
          split.push(...passes({ ...job, repeats: 1 }, threads.runner));
        }
        // The worker runs longer than this thread, so every timed pass here has company.
        const other = new Promise((resolve) => worker.once('message', resolve));
        worker.postMessage({ ...job, repeats: repeats + 2 });
        const busy = passes(job, oneThread());
        await other;
        const ms = (s: number[]) => (median(s) * 1000).toFixed(1);
        process.stdout.write(
          `| quanv${qubits}_L${depth} | ${ms(one)} | ${ms(split)} | ` +
            `${(median(one) / median(split)).toFixed(2)}× | ${ms(busy)} | ` +
            `${((2 * median(one)) / median(busy)).toFixed(2)}× |\n`,
        );
      }
    }
  } finally {
    await worker.terminate();
    await threads.close();
  }
}

if (isMainThread) runCli(main);
