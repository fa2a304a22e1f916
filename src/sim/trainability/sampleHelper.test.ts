import { describe, expect, it } from 'vitest';
import { RangeAbandoned, sampleHelperKeeper, type SampleHelper } from './sampleHelper';
import { sampleRange, type RangeResult, type SampleRange } from './sampleThreads';
import { mccleanCircuit } from './presets';

const RANGE: SampleRange = {
  spec: { circuit: mccleanCircuit(3, 2), cost: 'projector', init: 'uniform', seed: 3 },
  samples: 4,
  start: 2,
  count: 2,
};

/** A helper whose ranges wait until `answer` is called; counts its starts and closes. */
function fakeHelpers() {
  const log = { starts: 0, closes: 0 };
  const waiting: ((r: RangeResult | Error) => void)[] = [];
  const start = (): Promise<SampleHelper> => {
    log.starts++;
    return Promise.resolve({
      run: () =>
        new Promise<RangeResult>((resolve, reject) =>
          waiting.push((r) => (r instanceof Error ? reject(r) : resolve(r))),
        ),
      close: () => void log.closes++,
    });
  };
  const answer = (r: RangeResult | Error = sampleRange(RANGE)) => waiting.shift()?.(r);
  return { log, start, answer };
}

/** A keeper over fake helpers, a lease taken and a range sent on it (not answered yet). */
async function oneRangeSent() {
  const f = fakeHelpers();
  const keeper = sampleHelperKeeper(f.start);
  const lease = await keeper.acquire();
  return { f, keeper, lease, pending: lease.run!(RANGE) };
}

describe('the second thread’s keeper', () => {
  it('starts it once and keeps it for the next study', async () => {
    const { f, keeper, lease: a, pending } = await oneRangeSent();
    f.answer();
    expect((await pending).grads).toEqual(sampleRange(RANGE).grads);
    a.release();
    const b = await keeper.acquire();
    expect(b.run).not.toBeNull();
    expect(f.log).toEqual({ starts: 1, closes: 0 });
  });

  it('a study that stops with a range in flight ends that thread; the next starts a new one', async () => {
    const { f, keeper, lease: a, pending } = await oneRangeSent();
    a.release();
    await expect(pending).rejects.toBeInstanceOf(RangeAbandoned);
    expect(f.log.closes).toBe(1);
    await keeper.acquire();
    expect(f.log.starts).toBe(2);
  });

  it('a newer study takes the thread from one still waiting on it', async () => {
    const { f, keeper, lease: old, pending } = await oneRangeSent();
    const next = await keeper.acquire();
    await expect(pending).rejects.toBeInstanceOf(RangeAbandoned);
    expect(f.log).toEqual({ starts: 2, closes: 1 });
    old.release(); // late: it must not end the newer study's thread
    const mine = next.run!(RANGE);
    f.answer(); // the first helper's range, dropped
    f.answer();
    expect((await mine).count).toBe(2);
    expect(f.log.closes).toBe(1);
  });

  it('a crash rejects the range with its reason, and the next study starts afresh', async () => {
    const { f, keeper, pending } = await oneRangeSent();
    f.answer(new Error('out of memory'));
    await expect(pending).rejects.toThrow('out of memory');
    await expect(pending).rejects.not.toBeInstanceOf(RangeAbandoned);
    expect((await keeper.acquire()).run).not.toBeNull();
    expect(f.log.starts).toBe(2);
  });

  it('one that fails or does not start in time: one thread with the reason, and no second wait', async () => {
    let starts = 0;
    const failing = sampleHelperKeeper(() => {
      starts++;
      return Promise.reject(new Error('nested workers are not supported'));
    });
    const a = await failing.acquire();
    expect(a.run).toBeNull();
    expect(a.note).toBe('the second thread did not start (nested workers are not supported)');
    await failing.acquire();
    expect(starts).toBe(1);

    const hanging = sampleHelperKeeper(() => new Promise<SampleHelper>(() => undefined), {
      startMs: 50,
    });
    const b = await hanging.acquire();
    expect(b.run).toBeNull();
    expect(b.note).toContain('did not start within 0.05 s');
  });

  it('asked for one thread: none is started', async () => {
    const f = fakeHelpers();
    const keeper = sampleHelperKeeper(f.start, { oneThread: 'one thread was asked for' });
    const a = await keeper.acquire();
    expect(a).toMatchObject({ run: null, note: 'one thread was asked for' });
    expect(f.log.starts).toBe(0);
  });
});

describe('the keeper with two studies at once', () => {
  it('an older lease sends nothing more once a newer one is given', async () => {
    const f = fakeHelpers();
    const keeper = sampleHelperKeeper(f.start);
    const [old, next] = await Promise.all([keeper.acquire(), keeper.acquire()]);
    await expect(old.run!(RANGE)).rejects.toBeInstanceOf(RangeAbandoned);
    const mine = next.run!(RANGE);
    f.answer();
    expect((await mine).start).toBe(2);
    expect(f.log).toEqual({ starts: 1, closes: 0 });
  });
});
