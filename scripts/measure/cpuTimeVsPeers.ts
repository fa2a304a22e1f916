// `npx tsx --import ./scripts/runtime/tfjsCoreLoader.mjs scripts/measure/cpuTimeVsPeers.ts
//   [--quick]`: the bench's throughput cases (patch-circuits with their full gradient) per second of
// CPU time, the CPU kernel on one thread against the Python peers (scripts/bench/peers/), one
// thread each. On a shared machine the wall-clock rates of `npm run bench` move with the other
// processes' load, section by section; CPU time moves much less (it still feels shared caches and
// the sibling hyper-thread). Same cases, same windows, same cotangent-style pass as the bench.
import * as tf from '@tensorflow/tfjs';
import { compileCircuit } from '../../src/sim/circuit/circuitProgram';
import { mulberry32 } from '../../src/util/prng';
import { oneThread } from '../../src/sim/cpu/simdKernel';
import { createFusedCpuSimulator } from '../../src/sim/cpu/simdKernelOp';
import { quietTfjs } from '../../src/engine/nodeHost';
import { benchCases, type BenchCase } from '../bench/cases';
import { median } from '../bench/throughput';
import { PEERS, peerThroughput, peerUnavailable } from '../bench/peers/python';
import { parseCli, runCli } from '../cli/args';

const USAGE =
  'usage: npx tsx --import ./scripts/runtime/tfjsCoreLoader.mjs scripts/measure/cpuTimeVsPeers.ts [--quick]';

/** Windows per CPU second of this process, forward + backward, one kernel thread. */
async function oursPerCpuSecond(c: BenchCase, windows: number): Promise<number> {
  const fused = createFusedCpuSimulator(oneThread);
  const random = mulberry32(c.qubits * 100 + c.depth);
  const x = tf.tensor2d(Float32Array.from({ length: windows * c.qubits }, random), [
    windows,
    c.qubits,
  ]);
  const params = tf.tensor3d(
    Float32Array.from({ length: c.depth * c.qubits * 2 }, () => random() * 2 * Math.PI),
    [c.depth, c.qubits, 2],
  );
  const dz = tf.tensor2d(
    Float32Array.from({ length: windows * c.qubits }, () => random() - 0.5),
    [windows, c.qubits],
  );
  const program = compileCircuit({
    family: 'ryrz',
    qubits: c.qubits,
    depth: c.depth,
    structureSeed: 0,
  });
  const gradients = tf.grads((w: tf.Tensor, p: tf.Tensor) =>
    fused.expectZ(program, w as tf.Tensor2D, p as tf.Tensor3D, 'exact'),
  );
  const seconds: number[] = [];
  for (let r = 0; r <= c.repeats; r++) {
    const start = process.cpuUsage();
    const [gx, gp] = gradients([x, params], dz);
    await Promise.all([gx.data(), gp.data()]);
    tf.dispose([gx, gp]);
    const used = process.cpuUsage(start);
    if (r > 0) seconds.push((used.user + used.system) / 1e6);
  }
  tf.dispose([x, params, dz]);
  return windows / median(seconds);
}

async function main(): Promise<void> {
  const { values } = parseCli({ quick: { type: 'boolean' } }, USAGE);
  const cases = benchCases(values.quick ?? false);
  quietTfjs();
  await tf.setBackend('cpu');
  const rows: Record<string, Record<string, number>> = {};
  for (const c of cases) rows[c.key] = { ours: await oursPerCpuSecond(c, c.windows * 16) };
  for (const peer of PEERS) {
    const why = peerUnavailable(peer);
    if (why) {
      console.log(`${peer} skipped: ${why}`);
      continue;
    }
    const { cpu_rates } = peerThroughput(peer, cases, 16);
    for (const c of cases) rows[c.key][peer] = cpu_rates[c.key];
  }
  const fmt = (v: number | undefined) => (v == null ? 'n/a' : Math.round(v).toLocaleString('en'));
  console.log('| case | CPU kernel, 1 thread | torch | jax | kernel / best peer |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const c of cases) {
    const r = rows[c.key];
    const best = Math.max(r.torch ?? 0, r.jax ?? 0);
    const ratio = best > 0 ? `${(r.ours / best).toFixed(1)}×` : 'n/a';
    console.log(`| ${c.key} | ${fmt(r.ours)} | ${fmt(r.torch)} | ${fmt(r.jax)} | ${ratio} |`);
  }
}

runCli(main);
