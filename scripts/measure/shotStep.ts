// `npx tsx --import ./scripts/runtime/tfjsCoreLoader.mjs scripts/measure/shotStep.ts
//   [--config TEXT] [--shots N] [--steps N]`: what a finite-shots training step costs against the
// same step exact (issue 22: within 10×), and where its time goes: the exact circuits the
// parameter-shift rule needs (the wrapped simulator), the Binomial draws (shotEstimates), the
// rest of the preparation, the pass. Node, tfjs cpu, the CPU kernel on one thread, batch 16, medians over the steps; CPU time
// (this process's user + system) beside each wall time, as on a loaded machine only it compares.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Adam } from '../../src/model/adam';
import { parseConfigText } from '../../src/model/config/configText';
import { IMAGE_SIDE } from '../../src/model/config/config';
import { CLASSES, ResQuNN } from '../../src/model/network';
import { trainingStep } from '../../src/model/trainingStep';
import { createFusedCpuSimulator } from '../../src/sim/cpu/simdKernelOp';
import { shotEstimates, shotStream } from '../../src/sim/shots/binomial';
import { mulberry32 } from '../../src/util/prng';
import type { ArrayKernel, QuanvSimulator } from '../../src/sim/simulator';
import { median } from '../bench/throughput';
import { intFlag, parseCli, runCli } from '../cli/args';

const USAGE =
  'usage: npx tsx --import ./scripts/runtime/tfjsCoreLoader.mjs scripts/measure/shotStep.ts ' +
  '[--config TEXT] [--shots N] [--steps N]';

interface Clock {
  ms: number;
  /** CPU ms of the same calls. */
  cpu: number;
  /** Values the simulator returned: under shots, each is sampled once. */
  values: number;
}

/** The simulator, with the time its calls take (to the read-back of their values) added up. */
function timed(inner: QuanvSimulator, clock: Clock): QuanvSimulator {
  const wrap =
    <A extends unknown[]>(f: (...a: A) => tf.Tensor) =>
    (...a: A) => {
      const t = performance.now();
      const c = cpuMs();
      const r = f(...a);
      r.dataSync();
      clock.ms += performance.now() - t;
      clock.cpu += cpuMs() - c;
      clock.values += r.size;
      return r;
    };
  const arrays = inner.arrays;
  return {
    ...inner,
    // The preparation's typed-array path (the fused CPU kernel's); the exact step's calls too.
    arrays: arrays && {
      ...arrays,
      expectZ: (...a: Parameters<ArrayKernel['expectZ']>) => {
        const t = performance.now();
        const c = cpuMs();
        const r = arrays.expectZ(...a);
        clock.ms += performance.now() - t;
        clock.cpu += cpuMs() - c;
        clock.values += r.length;
        return r;
      },
    },
    expectZ: wrap(inner.expectZ.bind(inner)) as QuanvSimulator['expectZ'],
    expectZSets: inner.expectZSets
      ? (wrap(inner.expectZSets.bind(inner)) as NonNullable<QuanvSimulator['expectZSets']>)
      : undefined,
  };
}

/** This process's CPU time so far, in ms. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Medians per step: wall, CPU, the circuits' wall and CPU, values sampled, prepareShots' CPU. */
async function stepMs(config: string, steps: number, clock: Clock): Promise<number[]> {
  const parsed = parseConfigText(config);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  const model = new ResQuNN(parsed.config, timed(createFusedCpuSimulator(), clock));
  const optimizer = new Adam(0.01);
  let prepareCpu = 0;
  const prepare = model.prepareShots.bind(model);
  model.prepareShots = async (...a) => {
    const c = cpuMs();
    await prepare(...a);
    prepareCpu += cpuMs() - c;
  };
  const random = mulberry32(5);
  const batch = 16;
  const images = tf.tensor4d(
    Float32Array.from({ length: batch * IMAGE_SIDE * IMAGE_SIDE }, random),
    [batch, IMAGE_SIDE, IMAGE_SIDE, 1],
  );
  const labels = tf.tensor1d(
    Array.from({ length: batch }, (_, i) => i % CLASSES),
    'int32',
  );
  const oneHot = tf.oneHot(labels, CLASSES) as tf.Tensor2D;
  const columns: number[][] = [[], [], [], [], [], []];
  for (let s = 0; s <= steps; s++) {
    clock.ms = 0;
    clock.cpu = 0;
    clock.values = 0;
    prepareCpu = 0;
    const t = performance.now();
    const c = cpuMs();
    await trainingStep(model, optimizer, images, oneHot);
    const row = [performance.now() - t, cpuMs() - c, clock.ms, clock.cpu, clock.values, prepareCpu];
    if (s > 0) row.forEach((v, i) => columns[i].push(v));
  }
  model.dispose();
  tf.dispose([images, labels, oneHot]);
  return columns.map(median);
}

async function main(): Promise<void> {
  const { values } = parseCli(
    { config: { type: 'string' }, shots: { type: 'string' }, steps: { type: 'string' } },
    USAGE,
  );
  const config = values.config ?? 'n=2;k=2,2;d=3,3;a=basic,basic';
  const shots = intFlag('shots', values.shots, 1, 1_000_000) ?? 100;
  const steps = intFlag('steps', values.steps, 1, 10_000) ?? 10;
  tf.enableProdMode();
  await tf.setBackend('cpu');
  const clock = { ms: 0, cpu: 0, values: 0 };
  const [exact, exactCpu] = await stepMs(config, steps, clock);
  const [withShots, shotsCpu, kernel, kernelCpu, count, prepareCpu] = await stepMs(
    `${config};shots=${shots}`,
    steps,
    clock,
  );
  // The draws alone: as many as the step makes, from exact values spread over [−1, 1].
  const z = Float32Array.from({ length: count }, mulberry32(3)).map((v) => 2 * v - 1);
  const t = performance.now();
  const c = cpuMs();
  shotEstimates(z, shots, shotStream(9));
  const draws = performance.now() - t;
  const drawsCpu = cpuMs() - c;
  const ms = (wall: number, cpu: number) => `${wall.toFixed(1)} ms (CPU ${cpu.toFixed(1)})`;
  console.log(
    `${config}: exact step ${ms(exact, exactCpu)}; shots=${shots} step ${ms(withShots, shotsCpu)} ` +
      `(${(withShots / exact).toFixed(1)}×, CPU ${(shotsCpu / exactCpu).toFixed(1)}×): ` +
      `exact circuits ${ms(kernel, kernelCpu)}, preparation in all CPU ${prepareCpu.toFixed(1)}, ` +
      `${count} Binomial draws alone ${ms(draws, drawsCpu)}`,
  );
  // The step's CPU time by part: the circuits and the draws (the same count alone) inside the
  // preparation, the rest of it (windows, tensors, the layers' outputs), the pass after it.
  const rest = prepareCpu - kernelCpu - drawsCpu;
  console.log(
    `CPU by part: circuits ${kernelCpu.toFixed(1)}, draws ~${drawsCpu.toFixed(1)}, rest of the ` +
      `preparation ~${rest.toFixed(1)}, the pass (forward, backward, update) ` +
      `${(shotsCpu - prepareCpu).toFixed(1)} ms`,
  );
}

runCli(main);
