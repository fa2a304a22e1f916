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
import { kernelModule, localKernel, SimdKernel, type KernelRunner } from './simdKernel';

/** What both runtimes' worker handles provide. */
export interface KernelPort {
  postMessage(message: unknown): void;
}

type Job =
  | { kind: 'init'; module: WebAssembly.Module }
  | {
      kind: 'forward' | 'backward';
      sab: SharedArrayBuffer;
      n: number;
      gates: number;
      /** Float32 element counts of the regions after the flag: codes, trig, x, dz, z|grads, dx. */
      sizes: number[];
    };

/** Below this many lane groups a call stays on one thread: the hand-off would cost more. */
const MIN_SPLIT_BLOCKS = 16;
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

/** The main side: splits each call in two; `port` is a started, ready kernel worker. */
export class TwoThreadRunner implements KernelRunner {
  readonly threads = 2;
  private sab = new SharedArrayBuffer(1 << 16);

  constructor(private readonly port: KernelPort) {}

  /** Posts the job, returns the worker's region views; await with `wait`. */
  private post(kind: 'forward' | 'backward', n: number, gates: number, sizes: number[]) {
    const bytes = 16 + sizes.reduce((a, b) => a + b, 0) * 4;
    if (bytes > this.sab.byteLength) this.sab = new SharedArrayBuffer(bytes * 2);
    const views = regions(this.sab, sizes);
    return { views, start: () => this.port.postMessage({ kind, sab: this.sab, n, gates, sizes }) };
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

  forward(codes: Int32Array, trig: Float32Array, n: number, x: Float32Array, z: Float32Array) {
    const blocks = Math.ceil(x.length / n / 4);
    if (blocks < MIN_SPLIT_BLOCKS) return localKernel().forward(codes, trig, n, x, z);
    const split = Math.ceil(blocks / 2) * 4 * n;
    const rest = x.length - split;
    const job = this.post('forward', n, trig.length / 2, [codes.length, trig.length, rest, rest]);
    const [c, t, xw, zw] = job.views;
    new Int32Array(c.buffer, c.byteOffset, c.length).set(codes);
    t.set(trig);
    xw.set(x.subarray(split));
    job.start();
    localKernel().forward(codes, trig, n, x.subarray(0, split), z.subarray(0, split));
    this.wait();
    z.set(zw, split);
  }

  backward(
    codes: Int32Array,
    trig: Float32Array,
    n: number,
    x: Float32Array,
    dz: Float32Array,
    gateGrads: Float32Array,
    dx: Float32Array | null,
  ) {
    const blocks = Math.ceil(x.length / n / 4);
    if (blocks < MIN_SPLIT_BLOCKS) {
      return localKernel().backward(codes, trig, n, x, dz, gateGrads, dx);
    }
    const gates = trig.length / 2;
    const splitBlocks = Math.ceil(blocks / 2);
    const split = splitBlocks * 4 * n;
    const rest = x.length - split;
    const gradSplit = splitBlocks * gates * 4;
    const job = this.post('backward', n, gates, [
      codes.length,
      trig.length,
      rest,
      rest,
      gateGrads.length - gradSplit,
      dx ? rest : 0,
    ]);
    const [c, t, xw, dzw, gw, dxw] = job.views;
    new Int32Array(c.buffer, c.byteOffset, c.length).set(codes);
    t.set(trig);
    xw.set(x.subarray(split));
    dzw.set(dz.subarray(split));
    job.start();
    localKernel().backward(
      codes,
      trig,
      n,
      x.subarray(0, split),
      dz.subarray(0, split),
      gateGrads.subarray(0, gradSplit),
      dx ? dx.subarray(0, split) : null,
    );
    this.wait();
    gateGrads.set(gw, gradSplit);
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
    const views = regions(job.sab, job.sizes);
    const [c, t, x, dzOrZ, grads, dx] = views;
    const codes = new Int32Array(c.buffer, c.byteOffset, c.length);
    if (job.kind === 'forward') kernel!.forward(codes, t, job.n, x, dzOrZ);
    else kernel!.backward(codes, t, job.n, x, dzOrZ, grads, dx.length ? dx : null);
    const flag = new Int32Array(job.sab, 0, 1);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  };
}
