// `npx tsx --import ./scripts/runtime/tfjsCoreLoader.mjs scripts/measure/epochCalls.ts
//   [--config TEXT] [--epochs N] [--threads 1|2]`: where an epoch's time goes in Node (the
// bench's epoch, scripts/bench/epoch.ts, by default its experiment): each CPU-kernel call timed
// around the runner, grouped by kind and size (blocks of four windows; ∂/∂x marked), and the
// rest of the epoch. One whole epoch runs untimed first, as in the bench.
import { median } from '../bench/throughput';
import { choiceFlag, intFlag, parseCli, runCli } from '../cli/args';
import { nodeHost } from '../../src/engine/nodeHost';
import { runInNode } from '../../src/engine/nodeRunner';
import { callBlocks, SimdKernel, type KernelCall } from '../../src/sim/cpu/simdKernel';
import { TwoThreadRunner } from '../../src/sim/cpu/simdThreads';

const USAGE =
  'usage: npx tsx --import ./scripts/runtime/tfjsCoreLoader.mjs scripts/measure/epochCalls.ts ' +
  '[--config TEXT] [--epochs N] [--threads 1|2]';

/** Times every call of `method` on the runner class's prototype into `into` while `on()`. */
function timeCalls(
  proto: Record<'forward' | 'backward', (call: KernelCall) => unknown>,
  method: 'forward' | 'backward',
  on: () => boolean,
  into: Map<string, number[]>,
): void {
  const run = proto[method];
  proto[method] = function (this: unknown, call: KernelCall) {
    if (!on()) return run.call(this, call);
    const start = performance.now();
    const result = run.call(this, call);
    const key = `${method} ${callBlocks(call).blocks}${call.exact ? ' ∂/∂x' : ''}`;
    const times = into.get(key) ?? into.set(key, []).get(key)!;
    times.push(performance.now() - start);
    return result;
  };
}

async function main(): Promise<void> {
  const { values } = parseCli(
    { config: { type: 'string' }, epochs: { type: 'string' }, threads: { type: 'string' } },
    USAGE,
  );
  const config = values.config ?? 'n=2;k=2,2;e=1-2';
  const epochs = intFlag('epochs', values.epochs, 1, 1000) ?? 15;
  const threads = choiceFlag('threads', values.threads, ['1', '2']) === '2' ? 2 : 1;
  const calls = new Map<string, number[]>();
  let timing = false;
  const proto = (threads === 2 ? TwoThreadRunner : SimdKernel).prototype as unknown as Record<
    'forward' | 'backward',
    (call: KernelCall) => unknown
  >;
  timeCalls(proto, 'forward', () => timing, calls);
  timeCalls(proto, 'backward', () => timing, calls);
  const host = nodeHost({ threads });
  await runInNode(host, config);
  const seconds: number[] = [];
  timing = true;
  for (let e = 0; e < epochs; e++) {
    const start = performance.now();
    await runInNode(host, config);
    seconds.push(performance.now() - start);
  }
  timing = false;
  let kernel = 0;
  console.log(`${config}, ${threads} kernel thread(s), ${epochs} epochs after one untimed:`);
  for (const [key, times] of [...calls].sort()) {
    const perEpoch = times.reduce((a, b) => a + b, 0) / epochs;
    kernel += perEpoch;
    console.log(
      `  ${key.padEnd(20)} ${(times.length / epochs).toFixed(0).padStart(4)} a epoch, median ` +
        `${(median(times) * 1000).toFixed(0).padStart(6)} µs, ${perEpoch.toFixed(1)} ms an epoch`,
    );
  }
  const mean = seconds.reduce((a, b) => a + b, 0) / epochs;
  console.log(
    `  epoch: median ${median(seconds).toFixed(1)} ms, mean ${mean.toFixed(1)}; kernel calls ` +
      `${kernel.toFixed(1)} ms an epoch (of the mean), the rest ${(mean - kernel).toFixed(1)}`,
  );
}

runCli(main);
