// `npx tsx --import ./scripts/testing/tfjsCoreLoader.mjs scripts/measure/kernelSpeed.ts
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
} from '../../src/sim/circuitProgram';
import * as simd from '../../src/sim/simdKernel';
import { startNodeKernelThreads } from '../../src/sim/simdThreadsNode';
import { mulberry32 } from '../../src/sim/prng';
import { choiceFlag, intFlag, parseCli, runCli } from '../cli/args';
import { programFlops } from '../bench/flops';
import { median } from '../bench/throughput';

const USAGE =
  'usage: npx tsx --import ./scripts/testing/tfjsCoreLoader.mjs scripts/measure/kernelSpeed.ts ' +
  '[--family ryrz|basic|strong|random] [--windows4 N] [--windows9 N] [--repeats N] [--threads 1|2|1,2] [--stat median|min] [--clock wall|cpu]';

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

let statistic: (seconds: readonly number[]) => number = median;
/** Wall-clock ms, or (--clock cpu, one thread only) this process's CPU ms: robust to other load. */
let clock = () => performance.now();

/** Seconds of `fn` over `repeats` timed runs after one warm-up: their median (or --stat min). */
function time(fn: () => void, repeats: number): number {
  fn();
  const s: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = clock();
    fn();
    s.push((clock() - start) / 1000);
  }
  return statistic(s);
}

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
    },
    USAGE,
  );
  const family = choiceFlag('family', values.family, CIRCUIT_FAMILIES) ?? 'ryrz';
  const sizes = {
    4: intFlag('windows4', values.windows4, 4, 1 << 22) ?? 16384,
    9: intFlag('windows9', values.windows9, 4, 1 << 20) ?? 1024,
  };
  if (choiceFlag('stat', values.stat, ['median', 'min']) === 'min') {
    statistic = (seconds) => Math.min(...seconds);
  }
  const cpuClock = choiceFlag('clock', values.clock, ['wall', 'cpu']) === 'cpu';
  if (cpuClock) {
    clock = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
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
  const peak = simd.localKernel().peakGflops(50_000_000);
  process.stdout.write(
    `SIMD peak ${peak.toFixed(1)} GFLOP/s; ${values.stat ?? 'median'} of runs, ${values.clock ?? 'wall'} clock; family ${family}; repeats ${repeats}; ` +
      `windows ${sizes[4]} (4 qubits), ${sizes[9]} (9 qubits)\n\n` +
      '| case | threads | forward | fwd+bwd exact | fwd+bwd measured | share of peak | 2t / 1t |\n' +
      '|---|---|---|---|---|---|---|\n',
  );
  for (const n of [4, 9] as const) {
    for (const depth of [1, 2, 3]) {
      const program = compileCircuit({ family, qubits: n, depth, structureSeed: 0 });
      const c = makeCase(program, sizes[n]);
      const windows = sizes[n];
      let oneThreadBoth = 0;
      for (const threads of threadCounts) {
        const runner = threads === 1 ? simd.oneThread() : two!.runner;
        const fwd = time(() => simd.programExpectZ(program, c.x, c.params, runner), repeats);
        const both = (semantics: 'exact' | 'measured') =>
          time(() => {
            simd.programExpectZ(program, c.x, c.params, runner);
            simd.programExpectZGradients(program, c.x, c.params, c.dz, semantics, runner);
          }, repeats);
        const exact = both('exact');
        const measured = both('measured');
        const share = ((windows / exact) * programFlops(program)) / 1e9 / (threads * peak);
        if (threads === 1) oneThreadBoth = exact;
        const speedup = threads === 2 && oneThreadBoth ? (oneThreadBoth / exact).toFixed(2) : '';
        process.stdout.write(
          `| quanv${n}_L${depth} | ${threads} | ${rate(windows, fwd)} | ${rate(windows, exact)} | ` +
            `${rate(windows, measured)} | ${(100 * share).toFixed(0)}% | ${speedup} |\n`,
        );
      }
    }
  }
  if (two) await two.close();
  const split = (simd as Partial<{ kernelTimeSplit: KernelTimeSplit }>).kernelTimeSplit;
  if (!split) return;
  process.stdout.write(
    '\nOne thread, where a call goes (ms per call, medians): ' +
      'host = compile + trig + copies + reduction around the kernel\n\n' +
      '| case | kernel fwd | kernel bwd exact | programCodes | gateTrig | copies+layout fwd | copies+layout bwd | gradient reduction |\n' +
      '|---|---|---|---|---|---|---|---|\n',
  );
  for (const n of [4, 9] as const) {
    for (const depth of [1, 2, 3]) {
      const program = compileCircuit({ family, qubits: n, depth, structureSeed: 0 });
      const c = makeCase(program, sizes[n]);
      const t = split(program, c.x, c.params, c.dz, (fn) => time(fn, repeats) * 1000);
      process.stdout.write(
        `| quanv${n}_L${depth} | ${t.kernelForward.toFixed(2)} | ${t.kernelBackward.toFixed(2)} | ` +
          `${t.compile.toFixed(3)} | ${t.trig.toFixed(3)} | ${t.copiesForward.toFixed(2)} | ` +
          `${t.copiesBackward.toFixed(2)} | ${t.reduction.toFixed(2)} |\n`,
      );
    }
  }
}

type KernelTimeSplit = (
  program: CircuitProgram,
  x: Float32Array,
  params: Float32Array,
  dz: Float32Array,
  time: (fn: () => void) => number,
) => {
  kernelForward: number;
  kernelBackward: number;
  compile: number;
  trig: number;
  copiesForward: number;
  copiesBackward: number;
  reduction: number;
};

runCli(main);
