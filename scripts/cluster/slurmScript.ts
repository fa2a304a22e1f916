/*
 * The text of a sweep run on a Slurm cluster: a job array whose task k runs shard k+1 of N
 * (`npm run sweep -- … --shard i/N --out DIR/shards`), a merge job that runs once every shard has
 * succeeded, a failure report that runs if one failed, and a submit script that submits all three,
 * each depending on the array's job id.
 *
 * Pure: arguments in, text out; writing the files is writeSlurmJobs.ts. The merge depends on the
 * array with `afterok`, so it runs only when every shard succeeded. `afterok` alone would leave the
 * merge pending for ever after a failed shard (DependencyNeverSatisfied) with nothing naming the
 * shard, so the submit script also queues a failure report with `afternotok` (Slurm reads an
 * array's highest exit code): it runs the merge's check, which names the missing shard, writes no
 * result and fails. Both are queued with --kill-on-invalid-dep=yes, so the one whose dependency
 * can no longer be met is cancelled instead of waiting for ever.
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
  /** The sweep command, `npm run sweep --` unless given (tests give their own). */
  command?: readonly string[];
}

export interface SlurmJobTexts {
  shards: string;
  merge: string;
  /** The failure report: runs only when a shard task failed. */
  failed: string;
  submit: string;
}

const SWEEP_COMMAND = ['npm', 'run', 'sweep', '--'] as const;
const DEFAULT_JOB_NAME = 'resqunn-sweep';

/** File names inside DIR. */
export const JOB_FILES = {
  shards: 'shards.sbatch',
  merge: 'merge.sbatch',
  failed: 'failed.sbatch',
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
  const failed = [
    BASH_PRELUDE[0],
    `# Runs only when a shard task failed: names the missing shards (the merge's check, with no`,
    `# output flags, so nothing is written) and fails.`,
    ...directives(o, `${name}-failed`, [`--output=${logDir}/failed.out`, '--cpus-per-task=1']),
    BASH_PRELUDE[1],
    `${shellWords([...command, '--merge', shardDir])} >/dev/null`,
    `echo "a shard task failed after writing its file: see ${logDir}/shard-*.out; not merging" >&2`,
    'exit 1',
    '',
  ].join('\n');
  const q = (file: string) => shellQuote(`${o.dir}/${file}`);
  const after = (kind: string) => `--dependency=${kind}:"$array" --kill-on-invalid-dep=yes`;
  const submit = [
    BASH_PRELUDE[0],
    `# Submits the sweep: ${o.shards} shards as one job array, the merge once all succeeded, and a failure report if one failed.`,
    BASH_PRELUDE[1],
    // --parsable prints "jobid" or "jobid;cluster".
    `array=$(sbatch --parsable ${q(JOB_FILES.shards)})`,
    'array=${array%%;*}',
    `merge=$(sbatch --parsable ${after('afterok')} ${q(JOB_FILES.merge)})`,
    'merge=${merge%%;*}',
    `failed=$(sbatch --parsable ${after('afternotok')} ${q(JOB_FILES.failed)})`,
    'failed=${failed%%;*}',
    `echo "shards: job array $array (${o.shards} tasks); merge: job $merge, once every shard succeeded; failure report: job $failed, if one failed"`,
    `echo "watch: squeue -j $array,$merge,$failed    logs: ${logDir}"`,
    '',
  ].join('\n');
  return { shards, merge, failed, submit };
}
