import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/*
 * A fresh clone after `npm ci` has no WebAssembly kernel (src/sim/*.generated.ts) and no data
 * (public/data): every command must build them first (scripts/prepare.mjs), not crash.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const scripts = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

/** Scripts that need nothing built, or build it another way, and why. */
const EXEMPT: Record<string, string> = {
  start: 'scripts/start.mjs installs, then calls prepare.mjs itself',
  'build:wasm': 'is the kernel build',
  data: 'is the data build',
  format: 'prettier reads the sources only',
  test: 'only runs the other scripts, each of which prepares',
  'test:e2e': "playwright.config.ts's web server calls prepare.mjs",
  'test:cluster': 'a shell test of the Slurm scripts, no kernel or data',
};

describe('every npm script builds what it needs first', () => {
  it.each(Object.keys(scripts))('%s', (name) => {
    if (name in EXEMPT) return;
    expect(scripts[name], `${name} (or list it in EXEMPT with the reason)`).toMatch(
      /^node scripts\/prepare\.mjs( [a-z ]+)? && /,
    );
  });

  it('the exempt ones delegate as they say', () => {
    expect(readFileSync(join(ROOT, 'scripts/start.mjs'), 'utf8')).toContain('scripts/prepare.mjs');
    expect(readFileSync(join(ROOT, 'playwright.config.ts'), 'utf8')).toMatch(
      /command: `node scripts\/prepare\.mjs && /,
    );
    for (const name of Object.keys(EXEMPT)) expect(scripts, name).toHaveProperty(name);
  });
});

describe('on a fresh copy of the checkout (no kernel, no data)', () => {
  const copy = mkdtempSync(join(tmpdir(), 'resqunn-fresh-'));
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('`npm run train` builds the kernel and the data, then runs', () => {
    // The files git would clone (tracked or new, not ignored): no generated kernel, no data.
    const files = execFileSync(
      'git',
      ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    )
      .split('\0')
      .filter((f) => f !== '' && f !== 'node_modules' && existsSync(join(ROOT, f)));
    for (const file of files) cpSync(join(ROOT, file), join(copy, file), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
    expect(existsSync(join(copy, 'src/sim/cpu/circuitSimdWasm.generated.ts'))).toBe(false);
    expect(existsSync(join(copy, 'public/data'))).toBe(false);

    const result = spawnSync('npm', ['run', '-s', 'train', '--', '--print-circuit'], {
      cwd: copy,
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(result.stderr).not.toContain('ERR_MODULE_NOT_FOUND');
    expect(result.status, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout) as { layers: unknown[] };
    expect(printed.layers).toHaveLength(2);
    for (const generated of ['circuitSimdWasm', 'denseSimdWasm']) {
      expect(existsSync(join(copy, `src/sim/cpu/${generated}.generated.ts`))).toBe(true);
    }
    expect(existsSync(join(copy, 'public/data/manifest.json'))).toBe(true);
  }, 300_000);
});
