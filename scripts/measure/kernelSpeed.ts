// `npx tsx --import ./scripts/runtime/tfjsCoreLoader.mjs scripts/measure/kernelSpeed.ts
//   [--family ryrz] [--windows4 16384] [--windows9 1024] [--repeats 7] [--threads 1,2]`
// The SIMD CPU kernel's speed straight on its typed-array API (programExpectZ and
// programExpectZGradients), no tfjs: windows/s of forward + backward (`exact`, and `measured`)
// for 4 and 9 qubits at L = 1–3, on one thread and on two (the Node worker_threads runner),
// medians of several repeats; then, on one thread, where a call's time goes: the kernel itself
// (the module's exports on data already in its memory) against what the host adds around it.
import {
  compileCircuit,
  CIRCUIT_FAMILIES,
  type CircuitProgram,
} from '../../src/sim/circuit/circuitProgram';
import * as simd from '../../src/sim/cpu/simdKernel';
import {
  kernelCoefficients,
  kernelProgram,
  type KernelPath,
} from '../../src/sim/cpu/kernelProgram';
import { rowsSource } from '../../src/sim/windows/windowSource';
import { Worker } from 'node:worker_threads';
import { startNodeKernelThreads } from '../../src/sim/cpu/simdThreadsNode';
import { mulberry32 } from '../../src/util/prng';
import { choiceFlag, intFlag, parseCli, runCli } from '../cli/args';
import { programFlops } from '../bench/flops';
import { median } from '../bench/throughput';

const USAGE =
  'usage: npx tsx --import ./scripts/runtime/tfjsCoreLoader.mjs scripts/measure/kernelSpeed.ts ' +
  '[--family ryrz|basic|strong|random] [--path auto|state|pauli] [--windows4 N] [--windows9 N] [--repeats N] [--threads 1|2|1,2] [--stat median|min] [--clock wall|cpu]';

interface Case {
  readonly program: CircuitProgram;
  readonly x: Float32Array;
  readonly params: Float32Array;
  readonly dz: Float32Array;
}

function makeCase(program: CircuitProgram, windows: number): Case {
  const random = mulberry32(program.qubits * 100 + program.depth);
  const n = program.qubits;
  return {
    program,
    x: Float32Array.from({ length: windows * n }, random),
    params: Float32Array.from({ length: program.paramCount }, () => random() * 2 * Math.PI),
    dz: Float32Array.from({ length: windows * n }, () => random() - 0.5),
  };
}

/** The kernel path measured (--path): the one kernelProgram picks, or one forced. */
let path: KernelPath = 'auto';

/** Whether the --path program exists (a forced Pauli path needs pauliGraph's conditions). */
function applies(program: CircuitProgram): boolean {
  try {
    kernelProgram(program, path);
    return true;
  } catch {
    return false;
  }
}

/** The kernel's entry points on the --path program. */
const expectZ = (program: CircuitProgram, c: Case, runner: simd.KernelRunner) =>
  simd.sourceExpectZ(program, rowsSource(c.x, program.qubits), c.params, runner, path);

const gradients = (
  program: CircuitProgram,
  c: Case,
  semantics: 'exact' | 'measured',
  runner: simd.KernelRunner,
) =>
  simd.sourceGradients(
    program,
    rowsSource(c.x, program.qubits),
    c.params,
    c.dz,
    semantics,
    runner,
    path,
  );

let statistic: (seconds: readonly number[]) => number = median;
/**
 * Wall-clock ms, or (--clock cpu, one thread only) this process's CPU ms: robust to other load,
 * but it also counts V8's own background threads (compilation, garbage collection).
 */
let clock = () => performance.now();

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * Seconds of `fn` over `repeats` timed runs after a warm-up, by `clock`, and the process's CPU
 * seconds (every thread) in the same runs: each their median (or --stat min).
 */
function measure(fn: () => void, repeats: number): { seconds: number; cpuSeconds: number } {
  // Warm up for 200 ms: V8 compiles a module's functions in the background on first use, and
  // --clock cpu would count that compilation against the first rows that call them.
  for (const end = performance.now() + 200; performance.now() < end;) fn();
  const s: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = clock();
    const cpuStart = cpuMs();
    fn();
    cpu.push((cpuMs() - cpuStart) / 1000);
    s.push((clock() - start) / 1000);
  }
  return { seconds: statistic(s), cpuSeconds: statistic(cpu) };
}

const time = (fn: () => void, repeats: number) => measure(fn, repeats).seconds;

const rate = (windows: number, seconds: number) =>
  `${(windows / seconds / 1e3).toFixed(0).padStart(6)}k`;

async function main(): Promise<void> {
  const { values } = parseCli(
    {
      family: { type: 'string' },
      windows4: { type: 'string' },
      windows9: { type: 'string' },
      repeats: { type: 'string' },
      threads: { type: 'string' },
      stat: { type: 'string' },
      clock: { type: 'string' },
      path: { type: 'string' },
    },
    USAGE,
  );
  const family = choiceFlag('family', values.family, CIRCUIT_FAMILIES) ?? 'ryrz';
  path = choiceFlag('path', values.path, ['auto', 'state', 'pauli']) ?? 'auto';
  const sizes = {
    4: intFlag('windows4', values.windows4, 4, 1 << 22) ?? 16384,
    9: intFlag('windows9', values.windows9, 4, 1 << 20) ?? 1024,
  };
  if (choiceFlag('stat', values.stat, ['median', 'min']) === 'min') {
    statistic = (seconds) => Math.min(...seconds);
  }
  const cpuClock = choiceFlag('clock', values.clock, ['wall', 'cpu']) === 'cpu';
  if (cpuClock) {
    clock = cpuMs;
  }
  const repeats = intFlag('repeats', values.repeats, 1, 100) ?? 7;
  const threadCounts = (values.threads ?? '1,2').split(',').map((t) => {
    if (t !== '1' && t !== '2') throw new Error(`--threads takes 1, 2 or 1,2 (got "${t}")`);
    return Number(t);
  });
  if (cpuClock && threadCounts.includes(2)) {
    throw new Error('--clock cpu counts every thread of the process: use it with --threads 1');
  }
  const two = threadCounts.includes(2) ? await startNodeKernelThreads() : null;
  if (two) {
    const ratio = await secondCoreRatio();
    process.stdout.write(
      `Second core: a busy loop takes ${ratio.toFixed(2)}× as long on two threads as on one ` +
        '(1.00: a free second core; 2.00: none). Load: ' +
        `${(await import('node:os'))
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}\n`,
    );
  }
  // The best of five: other load only ever lowers it.
  const peak = Math.max(...Array.from({ length: 5 }, () => simd.localKernel().peakGflops(2e7)));
  process.stdout.write(
    `SIMD peak ${peak.toFixed(1)} GFLOP/s; ${values.stat ?? 'median'} of runs, ${values.clock ?? 'wall'} clock; family ${family}; path ${path}; repeats ${repeats}; ` +
      `windows ${sizes[4]} (4 qubits), ${sizes[9]} (9 qubits)\n\n` +
      "| case | threads | forward | fwd+bwd exact | fwd+bwd measured | share of peak | 2t / 1t | CPU 2t / 1t | worker's units |\n" +
      '|---|---|---|---|---|---|---|---|---|\n',
  );
  for (const n of [4, 9] as const) {
    for (const depth of [1, 2, 3]) {
      const program = compileCircuit({ family, qubits: n, depth, structureSeed: 0 });
      if (!applies(program)) {
        process.stdout.write(`| quanv${n}_L${depth} | no ${path} path | | | | | | | |\n`);
        continue;
      }
      const c = makeCase(program, sizes[n]);
      const windows = sizes[n];
      let oneThreadBoth = { seconds: 0, cpuSeconds: 0 };
      for (const threads of threadCounts) {
        const runner = threads === 1 ? simd.oneThread() : two!.runner;
        const fwd = time(() => expectZ(program, c, runner), repeats);
        const both = (semantics: 'exact' | 'measured') =>
          measure(() => {
            expectZ(program, c, runner);
            gradients(program, c, semantics, runner);
          }, repeats);
        if (two) two.runner.workerChunks = two.runner.allChunks = 0;
        const exact = both('exact');
        const measured = both('measured').seconds;
        const workerShare =
          threads === 2 && two!.runner.allChunks
            ? `${((100 * two!.runner.workerChunks) / two!.runner.allChunks).toFixed(0)}%`
            : '';
        const flops = programFlops(program, kernelProgram(program, path));
        const share = ((windows / exact.seconds) * flops) / 1e9 / (threads * peak);
        if (threads === 1) oneThreadBoth = exact;
        const paired = threads === 2 && oneThreadBoth.seconds > 0;
        // Wall-clock speed-up, and the CPU the pair spends against one thread's: the overhead
        // of splitting, whatever the machine's other load (speed-up ≤ 2 / this on a quiet one).
        const speedup = paired ? (oneThreadBoth.seconds / exact.seconds).toFixed(2) : '';
        const cpuRatio = paired ? (exact.cpuSeconds / oneThreadBoth.cpuSeconds).toFixed(2) : '';
        process.stdout.write(
          `| quanv${n}_L${depth} | ${threads} | ${rate(windows, fwd)} | ` +
            `${rate(windows, exact.seconds)} | ${rate(windows, measured)} | ` +
            `${(100 * share).toFixed(0)}% | ${speedup} | ${cpuRatio} | ${workerShare} |\n`,
        );
      }
    }
  }
  if (two) {
    // The split's fixed cost per call: the smallest call that is split (four gradient chunks of
    // 16 blocks, 256 windows), forward, on two threads against one.
    const program = compileCircuit({ family, qubits: 4, depth: 1, structureSeed: 0 });
    const c = makeCase(program, 256);
    const [t1, t2] = [simd.oneThread(), two.runner].map((runner) =>
      time(() => expectZ(program, c, runner), Math.max(repeats, 50)),
    );
    process.stdout.write(
      `\nHand-off: a 256-window forward takes ${(t1 * 1e6).toFixed(0)} µs on one thread, ` +
        `${(t2 * 1e6).toFixed(0)} µs split over two\n`,
    );
    await two.close();
  }
  process.stdout.write(
    "\nOne thread, where a call goes (µs per call; kernel = the module's exports; host = the rest)\n\n" +
      '| case | windows | kernel fwd | kernel bwd exact | compile (once per program) | coefficients | copies + layout fwd | copies + layout bwd | gradients from the slot sums |\n' +
      '|---|---|---|---|---|---|---|---|---|\n',
  );
  for (const n of [4, 9] as const) {
    for (const depth of [1, 2, 3]) {
      const program = compileCircuit({ family, qubits: n, depth, structureSeed: 0 });
      if (!applies(program)) continue;
      const t = timeSplit(program, makeCase(program, sizes[n]), repeats);
      const us = (v: number) => v.toFixed(v < 10 ? 1 : 0);
      process.stdout.write(
        `| quanv${n}_L${depth} | ${sizes[n]} | ${us(t.kernelForward)} | ${us(t.kernelBackward)} | ` +
          `${us(t.compile)} | ${us(t.coefficients)} | ${us(t.copiesForward)} | ` +
          `${us(t.copiesBackward)} | ${us(t.reduction)} |\n`,
      );
    }
  }
}

/**
 * The one-thread call split: a SimdKernel whose module exports are wrapped to time the kernel
 * alone (the host's copies into and out of linear memory are the rest of SimdKernel's call), and
 * the program-level host steps timed on their own.
 */
function timeSplit(program: CircuitProgram, c: Case, repeats: number) {
  const kernel = new simd.SimdKernel();
  const exports = (
    kernel as unknown as { k: Record<'forward' | 'backward', (...a: number[]) => void> }
  ).k;
  const wrapped = { ...exports };
  let inKernel = 0;
  for (const name of ['forward', 'backward'] as const) {
    const raw = exports[name];
    wrapped[name] = (...args: number[]) => {
      const start = clock();
      raw(...args);
      inKernel += clock() - start;
    };
  }
  (kernel as unknown as { k: typeof wrapped }).k = wrapped;
  const kp = kernelProgram(program, path);
  const coef = kernelCoefficients(kp, c.params);
  const source = rowsSource(c.x, program.qubits);
  let slotSums: Float64Array = new Float64Array(0);
  /** µs per call in the kernel and around it, each the statistic over the repeats. */
  const split = (call: () => void) => {
    call();
    const kernelUs: number[] = [];
    const hostUs: number[] = [];
    for (let r = 0; r < repeats; r++) {
      inKernel = 0;
      const start = clock();
      call();
      const total = clock() - start;
      kernelUs.push(inKernel * 1000);
      hostUs.push((total - inKernel) * 1000);
    }
    return { kernel: statistic(kernelUs), host: statistic(hostUs) };
  };
  const us = (fn: () => void) => time(fn, repeats) * 1e6;
  // A fresh call object each time, as the entry points make: the kernel copies its inputs in.
  const forward = split(() =>
    kernel.forward({ program: kp, coef, source, dz: null, exact: false }),
  );
  const backward = split(() => {
    slotSums = kernel.backward({ program: kp, coef, source, dz: c.dz, exact: true }).slotSums;
  });
  const fresh = { ...program, gates: [...program.gates] };
  return {
    kernelForward: forward.kernel,
    kernelBackward: backward.kernel,
    copiesForward: forward.host,
    copiesBackward: backward.host,
    // A copy of the program each time: kernelProgram caches per program object.
    compile: us(() => kernelProgram({ ...fresh }, path)),
    coefficients: us(() => kernelCoefficients(kp, c.params)),
    reduction: us(() => simd.slotGradients(kp, slotSums, c.params)),
  };
}

/**
 * How free the second core is now: a busy loop's time on two threads (this one and a plain
 * worker) over its time on one, best of five. Two-thread speed-ups mean nothing without it.
 */
async function secondCoreRatio(): Promise<number> {
  const loop = 'let a = 1; for (let i = 0; i < 30000000; i++) a = (a + i) ^ (a >>> 3); return a;';
  const worker = new Worker(
    `const { parentPort } = require('node:worker_threads');
     parentPort.on('message', () => { const t = performance.now(); (() => { ${loop} })(); parentPort.postMessage(performance.now() - t); });`,
    { eval: true },
  );
  const spin = new Function(loop) as () => number;
  const busy = () => {
    const t = performance.now();
    spin();
    return performance.now() - t;
  };
  let one = Infinity,
    both = Infinity;
  for (let r = 0; r < 5; r++) {
    one = Math.min(one, busy());
    const other = new Promise<number>((resolve) => worker.once('message', resolve));
    worker.postMessage(0);
    const mine = busy();
    both = Math.min(both, Math.max(mine, await other));
  }
  await worker.terminate();
  return both / one;
}

runCli(main);
