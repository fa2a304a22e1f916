// `npx tsx --import ./scripts/runtime/tfjsCoreLoader.mjs scripts/measure/stepBreakdown.ts
//   [--config TEXT]... [--steps N] [--threads 1|2]`: where a training step's time goes (the
// bench's step_breakdown, scripts/bench/stepBreakdown.ts) for each configuration given, by default
// the benchmark's experiment (ryrz, L = 1) and the app's default circuit (basic, L = 3). Node,
// tfjs cpu, one kernel thread (or two), batch 16; medians over the steps.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { measureStepBreakdown } from '../bench/stepBreakdown';
import { choiceFlag, intFlag, parseCli, runCli } from '../cli/args';
import { oneThread } from '../../src/sim/cpu/simdKernel';
import { startNodeKernelThreads } from '../../src/sim/cpu/simdThreadsNode';

const USAGE =
  'usage: npx tsx --import ./scripts/runtime/tfjsCoreLoader.mjs scripts/measure/stepBreakdown.ts ' +
  '[--config TEXT]... [--steps N] [--threads 1|2]';
const DEFAULTS = ['n=2;k=2,2;e=1-2', 'n=2;k=2,2;d=3,3;a=basic,basic;e=1-2'];

async function main(): Promise<void> {
  const { values } = parseCli(
    {
      config: { type: 'string', multiple: true },
      steps: { type: 'string' },
      threads: { type: 'string' },
    },
    USAGE,
  );
  const steps = intFlag('steps', values.steps, 5, 10_000) ?? 200;
  const two = choiceFlag('threads', values.threads, ['1', '2']) === '2';
  tf.enableProdMode();
  await tf.setBackend('cpu');
  const threads = two ? await startNodeKernelThreads() : null;
  for (const config of values.config ?? DEFAULTS) {
    const r = await measureStepBreakdown(
      config,
      16,
      steps,
      threads ? () => threads.runner : oneThread,
    );
    const ms = (v: number) => v.toFixed(2);
    console.log(
      `${config}: step ${ms(r.step_ms)} ms; kernel forward ${ms(r.kernel_forward_ms)}, ` +
        `backward ${ms(r.kernel_backward_ms)}; windows ${ms(r.window_extraction_ms)}, residual ` +
        `sums and channel mean ${ms(r.residual_sums_and_channel_mean_ms)}, head ${ms(r.head_ms)}, ` +
        `Adam ${ms(r.optimizer_ms)}, read-back ${ms(r.read_back_ms)}; outside the kernel ` +
        `${ms(r.outside_kernel_ms)} ms (${(100 * r.outside_kernel_share).toFixed(0)}%)` +
        (threads ? '; kernel on two threads' : ''),
    );
  }
  await threads?.close();
}

runCli(main);
