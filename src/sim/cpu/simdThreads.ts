/*
 * Two threads for the SIMD CPU kernel: this thread and a kernel worker share each call's work
 * over a SharedArrayBuffer, claiming runs of whole gradient chunks from a shared counter (a
 * fixed half would leave this thread waiting whenever the scheduler delays the worker, as on a
 * machine whose other core is busy). Every chunk runs the same kernel code on the same blocks,
 * and the per-chunk gradients are summed in chunk order afterwards (SimdKernel.backwardResult), so
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
  callBlocks,
  kernelModule,
  localKernel,
  SimdKernel,
  type KernelCall,
  type KernelGradients,
  type KernelRegion,
  type KernelRunner,
} from './simdKernel';
import { isMapRecord, SOURCE_INTS } from '../windows/windowSource';

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
// chunk, the chunk count, the last job the worker started (or this thread closed), whether the
// backward gives ∂/∂x, the chunks whose inputs are in place, whether the worker sleeps until more
// are, and the region sizes.
const SEQ = 0;
const DONE = 1;
const STATE = 2;
const KIND = 3;
const GENERATION = 4;
const PROGRAM = 5;
const NEXT = 8;
const CHUNKS = 9;
const STARTED = 10;
const EXACT = 11;
const READY = 12;
const INPUT_WAIT = 13;
const SIZES = 14;
// codes, coef, source record, source data, dz, z, dx, grads, owners (Int32 per chunk: 1 if the
// worker's): the inputs, then the results the worker hands back.
const REGIONS = 9;
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

const ints = (v: Float32Array) => new Int32Array(v.buffer, v.byteOffset, v.length);

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

/** The shared buffer's result regions of a call. */
interface Results {
  readonly z: Float32Array;
  readonly dx: Float32Array;
  readonly grads: Float32Array;
}

/** Rows (floats) and gradient floats of chunks [c0, c1) of a call. */
function chunkSpans(call: KernelCall, c0: number, c1: number) {
  const { blocks } = callBlocks(call);
  const perChunk = CHUNK_BLOCKS * 4 * call.program.qubits;
  const g = call.program.slots * 4;
  return {
    blocks: [c0 * CHUNK_BLOCKS, Math.min(blocks, c1 * CHUNK_BLOCKS)] as const,
    rows: [c0 * perChunk, Math.min(blocks * 4 * call.program.qubits, c1 * perChunk)] as const,
    grads: [c0 * g, c1 * g] as const,
  };
}

/** Pieces a rows source's inputs are copied in, so the worker can start before the last. */
const INPUT_PIECES = 8;

/**
 * The chunk boundaries of the pieces a call's inputs are copied into the shared buffer in: a map
 * (which any window reads) whole, rows in INPUT_PIECES pieces.
 */
function inputPieces(call: KernelCall): number[] {
  const { chunks } = callBlocks(call);
  const step = isMapRecord(call.source) ? chunks : Math.ceil(chunks / INPUT_PIECES);
  const bounds = [0];
  for (let c = step; c < chunks; c += step) bounds.push(c);
  bounds.push(chunks);
  return bounds;
}

/** Copies the inputs (data, dz) of chunks [c0, c1) into the shared buffer: of a map, all. */
function copyInputs(
  call: KernelCall,
  data: Float32Array,
  dz: Float32Array,
  c0: number,
  c1: number,
) {
  const whole = isMapRecord(call.source);
  const copy = (into: Float32Array, from: Float32Array) => {
    const [a, b] = whole ? [0, from.length] : chunkSpans(call, c0, c1).rows;
    into.set(from.subarray(a, b), a);
  };
  copy(data, call.source.data);
  if (call.dz) copy(dz, call.dz);
}

/**
 * Counts the chunks whose inputs are in place, waking the worker only when it sleeps on them:
 * a futex wake cost ~0.2 ms on this machine's busy cores (31 ms of a 120 ms epoch when every
 * call woke it). Either the worker's flag is seen here, or the worker sees the new count before
 * it sleeps (both sequentially consistent).
 */
function markReady(ctl: Int32Array, chunk: number) {
  Atomics.store(ctl, READY, chunk);
  if (Atomics.load(ctl, INPUT_WAIT)) Atomics.notify(ctl, READY);
}

/** The worker's wait until the inputs of chunks [0, chunk) are in place. */
function awaitInputs(ctl: Int32Array, chunk: number) {
  for (let ready = Atomics.load(ctl, READY); ready < chunk; ready = Atomics.load(ctl, READY)) {
    Atomics.store(ctl, INPUT_WAIT, 1);
    Atomics.wait(ctl, READY, ready, 5);
    Atomics.store(ctl, INPUT_WAIT, 0);
  }
}

/** Runs chunks [c0, c1) of the loaded call: the same blocks, chunks and bits on either thread. */
function runChunks(kernel: SimdKernel, call: KernelCall, c0: number, c1: number) {
  const [from, to] = chunkSpans(call, c0, c1).blocks;
  if (call.dz) kernel.runBackward(from, to);
  else kernel.runForward(from, to);
}

/**
 * Copies chunks [c0, c1)'s results between a kernel's memory and the shared buffer: their
 * gradients, and (`rows`) their rows.
 */
function moveResults(
  kernel: SimdKernel,
  call: KernelCall,
  shared: Results,
  [c0, c1]: readonly [number, number],
  toShared: boolean,
  rows = true,
) {
  const spans = chunkSpans(call, c0, c1);
  const move = (name: KernelRegion, [a, b]: readonly [number, number]) => {
    const local = kernel.region(name);
    if (toShared) shared[name].set(local.subarray(a, b), a);
    else local.set(shared[name].subarray(a, b), a);
  };
  if (call.dz) move('grads', spans.grads);
  const region = rows ? resultRows(call) : null;
  if (region) move(region, spans.rows);
}

/** The region whose rows a call gives: ⟨Z⟩ forward, ∂/∂x backward under `exact`, else none. */
function resultRows(call: KernelCall): 'z' | 'dx' | null {
  if (!call.dz) return 'z';
  return call.exact ? 'dx' : null;
}

/**
 * resultRows where those rows are the call's result as they are (a rows source: no channel
 * mean, no scatter onto a map). They go straight into the caller's array.
 */
function directRows(call: KernelCall): 'z' | 'dx' | null {
  return isMapRecord(call.source) ? null : resultRows(call);
}

/** Copies chunks [c0, c1)'s rows from `from` into `out` (the padded lane group's rows left out). */
function copyRows(call: KernelCall, from: Float32Array, out: Float32Array, c0: number, c1: number) {
  const [a, b] = chunkSpans(call, c0, c1).rows;
  const end = Math.min(b, out.length);
  if (a < end) out.set(from.subarray(a, end), a);
}

/** Floats in a 4 KiB memory page. */
const PAGE_FLOATS = 1024;

/**
 * A fresh zeroed array with every page written once: a large one comes from pages the system
 * maps in only when first written (~1 µs a page here), so this thread pays for them now, while
 * the worker runs, not when it copies the worker's rows in after the wait.
 */
function touchedArray(length: number): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i += PAGE_FLOATS) out[i] = 0;
  return out;
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
  /**
   * Tests: this thread claims a call's chunks only once the worker has claimed some, so every
   * call is really split (otherwise a short call may end before the worker wakes).
   */
  workerFirst = false;
  /**
   * Tests: this thread copies a rows call's inputs past the first piece only once the worker
   * sleeps on them, so every such call takes the hand-off of inputs that arrive late.
   */
  inputsLate = false;
  /** Gradient chunks the worker has run, and all chunks, since the start (the second thread's share). */
  workerChunks = 0;
  allChunks = 0;

  constructor(
    private readonly port: KernelPort,
    private readonly control: Int32Array,
  ) {}

  /**
   * Runs a call on both threads: the inputs copied where the worker reads them, chunks shared,
   * then the worker's results copied into this thread's kernel, which reduces them all. A rows
   * result (directRows) is not reduced: both threads' rows go straight into a fresh array, which
   * is returned. It is allocated while the worker runs (touchedArray): at a million floats its
   * fresh pages cost as much as the copy, and so that cost overlaps the worker's chunks.
   */
  private run(call: KernelCall): Float32Array | null {
    const { program, source, dz } = call;
    const { blocks, chunks } = callBlocks(call);
    const rowFloats = blocks * 4 * program.qubits;
    const sizes = [
      program.codes.length,
      call.coef.length,
      SOURCE_INTS,
      source.data.length,
      dz ? dz.length : 0,
      dz ? 0 : rowFloats,
      dz && call.exact ? rowFloats : 0,
      dz ? chunks * program.slots * 4 : 0,
      chunks,
    ];
    const bytes = sizes.reduce((a, b) => a + b, 0) * 4;
    if (bytes > this.sab.byteLength) {
      this.sab = new SharedArrayBuffer(bytes * 2);
      this.generation++;
    }
    const [c, coef, record, data, dzw, z, dx, grads, ow] = regions(this.sab, sizes);
    ints(c).set(program.codes);
    coef.set(call.coef);
    ints(record).set(source.record);
    const owners = ints(ow);
    owners.fill(0);
    const ctl = this.control;
    if (this.sentGeneration !== this.generation) {
      const message: Message = { kind: 'buffer', generation: this.generation, sab: this.sab };
      this.port.postMessage(message);
      this.sentGeneration = this.generation;
    }
    ctl[KIND] = dz ? BACKWARD : FORWARD;
    ctl[GENERATION] = this.generation;
    ctl[PROGRAM] = program.id;
    ctl[PROGRAM + 1] = program.qubits;
    ctl[PROGRAM + 2] = program.slots;
    ctl[CHUNKS] = chunks;
    ctl[EXACT] = call.exact ? 1 : 0;
    ctl.set(sizes, SIZES);
    // The first piece (of a map, all) goes in before the job is posted: the worker never sleeps
    // on it, and the rest overlaps the worker's first chunks.
    const pieces = inputPieces(call);
    copyInputs(call, data, dzw, 0, pieces[1]);
    ctl[READY] = pieces[1];
    ctl[INPUT_WAIT] = 0;
    Atomics.store(ctl, NEXT, 0);
    // Seq-cst: either the worker sees this job before it leaves its wait, or we see it away.
    Atomics.store(ctl, SEQ, ++this.seq);
    Atomics.notify(ctl, SEQ);
    if (Atomics.load(ctl, STATE) === AWAY) this.port.postMessage({ kind: 'wake' } as Message);
    if (this.inputsLate && pieces.length > 2) this.awaitWorker(INPUT_WAIT);
    for (let i = 2; i < pieces.length; i++) {
      copyInputs(call, data, dzw, pieces[i - 1], pieces[i]);
      markReady(ctl, pieces[i]);
    }
    const kernel = localKernel();
    kernel.load(call);
    const direct = directRows(call);
    const out = direct ? touchedArray(source.data.length) : null;
    if (this.workerFirst) this.awaitWorker(NEXT);
    for (let c = claim(ctl); c; c = claim(ctl)) {
      runChunks(kernel, call, c[0], c[1]);
      if (direct) copyRows(call, kernel.region(direct), out!, c[0], c[1]);
    }
    this.allChunks += chunks;
    // Done before the worker even started (the scheduler kept it waiting): close the job so it
    // never will, instead of waiting for it to wake up.
    if (Atomics.compareExchange(ctl, STARTED, this.seq - 1, this.seq) !== this.seq - 1) {
      this.wait();
      const shared = { z, dx, grads };
      for (let c0 = 0; c0 < chunks;) {
        let c1 = c0 + 1;
        while (c1 < chunks && owners[c1] === owners[c0]) c1++;
        if (owners[c0]) {
          this.workerChunks += c1 - c0;
          moveResults(kernel, call, shared, [c0, c1], false, !direct);
          if (direct) copyRows(call, shared[direct], out!, c0, c1);
        }
        c0 = c1;
      }
    }
    return out;
  }

  /** Tests' orderings: waits until the worker has set `index` of the control block. */
  private awaitWorker(index: typeof NEXT | typeof INPUT_WAIT) {
    const deadline = performance.now() + WORKER_TIMEOUT_MS;
    while (Atomics.load(this.control, index) === 0) {
      if (performance.now() > deadline) throw new Error(`the worker never set control[${index}]`);
      Atomics.wait(this.control, index, 0, 1);
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

  forward(call: KernelCall): Float32Array {
    const kernel = localKernel();
    if (callBlocks(call).blocks < MIN_SPLIT_BLOCKS) return kernel.forward(call);
    const rows = this.run(call);
    if (!rows) return kernel.forwardResult();
    kernel.endForward();
    return rows;
  }

  backward(call: KernelCall): KernelGradients {
    const kernel = localKernel();
    if (callBlocks(call).blocks < MIN_SPLIT_BLOCKS) return kernel.backward(call);
    const rows = this.run(call);
    if (!rows) return kernel.backwardResult();
    return { slotSums: kernel.slotTotals(), input: rows };
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
    const [c, coef, record, data, dz, z, dx, grads, ow] = regions(sab, sizes);
    const qubits = ctl[PROGRAM + 1];
    const call: KernelCall = {
      program: { id: ctl[PROGRAM], qubits, slots: ctl[PROGRAM + 2], codes: ints(c) },
      coef,
      source: { data, qubits, record: ints(record) },
      dz: ctl[KIND] === BACKWARD ? dz : null,
      exact: ctl[EXACT] === 1,
    };
    const owners = ints(ow);
    // A map is read anywhere: all of it first. Rows: each claim's own.
    if (isMapRecord(call.source)) awaitInputs(ctl, ctl[CHUNKS]);
    kernel!.load(call);
    for (let c = claim(ctl); c; c = claim(ctl)) {
      awaitInputs(ctl, c[1]);
      runChunks(kernel!, call, c[0], c[1]);
      moveResults(kernel!, call, { z, dx, grads }, c, true);
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
