import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tinyIdxFolder } from '../../src/data/formats/testing/idxFolder';
import { storedDataArgs } from './slurmFlags';

/*
 * `npm run sweep -- --data PATH --slurm DIR`: the dataset is imported and stored once when the jobs
 * are written, and every shard task reads that stored folder (named by an absolute path), never the
 * user's original files again.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'rq-slurm-data-'));

/** `npm run sweep -- …args` as a child process of this Node (tsx and the tfjs-core hook). */
function sweep(args: readonly string[], timeout: number) {
  return spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      './scripts/runtime/tfjsCoreLoader.mjs',
      'scripts/sweep.ts',
      ...args,
    ],
    { cwd: ROOT, encoding: 'utf8', timeout },
  );
}

/** The words bash makes of a command line (bash itself, so the quoting is really tested). */
function bashWords(line: string): string[] {
  const r = spawnSync('bash', ['-c', `for w in ${line}; do printf '%s\\0' "$w"; done`], {
    encoding: 'utf8',
  });
  return r.stdout.split('\0').slice(0, -1);
}

describe('storedDataArgs', () => {
  it('points --data (either spelling) at the stored folder and drops --transposed', () => {
    expect(
      storedDataArgs(
        ['--layers', '2', '--data', 'mine', '--transposed', 'yes', '--seeds', '3'],
        '/s/d',
      ),
    ).toEqual(['--layers', '2', '--data', '/s/d', '--seeds', '3']);
    expect(storedDataArgs(['--data=mine', '--transposed=no', '--steps', '4'], '/s/d')).toEqual([
      '--data',
      '/s/d',
      '--steps',
      '4',
    ]);
    expect(storedDataArgs(['--layers', '1'], '/s/d')).toEqual(['--layers', '1']);
  });
});

describe('npm run sweep -- --data PATH --slurm DIR --dry-run', () => {
  const source = tinyIdxFolder(dir, { name: 'clothes' });
  let stored = '';
  afterAll(() => {
    // sweep stores under the checkout's .datasets/ (git-ignored); remove ours.
    if (stored) rmSync(stored, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('every shard task trains on the dataset stored when the jobs were written', () => {
    const run = sweep(
      [
        '--layers',
        '1',
        '--steps',
        '1',
        '--data',
        source,
        '--slurm',
        join(dir, 'jobs'),
        '--shards',
        '2',
        '--dry-run',
        '--json',
        join(dir, 'out.json'),
      ],
      120_000,
    );
    expect(run.status, run.stderr).toBe(0);
    const id = /Imported and stored dataset (clothes\.[0-9a-f]{8})/.exec(run.stderr)?.[1];
    expect(id, run.stderr).toBeDefined();
    stored = join(ROOT, '.datasets', id!.replace('.', '-'));
    expect(existsSync(join(stored, 'dataset.rqds'))).toBe(true);
    const line = run.stdout.split('\n').find((l) => l.includes('--shard'))!;
    const words = bashWords(line.replace(/"\$\(\(SLURM_ARRAY_TASK_ID \+ 1\)\)\/2"/, '1/2'));
    // The stored folder, not the files the user gave; the merge needs no data.
    expect(words[words.indexOf('--data') + 1]).toBe(stored);
    expect(words).not.toContain(source);
    const merge = run.stdout
      .split('\n')
      .find((l) => l.includes('--merge') && l.includes('--json'))!;
    expect(merge).not.toContain('--data');
    // The shard's command as written runs: the stored folder is read as it is, by name and hash.
    const shard = sweep(
      [
        ...words.slice(words.indexOf('--') + 1, words.indexOf('--shard')),
        '--test',
        '6',
        '--batch',
        '4',
        '--workers',
        '1',
        '--json',
        join(dir, 'shard.json'),
      ],
      180_000,
    );
    expect(shard.status, shard.stderr).toBe(0);
    expect(shard.stderr).toContain(`Using stored dataset ${id}`);
  }, 300_000);
});
