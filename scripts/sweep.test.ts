import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/* The CLI end to end: shards written by separate processes merge into the unsharded JSON. */

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'sweep-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sweep = (...args: string[]) =>
  run(
    'npx',
    ['tsx', '--import', './scripts/runtime/tfjsCoreLoader.mjs', 'scripts/sweep.ts', ...args],
    { cwd: process.cwd() },
  );
const common = ['--layers', '1', '--seeds', '3', '--steps', '2', '--test', '20'];

describe('npm run sweep', () => {
  it('--shard i/N then --merge gives exactly the unsharded result; a missing shard is refused', async () => {
    const shards = join(dir, 'shards');
    await Promise.all([
      sweep(...common, '--workers', '1', '--shard', '1/2', '--out', shards),
      sweep(...common, '--workers', '1', '--shard', '2/2', '--out', shards),
    ]);
    expect(readdirSync(shards).sort()).toEqual(['shard-001-of-002.json', 'shard-002-of-002.json']);
    await sweep('--merge', shards, '--json', join(dir, 'merged.json'));
    const whole = await sweep(...common, '--workers', '2', '--json', join(dir, 'whole.json'));
    expect(whole.stdout).toMatch(/Mean test accuracy|no comparison/);
    const merged = readFileSync(join(dir, 'merged.json'), 'utf8');
    expect(merged).toBe(readFileSync(join(dir, 'whole.json'), 'utf8'));
    const rows = JSON.parse(merged) as { seeds: number[]; testAccuracy: { values: number[] } }[];
    expect(rows.map((r) => r.seeds)).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);

    rmSync(join(shards, 'shard-002-of-002.json'));
    const refused = await sweep('--merge', shards, '--json', join(dir, 'partial.json')).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toMatch(/shard 2\/2 is missing \(expected shard-002-of-002.json\)/);
    expect(readdirSync(dir)).not.toContain('partial.json');
  });

  it('refuses bad flags with a usage error', async () => {
    const bad = await sweep('--layers', '2', '--shard', '3/2', '--out', dir).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(bad?.code).toBe(2);
    expect(bad?.stderr).toMatch(/--shard must be i\/N/);
  });
});
