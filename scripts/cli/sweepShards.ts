/*
 * Shard files (docs/model.md §7): shard i of N holds the results of the pairs dealt to it
 * round-robin, with the whole plan, so a merge can check that every shard belongs to the same
 * sweep (plans compared as values, whatever their key order) and that together they hold every
 * pair exactly once. A merge either yields exactly the unsharded results or refuses, naming each
 * shard at fault; it never yields part of a sweep.
 */
import { isDeepStrictEqual } from 'node:util';
import type { PairResult } from '../../src/model/sweep/sweepRows';
import { shardPairs, type SweepPlan } from '../../src/model/sweep/sweepPlan';

export interface ShardFile {
  readonly format: 'resqunn-sweep-shard';
  readonly version: 1;
  readonly shard: { readonly index: number; readonly count: number };
  readonly plan: SweepPlan;
  readonly results: readonly PairResult[];
}

/** `shard-003-of-010.json`: sorts in shard order, says what it is. */
export function shardFileName(index: number, count: number): string {
  const w = Math.max(3, String(count).length);
  return `shard-${String(index).padStart(w, '0')}-of-${String(count).padStart(w, '0')}.json`;
}

export function shardFile(
  plan: SweepPlan,
  index: number,
  count: number,
  results: readonly PairResult[],
): ShardFile {
  return { format: 'resqunn-sweep-shard', version: 1, shard: { index, count }, plan, results };
}

export type MergeResult =
  | { readonly ok: true; readonly plan: SweepPlan; readonly results: PairResult[] }
  | { readonly ok: false; readonly errors: readonly string[] };

/** `files`: each shard file's name and parsed JSON (or the parse error's message). */
export function mergeShards(
  files: readonly { readonly name: string; readonly content: unknown }[],
): MergeResult {
  const errors: string[] = [];
  const shards: { name: string; file: ShardFile }[] = [];
  for (const { name, content } of files) {
    const problem = shardProblem(content);
    if (problem) errors.push(`${name}: ${problem}`);
    else shards.push({ name, file: content as ShardFile });
  }
  if (files.length === 0) errors.push('no shard files (shard-*.json) found');
  if (shards.length === 0) return { ok: false, errors };

  const first = shards[0];
  const count = first.file.shard.count;
  const byIndex = new Map<number, string>();
  for (const { name, file } of shards) {
    if (file.shard.count !== count) {
      errors.push(
        `${name}: shard ${file.shard.index} of ${file.shard.count}, but ${first.name} is one of ${count}`,
      );
      continue;
    }
    if (!isDeepStrictEqual(file.plan, first.file.plan)) {
      errors.push(
        `${name}: shard ${file.shard.index}/${count} is from a different sweep (its configurations or seeds differ from ${first.name}'s)`,
      );
      continue;
    }
    const other = byIndex.get(file.shard.index);
    if (other) {
      errors.push(`${name}: duplicate of shard ${file.shard.index}/${count} (also in ${other})`);
      continue;
    }
    byIndex.set(file.shard.index, name);
    const expected = shardPairs(file.plan, file.shard.index, count).map((p) => p.index);
    const got = file.results.map((r) => r.pair).sort((a, b) => a - b);
    if (!isDeepStrictEqual(expected, got)) {
      errors.push(
        `${name}: shard ${file.shard.index}/${count} holds ${got.length} results, but its part of the sweep is ${expected.length} pairs (incomplete or altered: run it again)`,
      );
    }
  }
  for (let i = 1; i <= count; i++) {
    if (!byIndex.has(i))
      errors.push(`shard ${i}/${count} is missing (expected ${shardFileName(i, count)})`);
  }
  if (errors.length > 0) return { ok: false, errors };
  const results = shards.flatMap((s) => s.file.results).sort((a, b) => a.pair - b.pair);
  return { ok: true, plan: first.file.plan, results };
}

function shardProblem(content: unknown): string | null {
  if (content instanceof Error) return `not readable JSON (${content.message})`;
  const f = content as Partial<ShardFile> | null;
  if (typeof f !== 'object' || f === null || f.format !== 'resqunn-sweep-shard') {
    return 'not a sweep shard file (format is not "resqunn-sweep-shard")';
  }
  if (f.version !== 1) return `shard file version ${String(f.version)}; this tool reads version 1`;
  const s = f.shard;
  if (
    !s ||
    !Number.isInteger(s.index) ||
    !Number.isInteger(s.count) ||
    s.index < 1 ||
    s.index > s.count
  ) {
    return 'its shard number is not i/N with 1 ≤ i ≤ N';
  }
  if (!f.plan || !Array.isArray(f.plan.configs) || !Array.isArray(f.plan.seeds))
    return 'it has no plan';
  if (!Array.isArray(f.results)) return 'it has no results';
  return null;
}
