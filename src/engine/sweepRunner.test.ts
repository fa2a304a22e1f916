import * as tf from '../sim/tf';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { sweepPairs, sweepPlan } from '../model/sweep/sweepPlan';
import { sweepRows } from '../model/sweep/sweepRows';
import { nodeHost, quietTfjs } from './nodeHost';
import { runInNode } from './nodeRunner';
import { emptyRunRecord, type RunRecord } from './runRecord';
import { runSweep, timeLeft, type PairRunner } from './sweepRunner';

beforeAll(async () => {
  quietTfjs();
  await tf.setBackend('cpu');
});

const planned = sweepPlan({ layers: 1, seeds: 2, steps: 2, test: 20 });
if (!planned.ok) throw new Error(planned.errors.join('; '));
const plan = planned.plan;

/** A record as a finished run leaves it, from the config text alone (no training). */
function fakeRecord(text: string): RunRecord {
  const record = emptyRunRecord(1, text, 'fake');
  const seed = Number(/seed=(\d+)/.exec(text)?.[1] ?? 1);
  record.state = 'done';
  record.steps.push({
    step: 1,
    epoch: 1,
    loss: 1,
    batchAccuracy: 0,
    gradNorms: { Q1: seed, H: 1 },
    millis: 0,
  });
  record.epochs.push({
    epoch: 1,
    step: 1,
    trainAccuracy: 0,
    testAccuracy: seed / 10,
    trainLoss: 0,
    testLoss: 0,
  });
  return record;
}

describe('runSweep', () => {
  it('is deterministic for a fixed seed on the real engine, whatever the order of the pairs', async () => {
    const host = nodeHost();
    const run: PairRunner = (text) => runInNode(host, text);
    const pairs = sweepPairs(plan);
    const once = await runSweep(plan, pairs, [run]).done;
    // One engine per thread (the CLI's pool uses worker threads; scripts/sweep.test.ts checks 2
    // threads against 1): here the same pairs again, in reverse order.
    const twice = await runSweep(plan, [...pairs].reverse(), [run]).done;
    expect(once.results).toHaveLength(4);
    expect(twice.results).toEqual(once.results);
    const rows = sweepRows(plan, once.results);
    // Two seeds give two different runs (angles, head and batch order change).
    expect(once.results[0].firstStepGradNorm).not.toEqual(once.results[1].firstStepGradNorm);
    expect(rows.map((r) => r.measuredAccess)).toEqual([{ Q1: true }, { Q1: true }]);
    expect(rows.every((r) => r.errors.length === 0 && r.testAccuracy.values.length === 2)).toBe(
      true,
    );
  });

  it('keeps every runner busy, reports progress, and pauses, resumes and cancels', async () => {
    const big = sweepPlan({ layers: 2, seeds: 2 });
    if (!big.ok) throw new Error('plan');
    let running = 0;
    let most = 0;
    const slow: PairRunner = async (text) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      running -= 1;
      return fakeRecord(text);
    };
    const seen: number[] = [];
    const handle = runSweep(big.plan, sweepPairs(big.plan), [slow, slow, slow], {
      onResult: (_r, p) => {
        seen.push(p.done);
        if (p.done === 4) {
          handle.pause();
          setTimeout(() => handle.resume(), 30);
        }
        if (p.done === 10) handle.cancel();
      },
    });
    const { results, cancelled } = await handle.done;
    expect(most).toBe(3);
    expect(cancelled).toBe(true);
    // Cancel at 10 lets the two other running pairs finish and starts no new one.
    expect(results.length).toBe(12);
    expect(seen.slice(0, 4)).toEqual([1, 2, 3, 4]);
    expect(results[3].testAccuracy).toBeCloseTo(0.2, 12);
  });

  it('a failing run becomes a result with its error, not a crash', async () => {
    const failing: PairRunner = () => Promise.reject(new Error('worker lost'));
    const { results } = await runSweep(plan, sweepPairs(plan).slice(0, 1), [failing]).done;
    expect(results[0]).toMatchObject({ testAccuracy: null, error: 'worker lost' });
  });

  it('time left from the throughput so far', () => {
    expect(timeLeft(0, 10, 500)).toBeNull();
    expect(timeLeft(2, 10, 1000)).toBe(4000);
  });
});
