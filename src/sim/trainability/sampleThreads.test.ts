import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mccleanCircuit } from './presets';
import { sampleGradients } from './sampler';
import { sampleGradientsTwoThreads, sampleRange } from './sampleThreads';
import { startNodeSampleThread, type NodeSampleThread } from './sampleThreadsNode';

describe('two threads give the one-thread samples bit for bit', () => {
  let thread: NodeSampleThread;
  beforeAll(async () => {
    thread = await startNodeSampleThread();
  }, 60_000);
  afterAll(() => thread.close());

  it.each(['uniform', 'identity'] as const)('McClean, 7 samples (odd), init %s', async (init) => {
    const spec = { circuit: mccleanCircuit(6, 4), cost: 'projector' as const, init, seed: 11 };
    const one = sampleGradients(spec, 7);
    const two = await sampleGradientsTwoThreads(spec, 7, thread.run);
    expect(two.paramCount).toBe(one.paramCount);
    expect(two.grads).toEqual(one.grads);
    expect(two.costs).toEqual(one.costs);
    expect(one.grads.some((g) => Math.abs(g) > 1e-3)).toBe(true);
  });

  it('a range is the same samples wherever it runs', () => {
    const spec = {
      circuit: mccleanCircuit(5, 2),
      cost: 'global' as const,
      init: 'small' as const,
      seed: 2,
    };
    const all = sampleGradients(spec, 9);
    const r = sampleRange({ spec, samples: 9, start: 4, count: 5 });
    for (let p = 0; p < all.paramCount; p++) {
      expect(Array.from(r.grads.subarray(p * 5, p * 5 + 5))).toEqual(
        Array.from(all.grads.subarray(p * 9 + 4, p * 9 + 9)),
      );
    }
  });
});
