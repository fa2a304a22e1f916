/*
 * Two threads for the SIMD CPU kernel: this thread runs the first half of each call's gradient
 * chunks, a kernel worker the second, over a SharedArrayBuffer. Each half runs the same kernel
 * code on the same four-window blocks, and the per-chunk gradients are summed in chunk order
 * afterwards (reduceChunkGradients), so results are bit-identical to one thread.
 *
 * The hand-off goes through a shared control block, not a message per call: between jobs the
 * worker is parked in Atomics.wait on the job counter, so a job is a store and a futex wake
 * (tens of µs cheaper than a message through the worker's event loop, which matters at a
 * training step's few thousand windows). After PARK_MS without a job the worker returns to its
 * event loop (so it can be terminated and receive messages), and the next job wakes it with a
 * message. This thread blocks on Atomics.wait until the worker is done (allowed in Node and in a
 * Web Worker, where the engine runs; never on a page's main thread).
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

type Message =
  | { kind: 'init'; module: WebAssembly.Module; control: SharedArrayBuffer }
  /** A new data buffer (generation `generation`), then a look at the job counter. */
  | { kind: 'buffer'; generation: number; sab: SharedArrayBuffer }
  /** The worker left its wait: look at the job counter. */
  | { kind: 'wake' };

// The control block (Int32): the job counter, the last job done, where the worker is, then the
// job: its kind, data buffer generation, program id, qubits, slots, and the region sizes.
const SEQ = 0;
const DONE = 1;
const STATE = 2;
const KIND = 3;
const GENERATION = 4;
const PROGRAM = 5;
const SIZES = 8;
const REGIONS = 6; // codes, coef, x, dz|z, grads, dx
const CONTROL_INTS = SIZES + REGIONS;
const PARKED = 0;
const AWAY = 1;
const FORWARD = 1;
const BACKWARD = 2;

/** Below two gradient chunks a call stays on one thread: the hand-off would cost more. */
const MIN_SPLIT_BLOCKS = 2 * CHUNK_BLOCKS;
/** A worker that takes this long on one half-call is taken for dead. */
const WORKER_TIMEOUT_MS = 60_000;
/** How long the idle worker stays parked before it goes back to its event loop. */
const PARK_MS = 200;
/** Polls of the done counter before this thread sleeps on it: the halves usually end together. */
const SPIN_POLLS = 2000;

function regions(sab: SharedArrayBuffer, sizes: ArrayLike<number>) {
  const views: Float32Array[] = [];
  let at = 0;
  for (let i = 0; i < sizes.length; i++) {
    views.push(new Float32Array(sab, at, sizes[i]));
    at += sizes[i] * 4;
  }
  return views;
}

/** The blocks of this thread's half: whole gradient chunks, the first half rounded up. */
function splitBlocks(blocks: number): number {
  return Math.ceil(Math.ceil(blocks / CHUNK_BLOCKS) / 2) * CHUNK_BLOCKS;
}

/** The main side: splits each call in two; `port` is a started, ready kernel worker. */
export class TwoThreadRunner implements KernelRunner {
  readonly threads = 2;
  private sab = new SharedArrayBuffer(1 << 16);
  private generation = 0;
  private sentGeneration = -1;
  private seq = 0;

  /** Set when the worker failed: callers then use one thread. */
  failed = false;

  constructor(
    private readonly port: KernelPort,
    private readonly control: Int32Array,
  ) {}

  /** Region views for a job with the program's codes in place; `start` hands it over. */
  private post(kind: number, program: KernelCodes, sizes: number[]) {
    const all = [program.codes.length, ...sizes];
    const bytes = all.reduce((a, b) => a + b, 0) * 4;
    if (bytes > this.sab.byteLength) {
      this.sab = new SharedArrayBuffer(bytes * 2);
      this.generation++;
    }
    const views = regions(this.sab, all);
    const c = views[0];
    new Int32Array(c.buffer, c.byteOffset, c.length).set(program.codes);
    const start = () => {
      const ctl = this.control;
      if (this.sentGeneration !== this.generation) {
        const message: Message = { kind: 'buffer', generation: this.generation, sab: this.sab };
        this.port.postMessage(message);
        this.sentGeneration = this.generation;
      }
      ctl[KIND] = kind;
      ctl[GENERATION] = this.generation;
      ctl[PROGRAM] = program.id;
      ctl[PROGRAM + 1] = program.qubits;
      ctl[PROGRAM + 2] = program.slots;
      ctl.set(all, SIZES);
      // Seq-cst: either the worker sees this job before it leaves its wait, or we see it away.
      Atomics.store(ctl, SEQ, ++this.seq);
      Atomics.notify(ctl, SEQ);
      if (Atomics.load(ctl, STATE) === AWAY) this.port.postMessage({ kind: 'wake' } as Message);
    };
    return { views: views.slice(1), start };
  }

  private wait() {
    const ctl = this.control;
    for (let i = 0; i < SPIN_POLLS; i++) if (Atomics.load(ctl, DONE) === this.seq) return;
    const deadline = performance.now() + WORKER_TIMEOUT_MS;
    for (let done = Atomics.load(ctl, DONE); done !== this.seq; done = Atomics.load(ctl, DONE)) {
      Atomics.wait(ctl, DONE, done, 1000);
      if (performance.now() > deadline && Atomics.load(ctl, DONE) !== this.seq) {
        this.failed = true;
        throw new Error(
          `The CPU kernel's second thread did not answer within ${WORKER_TIMEOUT_MS / 1000} s; ` +
            'later steps run on one thread. Reload to try two threads again.',
        );
      }
    }
  }

  forward(program: KernelCodes, coef: Float32Array, x: Float32Array, z: Float32Array) {
    const n = program.qubits;
    const blocks = Math.ceil(x.length / n / 4);
    if (blocks < MIN_SPLIT_BLOCKS) return localKernel().forward(program, coef, x, z);
    const split = splitBlocks(blocks) * 4 * n;
    const rest = x.length - split;
    const job = this.post(FORWARD, program, [coef.length, rest, rest, 0, 0]);
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
    const job = this.post(BACKWARD, program, [
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

/** A started worker's runner, given the control block its init message carried. */
export function twoThreadRunner(port: KernelPort, init: Message): TwoThreadRunner {
  if (init.kind !== 'init') throw new Error('twoThreadRunner needs the init message');
  return new TwoThreadRunner(port, new Int32Array(init.control));
}

/** The message that starts a kernel worker: the compiled module and a fresh control block. */
export function initMessage(): Message {
  const control = new SharedArrayBuffer(CONTROL_INTS * 4);
  return { kind: 'init', module: kernelModule(), control };
}

/**
 * The worker side: answers `init` with 'ready' (through `reply`), then runs jobs from the
 * control block until it has been idle for PARK_MS, and again on the next message.
 */
export function serveKernel(reply: (message: string) => void): (message: Message) => void {
  let kernel: SimdKernel | null = null;
  let ctl: Int32Array | null = null;
  let handled = 0;
  const buffers = new Map<number, SharedArrayBuffer>();

  /** Runs the posted job; false when its buffer's message has not been received yet. */
  const run = (ctl: Int32Array): boolean => {
    const sab = buffers.get(ctl[GENERATION]);
    if (!sab) return false;
    const sizes = ctl.subarray(SIZES, SIZES + REGIONS);
    const [c, coef, x, dzOrZ, grads, dx] = regions(sab, sizes);
    const program = {
      id: ctl[PROGRAM],
      qubits: ctl[PROGRAM + 1],
      slots: ctl[PROGRAM + 2],
      codes: new Int32Array(c.buffer, c.byteOffset, c.length),
    };
    if (ctl[KIND] === FORWARD) kernel!.forward(program, coef, x, dzOrZ);
    else kernel!.backward(program, coef, x, dzOrZ, grads, dx.length ? dx : null);
    return true;
  };

  const park = (ctl: Int32Array) => {
    Atomics.store(ctl, STATE, PARKED);
    for (;;) {
      const seq = Atomics.load(ctl, SEQ);
      if (seq !== handled) {
        if (!run(ctl)) break; // its buffer is in the message queue: take it, then come back
        handled = seq;
        Atomics.store(ctl, DONE, seq);
        Atomics.notify(ctl, DONE);
        continue;
      }
      if (Atomics.wait(ctl, SEQ, seq, PARK_MS) !== 'timed-out') continue;
      Atomics.store(ctl, STATE, AWAY);
      if (Atomics.load(ctl, SEQ) === handled) return;
      Atomics.store(ctl, STATE, PARKED);
    }
    Atomics.store(ctl, STATE, AWAY);
  };

  return (message) => {
    if (message.kind === 'init') {
      kernel = new SimdKernel(message.module);
      ctl = new Int32Array(message.control);
      Atomics.store(ctl, STATE, AWAY);
      reply('ready');
      return;
    }
    if (message.kind === 'buffer') {
      // Jobs only ever use the newest buffer sent before them: older ones can go.
      buffers.clear();
      buffers.set(message.generation, message.sab);
    }
    if (ctl) park(ctl);
  };
}
