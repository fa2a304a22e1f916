import { describe, expect, it } from 'vitest';
import { shardPairs, sweepPairs, sweepPlan, type SweepPlan } from '../../src/model/sweep/sweepPlan';
import { sweepRows, type PairResult } from '../../src/model/sweep/sweepRows';
import { mergeShards, shardFile, shardFileName } from './sweepShards';

const planned = sweepPlan({ layers: 2, seeds: 3 });
if (!planned.ok) throw new Error('plan');
const plan = planned.plan;

/** A made-up but deterministic result per pair (no training: merging is bookkeeping). */
function fake(p: { index: number; config: number; seed: number }): PairResult {
  return {
    pair: p.index,
    config: p.config,
    seed: p.seed,
    testAccuracy: 0.5 + ((p.index * 37) % 17) / 100,
    gradNorm: { Q1: p.config % 2 ? 0.1 * p.seed : 0, Q2: 0.3, H: 1 },
    firstStepGradNorm: { Q1: 0.01 * p.index, Q2: 0.2, H: 2 },
    error: null,
  };
}

const shardsOf = (count: number, source: SweepPlan = plan) =>
  Array.from({ length: count }, (_, i) => ({
    name: shardFileName(i + 1, count),
    content: JSON.parse(
      JSON.stringify(shardFile(source, i + 1, count, shardPairs(source, i + 1, count).map(fake))),
    ) as unknown,
  }));

describe('shards and merge', () => {
  it('merging N shards gives exactly the unsharded rows, for any N', () => {
    const whole = sweepRows(plan, sweepPairs(plan).map(fake));
    for (const count of [1, 2, 5, 24, 30]) {
      const merged = mergeShards(shardsOf(count).reverse());
      expect(merged.ok).toBe(true);
      if (merged.ok) expect(sweepRows(merged.plan, merged.results)).toEqual(whole);
    }
  });

  it('refuses a missing shard, naming it', () => {
    const files = shardsOf(4).filter((f) => f.name !== shardFileName(3, 4));
    const merged = mergeShards(files);
    expect(merged.ok).toBe(false);
    if (!merged.ok)
      expect(merged.errors).toEqual(['shard 3/4 is missing (expected shard-003-of-004.json)']);
  });

  it('refuses a duplicate shard and a shard of another sweep', () => {
    const files = shardsOf(3);
    const dup = mergeShards([...files, { name: 'copy.json', content: files[1].content }]);
    expect(dup.ok ? [] : dup.errors).toEqual([
      'copy.json: duplicate of shard 2/3 (also in shard-002-of-003.json)',
    ]);
    const other = sweepPlan({ layers: 2, seeds: 3, tap: 'raw' });
    if (!other.ok) throw new Error('plan');
    const mixed = mergeShards([files[0], files[1], shardsOf(3, other.plan)[2]]);
    expect(mixed.ok ? [] : mixed.errors).toEqual([
      "shard-003-of-003.json: shard 3/3 is from a different sweep (its configurations or seeds differ from shard-001-of-003.json's)",
      'shard 3/3 is missing (expected shard-003-of-003.json)',
    ]);
    const counts = mergeShards([...shardsOf(2), shardsOf(3)[2]]);
    expect(counts.ok ? [] : counts.errors[0]).toMatch(
      /shard 3 of 3, but shard-001-of-002.json is one of 2/,
    );
  });

  it('refuses incomplete shards and files that are not shards', () => {
    const files = shardsOf(2);
    const cut = files[0].content as { results: PairResult[] };
    cut.results.pop();
    const merged = mergeShards([
      ...files,
      { name: 'notes.json', content: { hello: 1 } },
      { name: 'broken.json', content: new Error('Unexpected end of JSON input') },
    ]);
    expect(merged.ok ? [] : merged.errors).toEqual([
      'notes.json: not a sweep shard file (format is not "resqunn-sweep-shard")',
      'broken.json: not readable JSON (Unexpected end of JSON input)',
      'shard-001-of-002.json: shard 1/2 holds 11 results, but its part of the sweep is 12 pairs (incomplete or altered: run it again)',
    ]);
    expect(mergeShards([]).ok).toBe(false);
  });
});

describe('sweep rows', () => {
  it('aggregates seeds: mixed access, mean and CI of accuracy, first-step mean and variance', () => {
    const rows = sweepRows(plan, sweepPairs(plan).map(fake));
    expect(rows).toHaveLength(8);
    const r = rows[1]; // config 1: Q1 norm 0.1·seed in every seed
    expect(r.seeds).toEqual([1, 2, 3]);
    expect(r.measuredAccess).toEqual({ Q1: true, Q2: true });
    expect(rows[0].measuredAccess.Q1).toBe(false);
    expect(r.gradNorm.Q1).toBeCloseTo(0.2, 12);
    expect(r.testAccuracy.values).toHaveLength(3);
    expect(r.testAccuracy.ci95![0]).toBeLessThan(r.testAccuracy.mean);
    expect(r.firstStepGradNorm.Q1.mean).toBeCloseTo(0.04, 12);
    expect(r.firstStepGradNorm.Q1.variance).toBeCloseTo(0.0001, 12);
    const mixed = sweepRows(plan, [
      { ...fake({ index: 0, config: 0, seed: 1 }), gradNorm: { Q1: 0.5, Q2: 1, H: 1 } },
      fake({ index: 1, config: 0, seed: 2 }),
    ]);
    expect(mixed[0].measuredAccess.Q1).toBe('mixed');
    expect(mixed[0].testAccuracy.ci95).not.toBeNull();
  });
});
