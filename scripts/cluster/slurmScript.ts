/*
 * The text of a sweep run on a Slurm cluster: a job array whose task k runs shard k+1 of N
 * (`npm run sweep -- … --shard i/N --out DIR/shards`), a merge job that runs once every shard has
 * ended, and a submit script that submits both, the merge depending on the array's job id.
 *
 * Pure: arguments in, text out; writing the files is writeSlurmJobs.ts. The merge depends on the
 * array with `afterany`, not `afterok`: under `afterok` a failed shard leaves the merge pending for
 * ever (DependencyNeverSatisfied) and nothing names the shard; under `afterany` the merge runs,
 * refuses the incomplete set naming the missing shard, and the merge job fails with its status.
 */

/** Everything the three scripts depend on; paths absolute (writeSlurmJobs resolves them). */
export interface SlurmJobOptions {
  /** Where the scripts go; shard files go to DIR/shards, logs to DIR/logs. */
  dir: string;
  /** The directory the jobs run in: the repository root (npm run needs its package.json). */
  workdir: string;
  /** The number of array tasks, one shard each. */
  shards: number;
  /** The sweep's own arguments for every shard (layers, steps, seeds, …), without output flags. */
  sweepArgs: readonly string[];
  /** The merge's output arguments (`--json FILE`, `--csv FILE`). */
  mergeArgs: readonly string[];
  partition?: string;
  /** Slurm's time limit per task, e.g. `30`, `2:00:00`, `1-12`. */
  time?: string;
  cpusPerTask?: number;
  jobName?: string;
  /** The sweep command; the cluster test swaps in its stand-in here. */
  command?: readonly string[];
}

export interface SlurmJobTexts {
  shards: string;
  merge: string;
  submit: string;
}

const SWEEP_COMMAND = ['npm', 'run', 'sweep', '--'] as const;
const DEFAULT_JOB_NAME = 'resqunn-sweep';

/** File names inside DIR. */
export const JOB_FILES = {
  shards: 'shards.sbatch',
  merge: 'merge.sbatch',
  submit: 'submit.sh',
  shardDir: 'shards',
  logDir: 'logs',
} as const;

/** One word for bash: left bare when it is plainly safe, otherwise single-quoted. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

function shellWords(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}

function directives(o: SlurmJobOptions, jobName: string, extra: readonly string[]): string[] {
  return [
    `--job-name=${jobName}`,
    ...extra,
    `--chdir=${o.workdir}`,
    ...(o.partition ? [`--partition=${o.partition}`] : []),
    ...(o.time ? [`--time=${o.time}`] : []),
  ].map((d) => `#SBATCH ${d}`);
}

const BASH_PRELUDE = ['#!/bin/bash', 'set -euo pipefail'];

/** The three scripts' text. */
export function slurmJobTexts(o: SlurmJobOptions): SlurmJobTexts {
  const name = o.jobName ?? DEFAULT_JOB_NAME;
  const command = o.command ?? SWEEP_COMMAND;
  const shardDir = `${o.dir}/${JOB_FILES.shardDir}`;
  const logDir = `${o.dir}/${JOB_FILES.logDir}`;
  const cpus = o.cpusPerTask;
  // A shard uses the cores Slurm gave it, not every core of the node it lands on.
  const workers =
    cpus !== undefined && !o.sweepArgs.some((a) => a === '--workers' || a.startsWith('--workers='))
      ? ['--workers', String(cpus)]
      : [];
  const shards = [
    BASH_PRELUDE[0],
    `# The sweep as ${o.shards} shards, one job array: task k runs shard k+1 (npm run sweep -- --slurm).`,
    ...directives(o, name, [
      `--array=0-${o.shards - 1}`,
      `--output=${logDir}/shard-%a.out`,
      ...(cpus !== undefined ? [`--cpus-per-task=${cpus}`] : []),
    ]),
    BASH_PRELUDE[1],
    `${shellWords([...command, ...o.sweepArgs, ...workers])} --shard "$((SLURM_ARRAY_TASK_ID + 1))/${o.shards}" --out ${shellQuote(shardDir)}`,
    '',
  ].join('\n');
  const merge = [
    BASH_PRELUDE[0],
    `# Merges the ${o.shards} shards into the sweep's result; fails, naming the shard, if one is missing.`,
    ...directives(o, `${name}-merge`, [`--output=${logDir}/merge.out`, '--cpus-per-task=1']),
    BASH_PRELUDE[1],
    shellWords([...command, '--merge', shardDir, ...o.mergeArgs]),
    '',
  ].join('\n');
  const q = (file: string) => shellQuote(`${o.dir}/${file}`);
  const submit = [
    BASH_PRELUDE[0],
    `# Submits the sweep: ${o.shards} shards as one job array, then the merge once all have ended.`,
    BASH_PRELUDE[1],
    // --parsable prints "jobid" or "jobid;cluster".
    `array=$(sbatch --parsable ${q(JOB_FILES.shards)})`,
    'array=${array%%;*}',
    `merge=$(sbatch --parsable --dependency=afterany:"$array" ${q(JOB_FILES.merge)})`,
    'merge=${merge%%;*}',
    `echo "shards: job array $array (${o.shards} tasks); merge: job $merge, after every shard has ended"`,
    `echo "watch: squeue -j $array,$merge    logs: ${logDir}"`,
    '',
  ].join('\n');
  return { shards, merge, submit };
}
