/*
 * Two threads for the SIMD CPU kernel: this thread and a kernel worker share each call's work
 * over a SharedArrayBuffer, claiming runs of whole gradient chunks from a shared counter (a
 * fixed half would leave this thread waiting whenever the scheduler delays the worker, as on a
 * machine whose other core is busy). Every chunk runs the same kernel code on the same blocks,
 * and the per-chunk gradients are summed in chunk order afterwards (reduceChunkGradients), so
 * results are bit-identical to one thread.
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
import { CHUNK_BLOCKS } from './kernelProgram';
import {
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
// job: its kind, data buffer generation, program id, qubits, slots, the first unclaimed gradient
// chunk, the chunk count, the last job the worker started (or this thread closed), and the
// region sizes.
const SEQ = 0;
const DONE = 1;
const STATE = 2;
const KIND = 3;
const GENERATION = 4;
const PROGRAM = 5;
const NEXT = 8;
const CHUNKS = 9;
const STARTED = 10;
const SIZES = 11;
const REGIONS = 7; // codes, coef, x, dz|z, grads, dx, owners (Int32 per chunk: 1 if the worker's)
const CONTROL_INTS = SIZES + REGIONS;
const PARKED = 0;
const AWAY = 1;
const FORWARD = 1;
const BACKWARD = 2;

/** The smallest claim, in gradient chunks: the last claims are this small, so the threads end together. */
const MIN_CLAIM = 2;
/** Below two smallest claims a call stays on one thread: the hand-off would cost more. */
const MIN_SPLIT_BLOCKS = 2 * MIN_CLAIM * CHUNK_BLOCKS;
/** A worker that takes this long on one call is taken for dead. */
const WORKER_TIMEOUT_MS = 60_000;
/** How long the idle worker stays parked before it goes back to its event loop. */
const PARK_MS = 200;
/** Polls of the done counter before this thread sleeps on it: the threads usually end together. */
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

/**
 * Claims the next gradient chunks of the job, [from, to), or null when none are left: a quarter
 * of what is left (guided self-scheduling: few claims, small ones at the end), at least MIN_CLAIM.
 */
function claim(ctl: Int32Array): [number, number] | null {
  const chunks = ctl[CHUNKS];
  for (;;) {
    const from = Atomics.load(ctl, NEXT);
    if (from >= chunks) return null;
    const to = Math.min(chunks, from + Math.max(MIN_CLAIM, Math.ceil((chunks - from) / 4)));
    if (Atomics.compareExchange(ctl, NEXT, from, to) === from) return [from, to];
  }
}

/** The arrays of one call, as either thread sees them. */
interface Call {
  readonly kind: number;
  readonly program: KernelCodes;
  readonly coef: Float32Array;
  readonly x: Float32Array;
  /** dz (backward) or z (forward). */
  readonly dzOrZ: Float32Array;
  readonly grads: Float32Array;
  readonly dx: Float32Array | null;
}

/** Runs chunks [c0, c1) of a call: the same blocks, chunks and bits on either thread. */
function runChunks(kernel: SimdKernel, call: Call, c0: number, c1: number) {
  const { program, coef, x, dzOrZ, grads, dx } = call;
  const perChunk = CHUNK_BLOCKS * 4 * program.qubits;
  const from = c0 * perChunk;
  const to = Math.min(x.length, c1 * perChunk);
  const xs = x.subarray(from, to);
  if (call.kind === FORWARD) return kernel.forward(program, coef, xs, dzOrZ.subarray(from, to));
  const g = program.slots * 4;
  kernel.backward(
    program,
    coef,
    xs,
    dzOrZ.subarray(from, to),
    grads.subarray(c0 * g, c1 * g),
    dx ? dx.subarray(from, to) : null,
  );
}

/**
 * The main side: both threads claim each call's gradient chunks from a shared counter until none
 * are left. A worker the scheduler keeps waiting (another program on the other core) just claims
 * fewer; the results are the same bits.
 */
export class TwoThreadRunner implements KernelRunner {
  readonly threads = 2;
  private sab = new SharedArrayBuffer(1 << 16);
  private generation = 0;
  private sentGeneration = -1;
  private seq = 0;

  /** Set when the worker failed: callers then use one thread. */
  failed = false;
  /** Gradient chunks the worker has run, and all chunks, since the start (the second thread's share). */
  workerChunks = 0;
  allChunks = 0;

  constructor(
    private readonly port: KernelPort,
    private readonly control: Int32Array,
  ) {}

  /** Runs a call on both threads: the inputs copied where the worker reads them, chunks shared. */
  private run(call: Call) {
    const { program, x } = call;
    const chunks = Math.ceil(x.length / program.qubits / 4 / CHUNK_BLOCKS);
    const sizes = [
      program.codes.length,
      call.coef.length,
      x.length,
      x.length,
      call.grads.length,
      call.dx ? x.length : 0,
      chunks,
    ];
    const bytes = sizes.reduce((a, b) => a + b, 0) * 4;
    if (bytes > this.sab.byteLength) {
      this.sab = new SharedArrayBuffer(bytes * 2);
      this.generation++;
    }
    const [c, coef, xw, dzw, gw, dxw, ow] = regions(this.sab, sizes);
    new Int32Array(c.buffer, c.byteOffset, c.length).set(program.codes);
    coef.set(call.coef);
    xw.set(x);
    if (call.kind === BACKWARD) dzw.set(call.dzOrZ);
    const owners = new Int32Array(ow.buffer, ow.byteOffset, chunks);
    owners.fill(0);
    const ctl = this.control;
    if (this.sentGeneration !== this.generation) {
      const message: Message = { kind: 'buffer', generation: this.generation, sab: this.sab };
      this.port.postMessage(message);
      this.sentGeneration = this.generation;
    }
    ctl[KIND] = call.kind;
    ctl[GENERATION] = this.generation;
    ctl[PROGRAM] = program.id;
    ctl[PROGRAM + 1] = program.qubits;
    ctl[PROGRAM + 2] = program.slots;
    ctl[CHUNKS] = chunks;
    ctl.set(sizes, SIZES);
    Atomics.store(ctl, NEXT, 0);
    // Seq-cst: either the worker sees this job before it leaves its wait, or we see it away.
    Atomics.store(ctl, SEQ, ++this.seq);
    Atomics.notify(ctl, SEQ);
    if (Atomics.load(ctl, STATE) === AWAY) this.port.postMessage({ kind: 'wake' } as Message);
    const kernel = localKernel();
    for (let c = claim(ctl); c; c = claim(ctl)) runChunks(kernel, call, c[0], c[1]);
    // Done before the worker even started (the scheduler kept it waiting): close the job so it
    // never will, instead of waiting for it to wake up.
    if (Atomics.compareExchange(ctl, STARTED, this.seq - 1, this.seq) === this.seq - 1) {
      this.allChunks += chunks;
      return;
    }
    this.wait();
    // The worker's chunks: its results from the shared buffer into the caller's arrays.
    const perChunk = CHUNK_BLOCKS * 4 * program.qubits;
    const g = program.slots * 4;
    this.allChunks += chunks;
    for (let c0 = 0; c0 < chunks;) {
      let c1 = c0 + 1;
      while (c1 < chunks && owners[c1] === owners[c0]) c1++;
      if (owners[c0]) {
        this.workerChunks += c1 - c0;
        const from = c0 * perChunk;
        const to = Math.min(x.length, c1 * perChunk);
        if (call.kind === FORWARD) call.dzOrZ.set(dzw.subarray(from, to), from);
        else {
          if (call.dx) call.dx.set(dxw.subarray(from, to), from);
          call.grads.set(gw.subarray(c0 * g, c1 * g), c0 * g);
        }
      }
      c0 = c1;
    }
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
    if (x.length / program.qubits / 4 < MIN_SPLIT_BLOCKS) {
      return localKernel().forward(program, coef, x, z);
    }
    this.run({ kind: FORWARD, program, coef, x, dzOrZ: z, grads: new Float32Array(0), dx: null });
  }

  backward(
    program: KernelCodes,
    coef: Float32Array,
    x: Float32Array,
    dz: Float32Array,
    chunkGrads: Float32Array,
    dx: Float32Array | null,
  ) {
    if (x.length / program.qubits / 4 < MIN_SPLIT_BLOCKS) {
      return localKernel().backward(program, coef, x, dz, chunkGrads, dx);
    }
    this.run({ kind: BACKWARD, program, coef, x, dzOrZ: dz, grads: chunkGrads, dx });
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

  /** Claims and runs chunks of the posted job (its buffer has arrived). */
  const run = (ctl: Int32Array) => {
    const sab = buffers.get(ctl[GENERATION])!;
    const sizes = ctl.subarray(SIZES, SIZES + REGIONS);
    const [c, coef, x, dzOrZ, grads, dx, ow] = regions(sab, sizes);
    const program = {
      id: ctl[PROGRAM],
      qubits: ctl[PROGRAM + 1],
      slots: ctl[PROGRAM + 2],
      codes: new Int32Array(c.buffer, c.byteOffset, c.length),
    };
    const call: Call = {
      kind: ctl[KIND],
      program,
      coef,
      x,
      dzOrZ,
      grads,
      dx: dx.length ? dx : null,
    };
    const owners = new Int32Array(ow.buffer, ow.byteOffset, ow.length);
    for (let c = claim(ctl); c; c = claim(ctl)) {
      runChunks(kernel!, call, c[0], c[1]);
      owners.fill(1, c[0], c[1]);
    }
  };

  const park = (ctl: Int32Array) => {
    Atomics.store(ctl, STATE, PARKED);
    for (;;) {
      const seq = Atomics.load(ctl, SEQ);
      if (seq !== handled) {
        // Its buffer is still in the message queue: take it, then come back.
        if (!buffers.has(ctl[GENERATION])) break;
        if (Atomics.compareExchange(ctl, STARTED, seq - 1, seq) !== seq - 1) {
          handled = seq; // this thread finished and closed it alone
          continue;
        }
        run(ctl);
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
