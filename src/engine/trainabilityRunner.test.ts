import { describe, expect, it } from 'vitest';
import { sampleHelperKeeper } from '../sim/trainability/sampleHelper';
import { sampleRange } from '../sim/trainability/sampleThreads';
import { startNodeSampleThread } from '../sim/trainability/sampleThreadsNode';
import type { TrainabilityEvent } from './trainabilityProtocol';
import { createTrainabilityRunner } from './trainabilityRunner';

function host() {
  const events: TrainabilityEvent[] = [];
  let pending: (() => void) | null = null;
  // a release before the run reaches its yield lets that yield through (the run starts async)
  let early = false;
  return {
    events,
    host: {
      post: (e: TrainabilityEvent) => events.push(e),
      yieldNow: () =>
        new Promise<void>((resolve) => {
          if (early) resolve();
          else pending = resolve;
          early = false;
        }),
      now: () => performance.now(),
    },
    release() {
      const p = pending;
      pending = null;
      if (p) p();
      else early = true;
    },
  };
}

const SMALL = {
  circuit: 'mcclean',
  qubits: [2, 3, 4],
  depths: [2],
  costs: ['projector'],
  samples: 64,
  init: 'uniform',
  seed: 1,
  backend: 'cpu',
} as const;

describe('the trainability runner', () => {
  it('sends progress with rows and ends with done', async () => {
    const h = host();
    const runner = createTrainabilityRunner({ ...h.host, yieldNow: () => Promise.resolve() }, 0);
    await runner.handle({ type: 'run', id: 1, settings: SMALL });
    const rows = h.events.flatMap((e) => (e.type === 'progress' ? e.rows : []));
    expect(rows.map((r) => r.qubits)).toEqual([2, 3, 4]);
    expect(h.events.at(-1)?.type).toBe('done');
    const last = h.events.filter((e) => e.type === 'progress').at(-1);
    expect(last?.type === 'progress' && last.progress).toBe(1);
  });

  it('stops at the next slice after a cancel', async () => {
    const h = host();
    const runner = createTrainabilityRunner(h.host, 0);
    const done = runner.handle({ type: 'run', id: 2, settings: SMALL });
    await runner.handle({ type: 'cancel', id: 2 });
    h.release();
    await done;
    expect(h.events.filter((e) => e.type === 'progress')).toHaveLength(1);
    expect(h.events.at(-1)).toEqual({ type: 'cancelled', id: 2 });
  });

  it('refuses bad settings with the validator’s words, before any work', async () => {
    const h = host();
    const runner = createTrainabilityRunner(h.host);
    await runner.handle({ type: 'run', id: 3, settings: { ...SMALL, samples: 0 } });
    expect(h.events).toHaveLength(1);
    expect(h.events[0]).toMatchObject({
      type: 'error',
      message: expect.stringContaining('K = 0 samples'),
    });
  });
});

describe('the trainability runner on two threads', () => {
  const rowsOf = (events: TrainabilityEvent[], id = 1) =>
    events.flatMap((e) =>
      e.type === 'progress' && e.id === id
        ? e.rows.map(({ seconds, ...r }) => {
            void seconds;
            return r;
          })
        : [],
    );

  it('says 2 threads, and its rows are the one-thread rows', async () => {
    const keeper = sampleHelperKeeper(startNodeSampleThread, { startMs: 60_000 });
    const one = host();
    await createTrainabilityRunner({ ...one.host, yieldNow: () => Promise.resolve() }, 0).handle({
      type: 'run',
      id: 1,
      settings: SMALL,
    });
    const two = host();
    const runner = createTrainabilityRunner(
      { ...two.host, yieldNow: () => Promise.resolve(), secondThread: () => keeper.acquire() },
      0,
    );
    await runner.handle({ type: 'run', id: 1, settings: SMALL });
    const progress = two.events.filter((e) => e.type === 'progress');
    expect(progress.every((e) => e.threads === 2 && e.threadNote === '')).toBe(true);
    expect(one.events.filter((e) => e.type === 'progress').every((e) => e.threads === 1)).toBe(
      true,
    );
    expect(rowsOf(two.events)).toEqual(rowsOf(one.events));
    expect(two.events.at(-1)?.type).toBe('done');
  }, 60_000);

  it('a newer study ends the thread still busy with the stopped one’s samples', async () => {
    const closed: number[] = [];
    let busy: () => void = () => undefined;
    const running = new Promise<void>((resolve) => (busy = resolve));
    let starts = 0;
    const keeper = sampleHelperKeeper(() => {
      const n = ++starts;
      return Promise.resolve({
        // the first thread never answers: the newer study must not wait for it
        run: (range) =>
          n === 1 ? (busy(), new Promise(() => undefined)) : Promise.resolve(sampleRange(range)),
        close: () => void closed.push(n),
      });
    });
    const h = host();
    const runner = createTrainabilityRunner(
      { ...h.host, yieldNow: () => Promise.resolve(), secondThread: () => keeper.acquire() },
      0,
    );
    const first = runner.handle({ type: 'run', id: 1, settings: SMALL });
    await running;
    await runner.handle({ type: 'run', id: 2, settings: SMALL });
    await first;
    expect(h.events.filter((e) => e.id === 1).at(-1)).toEqual({ type: 'cancelled', id: 1 });
    expect(h.events.filter((e) => e.id === 2).at(-1)?.type).toBe('done');
    expect(closed).toEqual([1]);
    expect(starts).toBe(2);
    const one = host();
    await createTrainabilityRunner({ ...one.host, yieldNow: () => Promise.resolve() }, 0).handle({
      type: 'run',
      id: 2,
      settings: SMALL,
    });
    expect(rowsOf(h.events, 2)).toEqual(rowsOf(one.events, 2));
  });
});
