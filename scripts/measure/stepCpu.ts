// `npx tsx --import ./scripts/runtime/tfjsCoreLoader.mjs scripts/measure/stepCpu.ts [CONFIG]
//   [--threads 1|2]`: a training step's CPU time (the process's user + system time, every thread,
// over 30 steps after 5 warm-up steps) and its wall time, in Node with tfjs cpu. CPU time is what
// a loaded machine does not inflate: it is compared with the page's worker CPU a step that
// e2e/responsiveness.spec.ts reads from Chrome's trace.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadavg } from 'node:os';
import { measureStepBreakdown } from '../bench/stepBreakdown';
import { oneThread } from '../../src/sim/cpu/simdKernel';
import { startNodeKernelThreads } from '../../src/sim/cpu/simdThreadsNode';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const two = args.includes('--threads') && args[args.indexOf('--threads') + 1] === '2';
  const config =
    args.find((a) => a.includes('=') && !a.startsWith('--')) ?? 'n=2;k=2,2;d=3,3;a=basic,basic';
  tf.enableProdMode();
  await tf.setBackend('cpu');
  const threads = two ? await startNodeKernelThreads() : null;
  const runner = threads ? () => threads.runner : oneThread;
  await measureStepBreakdown(config, 16, 5, runner);
  const steps = 30;
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const r = await measureStepBreakdown(config, 16, steps, runner);
  const used = process.cpuUsage(cpu);
  const wallMs = performance.now() - wall;
  console.log(
    `${config}${two ? ', two kernel threads' : ''}: median step ${r.step_ms.toFixed(2)} ms wall; ` +
      `${((used.user + used.system) / 1000 / steps).toFixed(2)} ms CPU a step ` +
      `(${(wallMs / steps).toFixed(2)} ms wall a step over the whole call, set-up included); ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
  await threads?.close();
}

void main();
