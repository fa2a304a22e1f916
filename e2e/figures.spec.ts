import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { pngSize } from '../src/ui/export/png';
import { parseSvg } from './labHelpers';

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
