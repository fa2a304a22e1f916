import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { idxSet } from '../../src/data/formats/testing/fixtures';
import { tinyIdxFolder } from '../../src/data/formats/testing/idxFolder';
import { ROOT, runTool, tinySweep } from './testing/runTool';

/* `npm run train -- --data PATH` in a child process, on a tiny generated IDX dataset of 3 classes. */
const dir = mkdtempSync(join(tmpdir(), 'rq-train-data-'));
const source = tinyIdxFolder(dir, { gzip: true });
const store = join(dir, 'store');

function train(args: string[], script = 'scripts/train.ts') {
  const result = runTool([script, ...args]);
  return { code: result.code, out: result.stdout + result.stderr };
}

describe('npm run train -- --data PATH', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let id = '';

  it('imports, stores and trains 2 steps on a 3-class IDX dataset; the configuration names it', () => {
    const { code, out } = train([
      '--config',
      'n=1;k=2;b=4;train=8;test=6',
      '--data',
      source,
      '--datasets',
      store,
    ]);
    expect(code, out).toBe(0);
    expect(out).toMatch(
      /Imported and stored dataset tiny3\.[0-9a-f]{8}: 3 classes, 12 train and 6 test images \(test set from the files\)/,
    );
    id = /dataset (tiny3\.[0-9a-f]{8})/.exec(out)![1];
    expect(out).toContain(`data=${id}]`);
    expect(out).toMatch(/steps 2, final loss/);
    expect(existsSync(join(store, id.replace('.', '-'), 'dataset.rqds'))).toBe(true);
  });

  it('trains on the stored dataset by name and hash alone', () => {
    const byName = train([
      '--config',
      `n=1;k=2;b=4;train=4;test=3;data=${id}`,
      '--datasets',
      store,
    ]);
    expect(byName.code, byName.out).toBe(0);
    expect(byName.out).toMatch(/steps 1, final loss/);
  });

  it('--data also takes a stored dataset folder as it is', () => {
    const byFolder = train([
      '--config',
      'n=1;k=2;b=4;train=4;test=3',
      '--data',
      join(store, id.replace('.', '-')),
      '--datasets',
      store,
    ]);
    expect(byFolder.out).toContain(`Using stored dataset ${id}`);
  });

  it('sweep --data: every run of the sweep names (and trains on) the dataset', () => {
    const json = join(dir, 'sweep.json');
    const [script, ...sweep] = tinySweep(6);
    const { code, out } = train([...sweep, '--data', source, '--json', json], script);
    // sweep stores under the default .datasets/ of the checkout (git-ignored); remove ours.
    rmSync(join(ROOT, '.datasets', id.replace('.', '-')), { recursive: true, force: true });
    expect(code, out).toBe(0);
    // The table's summary names the data it was computed on.
    expect(out).toContain(`) on ${id}; `);
    const text = readFileSync(json, 'utf8');
    expect(text.match(/data=[a-z0-9.-]+/g)?.every((m) => m === `data=${id}`)).toBe(true);
    expect(text.match(/data=/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it('a dataset not stored here is an error, never other data', () => {
    const { code, out } = train([
      '--config',
      'n=1;k=2;b=4;train=4;test=3;data=tiny3.00000000',
      '--datasets',
      store,
    ]);
    expect(code).toBe(1);
    expect(out).toMatch(
      /tiny3\.00000000: this dataset is not stored here .*Give its files once with --data PATH/,
    );
  });

  it('more images asked for than the dataset has: says how many it has', () => {
    const { code, out } = train(['--config', 'n=1;k=2', '--data', source, '--datasets', store]);
    expect(code).toBe(1);
    expect(out).toMatch(
      /the configuration asks for 500 training images, the dataset has 12\. Set the training set size \(train=\) to 12 or less/,
    );
  });

  it('bad data exits 2 with a message naming the file, and stores nothing', () => {
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    const [images, labels] = idxSet({ classes: 3, perClass: 2 });
    writeFileSync(join(bad, images.path), images.bytes.subarray(0, 100));
    writeFileSync(join(bad, labels.path), labels.bytes);
    const badStore = join(dir, 'bad-store');
    const { code, out } = train(['--config', 'n=1;k=2', '--data', bad, '--datasets', badStore]);
    expect(code).toBe(2);
    expect(out).toMatch(
      /--data: bad\/train-images-idx3-ubyte: truncated: 100 bytes where its header \(6×28×28\) announces 4,720/,
    );
    expect(existsSync(badStore)).toBe(false);
  });
});
