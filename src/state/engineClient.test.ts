import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HEARTBEAT } from '../engine/protocol';
import type { WorkerOptions } from '../engine/worker';
import { createEngineClient, LOAD_FAILED, loadRetryDelayMs, type Liveness } from './engineClient';

/** A stand-in Worker: answers heartbeats until it is `closed`, as a worker's self.close() does. */
class FakeWorker {
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  received: unknown[] = [];
  closed = false;
  terminated = false;
  constructor(readonly options: WorkerOptions) {}
  postMessage(message: { type: string }) {
    if (this.closed || this.terminated) return; // a closed worker drops its messages silently
    this.received.push(message);
    if (message.type === HEARTBEAT) this.reply({ type: HEARTBEAT });
  }
  reply(data: unknown) {
    this.onmessage?.({ data } as MessageEvent);
  }
  terminate() {
    this.terminated = true;
  }
}

function setup(liveness: Liveness) {
  const workers: FakeWorker[] = [];
  const crashes: string[] = [];
  const client = createEngineClient(
    { dataUrl: '/data' },
    {
      onEvent: () => {},
      onCrash: (m, silent) => void crashes.push(`${silent ? 'silent' : 'crash'}: ${m}`),
    },
    (options) => {
      const w = new FakeWorker(options);
      workers.push(w);
      return w as unknown as Worker;
    },
    liveness,
  );
  return { client, workers, crashes };
}

const CONFIGURE = { type: 'configure', config: 'n=1;k=2' } as const;

describe('the engine client notices a worker that stops without an error', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('restarts a silent worker after the deadline and sends the configuration again', () => {
    const { client, workers, crashes } = setup({ pingEveryMs: 1000, silenceMs: 5000 });
    client.send(CONFIGURE);
    vi.advanceTimersByTime(10_000);
    expect(crashes).toEqual([]); // a worker that answers is left alone
    workers[0].closed = true;
    vi.advanceTimersByTime(8000);
    expect(crashes).toHaveLength(1);
    expect(crashes[0]).toMatch(/^silent: it stopped answering for \d+ s$/);
    expect(workers).toHaveLength(2);
    expect(workers[0].terminated).toBe(true);
    expect(workers[1].received).toContainEqual(CONFIGURE);
    // The new worker gets the commands: reset works again.
    client.send({ type: 'reset' });
    expect(workers[1].received).toContainEqual({ type: 'reset' });
    client.dispose();
  });

  it('gives a long step four times its length before calling the worker silent', () => {
    const { client, workers, crashes } = setup({ pingEveryMs: 1000, silenceMs: 5000 });
    workers[0].reply({
      type: 'metrics',
      runId: 1,
      steps: [{ step: 1, epoch: 1, loss: 1, batchAccuracy: 0, gradNorms: {}, millis: 10_000 }],
      epochs: [],
    });
    workers[0].closed = true; // busy in a long step: no answers for a while
    vi.advanceTimersByTime(30_000);
    expect(crashes).toEqual([]);
    vi.advanceTimersByTime(15_000);
    expect(crashes).toHaveLength(1);
    client.dispose();
  });

  it('restarts at once when the worker’s life lock is released', async () => {
    let release: () => void = () => {};
    const { client, workers, crashes } = setup({
      pingEveryMs: 1000,
      silenceMs: 60_000,
      whenLockFree: () => new Promise<void>((resolve) => (release = resolve)),
    });
    expect(workers[0].options.lifeLock).toMatch(/^resqunn-worker-/);
    workers[0].reply({ type: HEARTBEAT, lockHeld: true });
    release();
    await vi.waitFor(() => expect(crashes).toEqual(['silent: it ended without an error']));
    expect(workers).toHaveLength(2);
    client.dispose();
  });
});

describe('the engine client and a worker that does not load', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('tries again after a growing pause, not in a loop, and keeps the commands sent meanwhile', () => {
    const { client, workers, crashes } = setup({ pingEveryMs: 1000, silenceMs: 5000 });
    client.send(CONFIGURE);
    // Offline: the script fails before the worker says a word.
    workers[0].onerror?.({ message: '', preventDefault() {} } as ErrorEvent);
    expect(crashes).toEqual([`crash: ${LOAD_FAILED}`]);
    expect(workers).toHaveLength(1); // not at once
    const next = { type: 'configure', config: 'n=2;k=2,2' } as const;
    client.send(next);
    client.send({ type: 'play' });
    vi.advanceTimersByTime(loadRetryDelayMs(1));
    expect(workers).toHaveLength(2);
    expect(workers[1].received.filter((m) => (m as { type: string }).type !== HEARTBEAT)).toEqual([
      next,
      { type: 'play' },
    ]);
    workers[1].onerror?.({ message: '', preventDefault() {} } as ErrorEvent);
    vi.advanceTimersByTime(loadRetryDelayMs(1));
    expect(workers).toHaveLength(2); // the second pause is longer
    vi.advanceTimersByTime(loadRetryDelayMs(2));
    expect(workers).toHaveLength(3);
    expect(loadRetryDelayMs(2)).toBeGreaterThan(loadRetryDelayMs(1));
    client.dispose();
  });
});
