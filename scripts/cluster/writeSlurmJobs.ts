/*
 * `--slurm DIR`: writes the job array, the merge job and the submit script into DIR (and the
 * shards' and logs' folders, which Slurm does not create), or prints them with --dry-run.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../cli/args';
import { JOB_FILES, slurmJobTexts, type SlurmJobOptions } from './slurmScript';

export type SlurmWriteOptions = Omit<SlurmJobOptions, 'dir' | 'workdir'> & {
  /** Defaults to the current directory, the repository root under `npm run`. */
  workdir?: string;
  /** Print the scripts instead of writing them. */
  dryRun?: boolean;
};

/*
 * sbatch reads #SBATCH lines without a shell, and expands % in --output: a path that needs
 * quoting or holds % would silently go wrong on the cluster, so it is refused here.
 */
const PLAIN_PATH = /^[A-Za-z0-9_@+=:,./-]+$/;

function plainPath(what: string, path: string): string {
  if (!PLAIN_PATH.test(path)) {
    throw new UsageError(
      `${what} "${path}" holds a space, quote or other character that #SBATCH lines cannot carry: choose a path of letters, digits and _ @ + = : , . / -`,
    );
  }
  return path;
}

/** Writes (or prints) the jobs; returns the submit script's path. */
export function writeSlurmJobs(
  dir: string,
  options: SlurmWriteOptions,
  print: (text: string) => void = (t) => process.stdout.write(t),
): string {
  const { dryRun, workdir, ...rest } = options;
  const jobs: SlurmJobOptions = {
    ...rest,
    dir: plainPath('--slurm', resolve(dir)),
    workdir: plainPath('the working directory', resolve(workdir ?? process.cwd())),
  };
  const texts = slurmJobTexts(jobs);
  const files = [
    [JOB_FILES.shards, texts.shards],
    [JOB_FILES.merge, texts.merge],
    [JOB_FILES.failed, texts.failed],
    [JOB_FILES.submit, texts.submit],
  ] as const;
  const submit = `${jobs.dir}/${JOB_FILES.submit}`;
  if (dryRun) {
    for (const [name, text] of files) print(`# ==> ${jobs.dir}/${name} <==\n${text}\n`);
    print(`# (dry run: nothing written; without --dry-run, submit with: bash ${submit})\n`);
    return submit;
  }
  for (const sub of [JOB_FILES.shardDir, JOB_FILES.logDir]) {
    mkdirSync(`${jobs.dir}/${sub}`, { recursive: true });
  }
  for (const [name, text] of files) writeFileSync(`${jobs.dir}/${name}`, text);
  chmodSync(submit, 0o755);
  print(
    `wrote ${jobs.shards} shard tasks and their merge to ${jobs.dir}; submit with: bash ${submit}\n`,
  );
  return submit;
}
