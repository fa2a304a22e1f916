import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tinyIdxFolder } from '../../src/data/formats/testing/idxFolder';
import { runTool } from './testing/runTool';

/* `npm run trainability -- --stacks n --data PATH`: the stack study on a tiny IDX dataset of 3 classes. */
const dir = mkdtempSync(join(tmpdir(), 'rq-stacks-data-'));
const source = tinyIdxFolder(dir, { gzip: true });
const store = join(dir, 'store');
const run = (args: string[]) => runTool(['scripts/trainability.ts', ...args]);

describe('npm run trainability -- --stacks n --data PATH', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stores the data as npm run train does and measures on it; the files name it', () => {
    const json = join(dir, 's.json');
    const csv = join(dir, 's.csv');
    const r = run(
      ['--stacks', '2', '--samples', '2', '--batch', '4', '--edges', '1-2'].concat([
        '--data',
        source,
        '--datasets',
        store,
        '--json',
        json,
        '--csv',
        csv,
      ]),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Imported and stored dataset tiny3\.[0-9a-f]{8}: 3 classes, 12 train/);
    const id = /dataset (tiny3\.[0-9a-f]{8})/.exec(r.stderr)![1];
    expect(r.stderr).toContain(`on ${id}, K 2, batch 4`);
    const out = JSON.parse(readFileSync(json, 'utf8')) as {
      dataset: string;
      settings: { base: string };
      rows: unknown[];
    };
    expect(out.dataset).toBe(id);
    expect(out.settings.base).toContain(`data=${id}`);
    expect(out.rows).toHaveLength(6);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(7);
    for (const line of lines.slice(1)) expect(line.endsWith(`,${id}`)).toBe(true);

    // Stored once: the configuration's data= finds it again; a batch past its 12 images is refused.
    const stored = (batch: string) =>
      run(
        ['--stacks', '2', '--samples', '1', '--batch', batch, '--edges', ''].concat([
          '--config',
          `n=2;k=2,2;data=${id}`,
          '--datasets',
          store,
        ]),
      );
    const again = stored('2');
    expect(again.code, again.stderr).toBe(0);
    const big = stored('20');
    expect(big.code).toBe(1);
    expect(big.stderr).toContain('batch asks for 20 training images, the dataset has 12');
  });

  it('a dataset not stored here, or a bad --data, is refused with what to do, exit 2', () => {
    const missing = run(
      ['--stacks', '2', '--edges', '', '--config', 'n=2;k=2,2;data=gone.12345678'].concat([
        '--datasets',
        store,
      ]),
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/gone\.12345678: this dataset is not stored here .*--data PATH/);
    const nowhere = run(['--stacks', '2', '--data', join(dir, 'nowhere')]);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain('--data: ');
    expect(nowhere.stderr).toContain('no such file or folder');
    const plateau = run(['--circuit', 'mcclean', '--data', source]);
    expect(plateau.code).toBe(2);
    expect(plateau.stderr).toContain('--data is for --stacks studies only');
  });
});
