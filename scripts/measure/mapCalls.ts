// `npx tsx --import ./scripts/runtime/tfjsCoreLoader.mjs scripts/measure/mapCalls.ts
//   [--family ryrz] [--depth 1] [--calls 400]`: the CPU kernel's calls on a training step's
// feature maps (batch 16, 14×14, k = 2, stride 1, `same`): the first layer's one-channel map
// and the second's four-channel one, forward and backward (∂/∂x only for the second, as a
// training step asks), one thread, each call timed `--calls` times: the least and the median, in
// µs. For comparing kernel builds call by call, run it alternately on each.
import { compileCircuit, CIRCUIT_FAMILIES } from '../../src/sim/circuit/circuitProgram';
import { localKernel, sourceExpectZ, sourceGradients } from '../../src/sim/cpu/simdKernel';
import { mapSource } from '../../src/sim/windows/windowSource';
import { mulberry32 } from '../../src/util/prng';
import { median } from '../bench/throughput';
import { choiceFlag, intFlag, parseCli, runCli } from '../cli/args';

const USAGE =
  'usage: npx tsx --import ./scripts/runtime/tfjsCoreLoader.mjs scripts/measure/mapCalls.ts ' +
  '[--family ryrz|basic|strong|random|randomlayers] [--depth 1-3] [--calls N]';

/** µs of `run`, `calls` times: the least and the median. */
function timed(calls: number, run: () => unknown): string {
  const us: number[] = [];
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    run();
    us.push((performance.now() - start) * 1000);
  }
  return `least ${Math.min(...us).toFixed(0)}, median ${median(us).toFixed(0)}`;
}

async function main(): Promise<void> {
  const { values } = parseCli(
    { family: { type: 'string' }, depth: { type: 'string' }, calls: { type: 'string' } },
    USAGE,
  );
  const family = choiceFlag('family', values.family, CIRCUIT_FAMILIES) ?? 'ryrz';
  const depth = intFlag('depth', values.depth, 1, 3) ?? 1;
  const calls = intFlag('calls', values.calls, 1, 100_000) ?? 400;
  const program = compileCircuit({ family, qubits: 4, depth, structureSeed: 0 });
  const random = mulberry32(1);
  const params = Float32Array.from({ length: program.paramCount }, () => random() * 6.28);
  const runner = localKernel();
  console.log(`${family}, L = ${depth}, one thread, ${calls} calls each (µs):`);
  for (const channels of [1, 4]) {
    const map = Float32Array.from({ length: 16 * 14 * 14 * channels }, () => random());
    const source = mapSource(map, [16, 14, 14, channels], 2, 1, 'same');
    const dz = Float32Array.from({ length: 16 * 14 * 14 * 4 }, () => random() - 0.5);
    const gradient = channels === 4 ? 'exact' : 'measured';
    const forward = timed(calls, () => sourceExpectZ(program, source, params, runner));
    const backward = timed(calls, () =>
      sourceGradients(program, source, params, dz, gradient, runner),
    );
    console.log(
      `  [16, 14, 14, ${channels}]: forward ${forward}; backward (${gradient}) ${backward}`,
    );
  }
}

runCli(main);
