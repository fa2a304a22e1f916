/*
 * Two threads for the SIMD CPU kernel: this thread runs the first half of each call's lane
 * groups, a kernel worker the second, over a SharedArrayBuffer; this thread blocks on
 * Atomics.wait until the worker is done (allowed in Node and in a Web Worker, where the engine
 * runs; never on a page's main thread). Each half runs the same kernel code on the same
 * four-window blocks, and the per-block gradients are summed in block order afterwards
 * (reduceGateGradients), so results are bit-identical to one thread.
 *
 * The worker side is `serveKernel`; simdThreadsNode.ts (worker_threads) and
 * simdWorker.browser.ts (a Web Worker) wire it to their runtimes.
 */
import {
  CHUNK_BLOCKS,
  kernelModule,
  localKernel,
  SimdKernel,
  type KernelCodes,
  type KernelRunner,
} from './simdKernel';

/** What both runtimes' worker handles provide. */
export interface KernelPort {
  postMessage(message: unknown): void;
}

type Job =
  | { kind: 'init'; module: WebAssembly.Module }
  | {
      kind: 'forward' | 'backward';
      sab: SharedArrayBuffer;
      program: { id: number; qubits: number; slots: number };
      /** Float32 element counts of the regions after the flag: codes, coef, x, dz|z, grads, dx. */
      sizes: number[];
    };

/** Below two gradient chunks a call stays on one thread: the hand-off would cost more. */
const MIN_SPLIT_BLOCKS = 2 * CHUNK_BLOCKS;
/** A worker that takes this long on one half-call is taken for dead. */
const WORKER_TIMEOUT_MS = 60_000;

function regions(sab: SharedArrayBuffer, sizes: readonly number[]) {
  let at = 16; // the flag (Int32 at 0), padded
  return sizes.map((s) => {
    const view = new Float32Array(sab, at, s);
    at += s * 4;
    return view;
  });
}

/** The blocks of this thread's half: whole gradient chunks, the first half rounded up. */
function splitBlocks(blocks: number): number {
  return Math.ceil(Math.ceil(blocks / CHUNK_BLOCKS) / 2) * CHUNK_BLOCKS;
}

/** The main side: splits each call in two; `port` is a started, ready kernel worker. */
export class TwoThreadRunner implements KernelRunner {
  readonly threads = 2;
  private sab = new SharedArrayBuffer(1 << 16);

  constructor(private readonly port: KernelPort) {}

  /** Region views for a job with the program's codes in place; `start` posts it. */
  private post(kind: 'forward' | 'backward', program: KernelCodes, sizes: number[]) {
    const all = [program.codes.length, ...sizes];
    const bytes = 16 + all.reduce((a, b) => a + b, 0) * 4;
    if (bytes > this.sab.byteLength) this.sab = new SharedArrayBuffer(bytes * 2);
    const views = regions(this.sab, all);
    const c = views[0];
    new Int32Array(c.buffer, c.byteOffset, c.length).set(program.codes);
    const { id, qubits, slots } = program;
    const job = { kind, sab: this.sab, program: { id, qubits, slots }, sizes: all };
    return { views: views.slice(1), start: () => this.port.postMessage(job) };
  }

  private wait() {
    const flag = new Int32Array(this.sab, 0, 1);
    const deadline = performance.now() + WORKER_TIMEOUT_MS;
    while (Atomics.load(flag, 0) === 0) {
      Atomics.wait(flag, 0, 0, 1000);
      if (performance.now() > deadline && Atomics.load(flag, 0) === 0) {
        this.failed = true;
        throw new Error(
          `The CPU kernel's second thread did not answer within ${WORKER_TIMEOUT_MS / 1000} s; ` +
            'later steps run on one thread. Reload to try two threads again.',
        );
      }
    }
    Atomics.store(flag, 0, 0);
  }

  /** Set when the worker failed: callers then use one thread. */
  failed = false;

  forward(program: KernelCodes, coef: Float32Array, x: Float32Array, z: Float32Array) {
    const n = program.qubits;
    const blocks = Math.ceil(x.length / n / 4);
    if (blocks < MIN_SPLIT_BLOCKS) return localKernel().forward(program, coef, x, z);
    const split = splitBlocks(blocks) * 4 * n;
    const rest = x.length - split;
    const job = this.post('forward', program, [coef.length, rest, rest]);
    const [c, xw, zw] = job.views;
    c.set(coef);
    xw.set(x.subarray(split));
    job.start();
    localKernel().forward(program, coef, x.subarray(0, split), z.subarray(0, split));
    this.wait();
    z.set(zw, split);
  }

  backward(
    program: KernelCodes,
    coef: Float32Array,
    x: Float32Array,
    dz: Float32Array,
    chunkGrads: Float32Array,
    dx: Float32Array | null,
  ) {
    const n = program.qubits;
    const blocks = Math.ceil(x.length / n / 4);
    if (blocks < MIN_SPLIT_BLOCKS) {
      return localKernel().backward(program, coef, x, dz, chunkGrads, dx);
    }
    const splitAt = splitBlocks(blocks);
    const split = splitAt * 4 * n;
    const rest = x.length - split;
    const gradSplit = (splitAt / CHUNK_BLOCKS) * program.slots * 4;
    const job = this.post('backward', program, [
      coef.length,
      rest,
      rest,
      chunkGrads.length - gradSplit,
      dx ? rest : 0,
    ]);
    const [c, xw, dzw, gw, dxw] = job.views;
    c.set(coef);
    xw.set(x.subarray(split));
    dzw.set(dz.subarray(split));
    job.start();
    localKernel().backward(
      program,
      coef,
      x.subarray(0, split),
      dz.subarray(0, split),
      chunkGrads.subarray(0, gradSplit),
      dx ? dx.subarray(0, split) : null,
    );
    this.wait();
    chunkGrads.set(gw, gradSplit);
    if (dx) dx.set(dxw, split);
  }
}

/** The message that starts a kernel worker: the compiled module (cloneable, not recompiled). */
export function initMessage(): Job {
  return { kind: 'init', module: kernelModule() };
}

/**
 * The worker side: answers `init` with 'ready' (through `reply`), then runs each job on its own
 * kernel instance and raises the job's flag.
 */
export function serveKernel(reply: (message: string) => void): (job: Job) => void {
  let kernel: SimdKernel | null = null;
  return (job) => {
    if (job.kind === 'init') {
      kernel = new SimdKernel(job.module);
      reply('ready');
      return;
    }
    const [c, coef, x, dzOrZ, grads, dx] = regions(job.sab, job.sizes);
    const program = { ...job.program, codes: new Int32Array(c.buffer, c.byteOffset, c.length) };
    if (job.kind === 'forward') kernel!.forward(program, coef, x, dzOrZ);
    else kernel!.backward(program, coef, x, dzOrZ, grads, dx.length ? dx : null);
    const flag = new Int32Array(job.sab, 0, 1);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  };
}
