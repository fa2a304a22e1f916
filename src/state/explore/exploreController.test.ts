import { describe, expect, it } from 'vitest';
import { emptyRunRecord } from '../../engine/runRecord';
import type { PairRunner } from '../../engine/sweepRunner';
import { memorySweepStorage } from './sweepArchive';
import { createExploreController, SweepOptionsError } from './exploreController';
import { poolSize } from './sweepWorkers';

/** A runner that finishes every configuration at once with a fixed gradient and accuracy. */
const instant: PairRunner = async (text) => {
  const r = emptyRunRecord(1, text, 'fake');
  r.state = 'done';
  r.steps.push({
    step: 1,
    epoch: 1,
    loss: 1,
    batchAccuracy: 0,
    gradNorms: { Q1: 0.1, H: 1 },
    millis: 0,
  });
  r.epochs.push({
    epoch: 1,
    step: 1,
    trainAccuracy: 0,
    testAccuracy: 0.5,
    trainLoss: 0,
    testLoss: 0,
  });
  return r;
};

describe('the Explore controller', () => {
  it('runs a sweep on its pool, fills the store, keeps the result, and reopens it', async () => {
    const storage = memorySweepStorage();
    let made = 0;
    const deps = {
      createRunners: (size: number) => {
        made = size;
        return { runners: Array(size).fill(instant) as PairRunner[], dispose: () => {} };
      },
      poolSize: 2,
      storage: Promise.resolve(storage),
    };
    const explore = createExploreController(deps);
    const rows = await explore.start({ layers: 1, seeds: 3 });
    expect(made).toBe(2);
    expect(rows).toHaveLength(2);
    expect(rows[0].testAccuracy).toMatchObject({ mean: 0.5, sd: 0, values: [0.5, 0.5, 0.5] });
    expect(explore.store.getState()).toMatchObject({ status: 'done', workers: 2 });
    expect(explore.store.getState().results).toHaveLength(6);
    const saved = await storage.latest();
    expect(saved?.complete).toBe(true);
    expect(saved?.results).toHaveLength(6);
    const again = createExploreController({ ...deps, storage: Promise.resolve(storage) });
    await new Promise((r) => setTimeout(r, 0));
    expect(again.store.getState()).toMatchObject({ restored: true, status: 'done' });
  });

  it('refuses bad options with the plan’s words, in the store and to the caller', async () => {
    const explore = createExploreController({
      createRunners: () => ({ runners: [instant], dispose: () => {} }),
      poolSize: 1,
      storage: Promise.resolve(memorySweepStorage()),
    });
    await expect(explore.start({ layers: 2, seeds: 0 })).rejects.toBeInstanceOf(SweepOptionsError);
    expect(explore.store.getState().problem).toMatch(/seeds must be a whole number from 1 to 100/);
  });

  it('one worker per core, at least one', () => {
    expect(poolSize(8)).toBe(8);
    expect(poolSize(undefined)).toBe(1);
    expect(poolSize(0)).toBe(1);
  });
});
