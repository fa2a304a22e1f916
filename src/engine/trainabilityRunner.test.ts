import { describe, expect, it } from 'vitest';
import type { TrainabilityEvent } from './trainabilityProtocol';
import { createTrainabilityRunner } from './trainabilityRunner';

function host() {
  const events: TrainabilityEvent[] = [];
  let pending: (() => void) | null = null;
  return {
    events,
    host: {
      post: (e: TrainabilityEvent) => events.push(e),
      yieldNow: () => new Promise<void>((resolve) => (pending = resolve)),
      now: () => performance.now(),
    },
    release() {
      const p = pending;
      pending = null;
      p?.();
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
