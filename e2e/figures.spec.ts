import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { pngSize } from '../src/ui/export/png';
import { parseSvg } from './labHelpers';
import { idxSet } from '../src/data/formats/testing/fixtures';

/*
 * `npm run figures` on a small setting: it builds and serves the app itself, trains in headless
 * Chromium, and every file its manifest lists exists, is non-empty and is what it says. The same
 * seed gives the same files, byte for byte.
 */

const run = promisify(execFile);
const FLAGS = ['--layers', '2', '--steps', '2', '--test', '16'];

interface Manifest {
  format: string;
  settings: { seed: number; steps: number };
  files: {
    file: string;
    format: string;
    figure?: string;
    width?: number;
    height?: number;
    configurations: string[];
    seed: number;
  }[];
}

const figures = (args: string[]) =>
  run(
    'npx',
    [
      'tsx',
      '--import',
      './scripts/runtime/tfjsCoreLoader.mjs',
      'scripts/figures.ts',
      ...FLAGS,
      ...args,
    ],
    {
      cwd: process.cwd(),
      timeout: 400_000,
      maxBuffer: 16 * 1024 * 1024,
    },
  );

test('the figures command writes every file its manifest lists', async ({ page, baseURL }) => {
  test.setTimeout(600_000);
  const out = await mkdtemp(join(tmpdir(), 'resqunn-figures-test-'));
  const again = await mkdtemp(join(tmpdir(), 'resqunn-figures-again-'));
  try {
    const first = await figures(['--out', out]);
    expect(first.stdout).toMatch(/wrote \d+ files and manifest\.json/);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.format).toBe('resqunn-figures');
    expect(manifest.settings.steps).toBe(2);
    // (a) … (e): each as SVG and PNG.
    for (const kind of ['a', 'b', 'c', 'd', 'e']) {
      const formats = manifest.files.filter((f) => f.figure === kind).map((f) => f.format);
      expect(formats.sort()).toEqual(['png', 'svg']);
    }
    await page.goto('about:blank');
    for (const f of manifest.files) {
      const bytes = await readFile(join(out, f.file));
      expect(bytes.length, f.file).toBeGreaterThan(0);
      expect(f.seed).toBe(1);
      expect(f.configurations.length, f.file).toBeGreaterThan(0);
      if (f.format === 'svg') {
        const svg = await parseSvg(page, bytes.toString('utf8'));
        expect(svg.error, f.file).toBeNull();
        expect([svg.width, svg.height]).toEqual([f.width, f.height]);
      } else if (f.format === 'png') {
        expect(pngSize(new Uint8Array(bytes)), f.file).toEqual({
          width: f.width,
          height: f.height,
        });
      } else {
        expect((await stat(join(out, f.file))).size).toBeGreaterThan(10);
      }
    }
    const grid = await readFile(join(out, 'resqunn_fig-a_accessibility_n2_seed1.svg'), 'utf8');
    expect(grid).toContain('prediction and measurement agree in all 8');

    // Same seed, same files: trained again (on the test server, no build), byte for byte.
    await figures(['--out', again, '--url', baseURL ?? 'http://localhost:4173']);
    for (const f of manifest.files) {
      const a = await readFile(join(out, f.file));
      const b = await readFile(join(again, f.file));
      expect(b.equals(a), `${f.file} differs between two runs with the same seed`).toBe(true);
    }
  } finally {
    await rm(out, { recursive: true, force: true });
    await rm(again, { recursive: true, force: true });
  }
});

test('the figures command refuses bad flags with its usage', async () => {
  const failed = await figures(['--steps', 'many']).then(
    () => null,
    (e: { code: number; stderr: string }) => e,
  );
  expect(failed?.code).toBe(2);
  expect(failed?.stderr).toMatch(/--steps must be a whole number/);
});

test('figures --data: every run trains on the dataset, every figure and file names it', async ({
  baseURL,
}) => {
  test.setTimeout(400_000);
  const work = await mkdtemp(join(tmpdir(), 'resqunn-figures-data-'));
  try {
    const source = join(work, 'clothes');
    await mkdir(source);
    for (const file of [
      ...idxSet({ classes: 3, perClass: 12 }),
      ...idxSet({ classes: 3, perClass: 2, prefix: 't10k' }),
    ]) {
      await writeFile(join(source, file.path), file.bytes);
    }
    const out = join(work, 'out');
    const done = await figures([
      '--out',
      out,
      '--test',
      '6',
      '--no-benchmarks',
      '--no-qubits',
      '--data',
      source,
      '--datasets',
      join(work, 'store'),
      '--url',
      baseURL ?? 'http://localhost:4173',
    ]);
    const id = /Imported and stored dataset (clothes\.[0-9a-f]{8})/.exec(done.stderr)?.[1];
    expect(id, done.stderr).toBeDefined();
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as Manifest & {
      settings: { dataset: string };
    };
    expect(manifest.settings.dataset).toBe(id);
    for (const f of manifest.files) {
      expect(
        f.configurations.every((c) => c.includes(`data=${id}`)),
        f.file,
      ).toBe(true);
      if (f.format === 'svg') {
        expect(await readFile(join(out, f.file), 'utf8'), f.file).toContain(`data ${id}`);
      }
    }
    // The runs trained on the 3-class dataset: their records name it.
    const runs = JSON.parse(await readFile(join(out, 'resqunn_runs_seed1.json'), 'utf8')) as {
      config: string;
      state: string;
    }[];
    expect(runs.every((r) => r.config.includes(`data=${id}`) && r.state === 'done')).toBe(true);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
