/*
 * The sweep's Slurm flags: `--slurm DIR --shards N [--partition P] [--time T] [--cpus-per-task C]
 * [--dry-run]`, validated once here. The rest of the command line is the sweep itself: its work
 * flags go to every shard, its output flags (--json, --csv) to the merge.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { intFlag, UsageError } from '../cli/args';
import type { SlurmWriteOptions } from './writeSlurmJobs';

/** node:util parseArgs options, to spread into the sweep's own. */
export const SLURM_FLAGS = {
  slurm: { type: 'string' },
  shards: { type: 'string' },
  partition: { type: 'string' },
  time: { type: 'string' },
  'cpus-per-task': { type: 'string' },
  'dry-run': { type: 'boolean' },
} as const;

export interface SlurmFlagValues {
  slurm?: string;
  shards?: string;
  partition?: string;
  time?: string;
  'cpus-per-task'?: string;
  'dry-run'?: boolean;
}

export const SLURM_USAGE = `  [--slurm DIR --shards N [--partition P] [--time T] [--cpus-per-task C] [--dry-run]]`;

/** The sweep's flags that name its outputs: the merge writes them, not the shards. */
const OUTPUT_FLAGS = ['--json', '--csv'];
/** The sweep's flags that --slurm writes itself, per task. */
const SHARD_FLAGS = ['--shard', '--out', '--merge'];
/** Slurm's array indices run to MaxArraySize − 1, 1000 by default. */
const MAX_SHARDS = 1000;

/** Slurm's time formats: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S (sbatch(1)). */
const SLURM_TIME = /^(\d+(:\d{1,2}){0,2}|\d+-\d{1,2}(:\d{1,2}){0,2})$/;
const PARTITION = /^[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*$/;

/**
 * Splits the sweep's command line into the shards' arguments and the merge's, dropping the Slurm
 * flags. `options` are the sweep's parseArgs options (Slurm's included): they tell which flags
 * take a value, so `--name value`, `--name=value` and boolean flags are all kept whole.
 */
export function splitSweepArgs(
  argv: readonly string[],
  options: ParseArgsConfig['options'],
): { sweepArgs: string[]; mergeArgs: string[] } {
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, tokens: true });
  const sweepArgs: string[] = [];
  const mergeArgs: string[] = [];
  for (const token of tokens) {
    if (token.kind !== 'option') {
      if (token.kind === 'positional') sweepArgs.push(token.value);
      continue;
    }
    const name = `--${token.name}`;
    const words =
      token.value !== undefined && !token.inlineValue
        ? [token.rawName, token.value]
        : [argv[token.index]];
    if (SHARD_FLAGS.includes(name)) {
      throw new UsageError(
        `${name} cannot be combined with --slurm: the job array gives every task its own --shard and --out`,
      );
    }
    if (token.name in SLURM_FLAGS) continue;
    (OUTPUT_FLAGS.includes(name) ? mergeArgs : sweepArgs).push(...words);
  }
  return { sweepArgs, mergeArgs };
}

/**
 * The --slurm request of the sweep's parsed flags, raw command line and parseArgs options (the
 * same ones that parsed `values`), or undefined without
 * --slurm. Throws a UsageError naming the flag when one is wrong or stands without --slurm.
 */
export function slurmFlags(
  values: SlurmFlagValues,
  argv: readonly string[],
  options: ParseArgsConfig['options'],
): { dir: string; options: SlurmWriteOptions } | undefined {
  if (values.slurm === undefined) {
    const stray = (Object.keys(SLURM_FLAGS) as (keyof SlurmFlagValues)[]).filter(
      (k) => k !== 'slurm' && values[k] !== undefined,
    );
    if (stray.length) {
      throw new UsageError(
        `${stray.map((k) => `--${k}`).join(', ')} only apply with --slurm DIR (writing Slurm jobs)`,
      );
    }
    return undefined;
  }
  if (values.slurm === '') throw new UsageError('--slurm needs a directory for the job scripts');
  const shards = intFlag('shards', values.shards, 1, MAX_SHARDS);
  if (shards === undefined) {
    throw new UsageError(
      '--slurm needs --shards N: how many array tasks to split the sweep into (1 to 1000)',
    );
  }
  if (values.partition !== undefined && !PARTITION.test(values.partition)) {
    throw new UsageError(
      `--partition must be a partition name or a comma-separated list of them (got "${values.partition}")`,
    );
  }
  if (values.time !== undefined && !SLURM_TIME.test(values.time)) {
    throw new UsageError(
      `--time must be one of Slurm's formats: minutes, M:S, H:M:S, D-H, D-H:M or D-H:M:S (got "${values.time}")`,
    );
  }
  const cpusPerTask = intFlag('cpus-per-task', values['cpus-per-task'], 1, 1024);
  return {
    dir: values.slurm,
    options: {
      shards,
      ...splitSweepArgs(argv, options),
      ...(values.partition !== undefined && { partition: values.partition }),
      ...(values.time !== undefined && { time: values.time }),
      ...(cpusPerTask !== undefined && { cpusPerTask }),
      dryRun: values['dry-run'] ?? false,
    },
  };
}

/**
 * The shards' arguments with `--data PATH` pointing at the dataset's stored folder (absolute, so
 * a task finds it whatever its directory), stored once when the jobs were written, and without
 * `--transposed` (the stored dataset is already oriented): N tasks never import the files N times
 * into one folder at once.
 */
export function storedDataArgs(sweepArgs: readonly string[], folder: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < sweepArgs.length; i++) {
    const word = sweepArgs[i];
    const name = word.split('=')[0];
    if (name !== '--data' && name !== '--transposed') {
      out.push(word);
      continue;
    }
    if (!word.includes('=')) i += 1; // its value is the next word
    if (name === '--data') out.push('--data', folder);
  }
  return out;
}
