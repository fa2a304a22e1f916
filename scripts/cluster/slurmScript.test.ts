import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../cli/args';
import { SLURM_FLAGS, slurmFlags, splitSweepArgs } from './slurmFlags';
import { shellQuote, slurmJobTexts, type SlurmJobOptions } from './slurmScript';
import { writeSlurmJobs } from './writeSlurmJobs';

const SWEEP_OPTIONS = {
  ...SLURM_FLAGS,
  layers: { type: 'string' },
  steps: { type: 'string' },
  seeds: { type: 'string' },
  json: { type: 'string' },
  csv: { type: 'string' },
  workers: { type: 'string' },
  verbose: { type: 'boolean' },
  shard: { type: 'string' },
  out: { type: 'string' },
  merge: { type: 'string' },
} as const;

const base: SlurmJobOptions = {
  dir: '/scratch/sweep',
  workdir: '/home/me/resqunn',
  shards: 4,
  sweepArgs: ['--layers', '2', '--seeds', '3'],
  mergeArgs: ['--json', '/scratch/out.json'],
};

/** The #SBATCH directives of a script, in order. */
function directives(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('#SBATCH '))
    .map((l) => l.slice('#SBATCH '.length));
}

/** The words bash would make of a command line (bash itself, so the quoting is really tested). */
function bashWords(line: string): string[] {
  const r = spawnSync('bash', ['-c', `for w in ${line}; do printf '%s\\0' "$w"; done`], {
    encoding: 'utf8',
  });
  return r.stdout.split('\0').slice(0, -1);
}

describe('the job array', () => {
  const { shards } = slurmJobTexts(base);
  it('has one task per shard, indices 0..N-1, each writing its log by index', () => {
    expect(directives(shards)).toContain('--array=0-3');
    expect(directives(shards)).toContain('--output=/scratch/sweep/logs/shard-%a.out');
    expect(directives(shards)).toContain('--chdir=/home/me/resqunn');
  });
  it('runs the sweep with shard $((SLURM_ARRAY_TASK_ID+1))/N into DIR/shards', () => {
    expect(shards).toContain(
      'npm run sweep -- --layers 2 --seeds 3 --shard "$((SLURM_ARRAY_TASK_ID + 1))/4" --out /scratch/sweep/shards',
    );
  });
  it('gives task k the shard k+1, as bash evaluates it', () => {
    const line = shards.split('\n').find((l) => l.includes('--shard'))!;
    const r = spawnSync('bash', ['-c', `SLURM_ARRAY_TASK_ID=3; set -- ${line}; echo "$@"`], {
      encoding: 'utf8',
    });
    expect(r.stdout).toContain('--shard 4/4 --out');
  });
  it('stops at the first failing command, so a failed sweep fails the task', () => {
    expect(shards.split('\n')).toContain('set -euo pipefail');
    expect(shards.startsWith('#!/bin/bash\n')).toBe(true);
  });
  it('has no resource lines that were not asked for', () => {
    expect(directives(shards).some((d) => /^--(partition|time|cpus-per-task)=/.test(d))).toBe(
      false,
    );
  });
});

describe('resources', () => {
  const texts = slurmJobTexts({ ...base, partition: 'short', time: '2:00:00', cpusPerTask: 4 });
  it('apply to the shards: partition, time and cores per task', () => {
    expect(directives(texts.shards)).toEqual(
      expect.arrayContaining(['--partition=short', '--time=2:00:00', '--cpus-per-task=4']),
    );
  });
  it('give each shard as many workers as it has cores, unless --workers was given', () => {
    expect(texts.shards).toContain('--seeds 3 --workers 4 --shard');
    const own = slurmJobTexts({ ...base, cpusPerTask: 4, sweepArgs: ['--workers=2'] });
    expect(own.shards).toContain('--workers=2 --shard');
    expect(own.shards).not.toContain('--workers 4');
  });
  it('the merge runs on the same partition and time, on one core', () => {
    expect(directives(texts.merge)).toEqual(
      expect.arrayContaining(['--partition=short', '--time=2:00:00', '--cpus-per-task=1']),
    );
  });
});

describe('the merge job, the failure report and the submit script', () => {
  const { merge, failed, submit } = slurmJobTexts({ ...base, jobName: 'q9' });
  it('merges DIR/shards into the output flags, its status the merge’s', () => {
    expect(merge).toContain(
      'npm run sweep -- --merge /scratch/sweep/shards --json /scratch/out.json',
    );
    expect(merge.split('\n')).toContain('set -euo pipefail');
    expect(directives(merge)).toContain('--job-name=q9-merge');
  });
  it('the failure report checks the shards without writing a result, and always fails', () => {
    const lines = failed.split('\n');
    expect(lines).toContain('npm run sweep -- --merge /scratch/sweep/shards >/dev/null');
    expect(failed).not.toContain('--json');
    expect(lines.at(-2)).toBe('exit 1');
    expect(directives(failed)).toContain('--job-name=q9-failed');
  });
  it('submits the array, the merge after it succeeded and the report after it failed', () => {
    const lines = submit.split('\n');
    expect(lines).toContain('array=$(sbatch --parsable /scratch/sweep/shards.sbatch)');
    expect(lines).toContain(
      'merge=$(sbatch --parsable --dependency=afterok:"$array" --kill-on-invalid-dep=yes /scratch/sweep/merge.sbatch)',
    );
    expect(lines).toContain(
      'failed=$(sbatch --parsable --dependency=afternotok:"$array" --kill-on-invalid-dep=yes /scratch/sweep/failed.sbatch)',
    );
  });
  it('takes the job id from --parsable output with or without a cluster name', () => {
    const fake = (out: string) =>
      spawnSync('bash', ['-c', submit], {
        encoding: 'utf8',
        env: { ...process.env, PATH: `${fakeSbatch(out)}:${process.env.PATH}` },
      }).stdout;
    expect(fake('41;hpc')).toContain('job array 41 (4 tasks); merge: job 41,');
    expect(fake('42')).toContain('job array 42 (4 tasks); merge: job 42,');
  });
});

const tmp = mkdtempSync(join(tmpdir(), 'rq-slurm-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A directory with an `sbatch` that prints `out` and logs its arguments. */
function fakeSbatch(out: string): string {
  const bin = mkdtempSync(join(tmp, 'bin-'));
  spawnSync('bash', [
    '-c',
    `printf '#!/bin/bash\\necho "$*" >> ${bin}/calls\\necho "${out}"\\n' > ${bin}/sbatch; chmod +x ${bin}/sbatch`,
  ]);
  return bin;
}

describe('quoting', () => {
  it('leaves plain words bare and quotes the rest so bash reads them back unchanged', () => {
    expect(shellQuote('--layers')).toBe('--layers');
    expect(shellQuote('/a/b.json')).toBe('/a/b.json');
    const awkward = ["it's", 'two words', '$HOME', '`x`', '"q"', '', 'a;b', '*'];
    expect(bashWords(awkward.map(shellQuote).join(' '))).toEqual(awkward);
  });
  it('carries awkward sweep arguments into the task’s command intact', () => {
    const sweepArgs = ['--layers', '2', '--tap', "raw'; rm -rf /"];
    const { shards } = slurmJobTexts({ ...base, sweepArgs });
    const line = shards.split('\n').find((l) => l.includes('--shard'))!;
    expect(bashWords(line.replace(/"\$\(\(.*\)\)\/4"/, 'X')).slice(4, 8)).toEqual(sweepArgs);
  });
});

describe('slurmFlags', () => {
  const argv = ['--layers', '2', '--json=o.json', '--slurm', 'jobs', '--shards', '8', '--dry-run'];
  // Parsed as the sweep parses its command line, then handed over as the sweep will.
  const parse = (args: string[]) =>
    slurmFlags(
      parseArgs({ args, options: SWEEP_OPTIONS, strict: true }).values,
      args,
      SWEEP_OPTIONS,
    );
  it('is undefined without --slurm', () => {
    expect(parse(['--layers', '2'])).toBeUndefined();
  });
  it('reads the request: dir, shards, dry run; work flags to shards, outputs to the merge', () => {
    expect(parse(argv)).toEqual({
      dir: 'jobs',
      options: {
        shards: 8,
        sweepArgs: ['--layers', '2'],
        mergeArgs: ['--json=o.json'],
        dryRun: true,
      },
    });
  });
  it('keeps boolean flags whole and drops every Slurm flag', () => {
    const split = splitSweepArgs(
      ['--verbose', '--slurm=j', '--time', '5', '--steps', '3', '--csv', 'c.csv', '--shards', '2'],
      SWEEP_OPTIONS,
    );
    expect(split).toEqual({
      sweepArgs: ['--verbose', '--steps', '3'],
      mergeArgs: ['--csv', 'c.csv'],
    });
  });
  it.each([
    [['--slurm', 'j'], /--slurm needs --shards N/],
    [['--slurm', 'j', '--shards', '0'], /--shards must be a whole number from 1 to 1000/],
    [['--slurm', 'j', '--shards', '2', '--time', '2h'], /--time must be one of Slurm's formats/],
    [['--slurm', 'j', '--shards', '2', '--partition', 'a b'], /--partition must be/],
    [['--slurm', 'j', '--shards', '2', '--cpus-per-task', '1.5'], /--cpus-per-task must be/],
    [['--shards', '2', '--dry-run'], /--shards, --dry-run only apply with --slurm DIR/],
    [
      ['--slurm', 'j', '--shards', '2', '--shard', '1/2'],
      /--shard cannot be combined with --slurm/,
    ],
    [['--merge', 'd', '--slurm', 'j', '--shards', '2'], /--merge cannot be combined/],
  ])('refuses %j with a clear message', (args, message) => {
    expect(() => parse(args)).toThrow(UsageError);
    expect(() => parse(args)).toThrow(message);
  });
  it.each(['30', '5:00', '2:00:00', '1-12', '1-0:30', '7-00:00:00'])('accepts --time %s', (t) => {
    expect(parse(['--slurm', 'j', '--shards', '2', '--time', t])?.options.time).toBe(t);
  });
});

describe('writeSlurmJobs', () => {
  it('writes the four scripts, the shards and logs folders, submit.sh executable', () => {
    const dir = join(tmp, 'jobs');
    const printed: string[] = [];
    const submit = writeSlurmJobs(dir, { ...base, workdir: '/repo' }, (t) => printed.push(t));
    expect(submit).toBe(join(dir, 'submit.sh'));
    expect(statSync(submit).mode & 0o111).not.toBe(0);
    expect(existsSync(join(dir, 'shards')) && existsSync(join(dir, 'logs'))).toBe(true);
    expect(readFileSync(join(dir, 'shards.sbatch'), 'utf8')).toContain(`--out ${dir}/shards`);
    expect(readFileSync(join(dir, 'failed.sbatch'), 'utf8')).toContain('exit 1');
    expect(printed.join('')).toContain(`submit with: bash ${submit}`);
  });
  it('prints instead of writing with dryRun', () => {
    const dir = join(tmp, 'dry');
    const printed: string[] = [];
    writeSlurmJobs(dir, { ...base, dryRun: true }, (t) => printed.push(t));
    expect(existsSync(dir)).toBe(false);
    expect(printed.join('')).toContain(`# ==> ${dir}/merge.sbatch <==`);
    expect(printed.join('')).toContain('--array=0-3');
  });
  it('refuses a directory that #SBATCH lines cannot carry', () => {
    expect(() => writeSlurmJobs(join(tmp, 'with space'), base, () => {})).toThrow(
      /holds a space, quote or other character/,
    );
    expect(() => writeSlurmJobs(join(tmp, 'p%a'), base, () => {})).toThrow(UsageError);
  });
});
