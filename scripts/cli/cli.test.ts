import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * The command-line tools as a shell sees them: exit codes and where usage goes. Each test runs
 * a tool in a child process, since the behaviour under test is the process's exit.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function run(args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--import', './scripts/runtime/tfjsCoreLoader.mjs', ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('runCli', () => {
  it('keeps the exit code a finished main set (a diverged run), instead of exiting 0', () => {
    const script =
      "import { runCli } from './scripts/cli/args.ts';" +
      'runCli(async () => { process.exitCode = 1; });';
    expect(run(['--input-type=module', '-e', script]).code).toBe(1);
  });

  it('exits 0 after a main that set nothing', () => {
    const script = "import { runCli } from './scripts/cli/args.ts'; runCli(async () => {});";
    expect(run(['--input-type=module', '-e', script]).code).toBe(0);
  });
});

describe('every command prints its usage for --help and -h, and exits 0', () => {
  const commands: [string, RegExp][] = [
    ['scripts/train.ts', /^usage: npm run train/],
    ['scripts/sweep.ts', /^usage: npm run sweep/],
    ['scripts/figures.ts', /^usage: npm run figures/],
    ['scripts/bench.ts', /^usage: npm run bench/],
    ['scripts/make-data.ts', /^usage: tsx scripts\/make-data\.ts/],
  ];
  it.each(commands)('%s', (script, usage) => {
    for (const flag of ['--help', '-h']) {
      const { code, stdout } = run([script, flag]);
      expect(code, `${script} ${flag}`).toBe(0);
      expect(stdout).toMatch(usage);
    }
  });
});

describe('bad options exit 2 with a message', () => {
  it('make-data, like the other tools', () => {
    const { code, stderr } = run(['scripts/make-data.ts', '--bogus']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/Unknown option '--bogus'/);
  });

  it('figures checks --backend before it builds or trains anything', () => {
    const { code, stderr } = run(['scripts/figures.ts', '--backend', 'quantum']);
    expect(code).toBe(2);
    expect(stderr).toContain('--backend must be one of webgpu, webgl, wasm, cpu (got "quantum")');
  });
});

describe('train --print-circuit', () => {
  it('prints every layer’s compiled program as JSON on stdout, trains nothing', () => {
    const { code, stdout } = run([
      'scripts/train.ts',
      '--config',
      'n=2;k=2,3;a=strong,random;seed=4',
      '--print-circuit',
    ]);
    expect(code).toBe(0);
    const printed = JSON.parse(stdout) as {
      config: string;
      layers: { family: string; paramShape: number[]; deadParams: number[]; gates: unknown[] }[];
    };
    expect(printed.config).toBe('n=2;k=2,3;a=strong,random;seed=4');
    expect(printed.layers.map((l) => l.family)).toEqual(['strong', 'random']);
    expect(printed.layers[0].paramShape).toEqual([1, 4, 3]);
    // strong at L = 1: every γ (index 3j + 2) is dead
    expect(printed.layers[0].deadParams).toEqual([2, 5, 8, 11]);
    // 4 encodings, 12 rotations, a ring of 4 CNOTs
    expect(printed.layers[0].gates).toHaveLength(20);
    expect(printed.layers[1].paramShape).toEqual([1, 18]);
  });

  it('reads a --config without a= and d= as ryrz at depth 1, not as the default circuit', () => {
    const { code, stdout } = run([
      'scripts/train.ts',
      '--config',
      'n=2;k=2,2;e=1-2',
      '--seed',
      '2',
      '--print-circuit',
    ]);
    expect(code).toBe(0);
    const printed = JSON.parse(stdout) as {
      config: string;
      layers: { family: string; depth: number; deadParams: number[] }[];
    };
    expect(printed.config).toBe('n=2;k=2,2;e=1-2;seed=2');
    expect(printed.layers.map((l) => `${l.family} ${l.depth}`)).toEqual(['ryrz 1', 'ryrz 1']);
    expect(printed.layers[0].deadParams).toEqual([1, 3, 5, 7]); // every φ at L = 1
  });

  it('refuses an unknown family with the validator’s message, exit 2', () => {
    const { code, stderr } = run(['scripts/train.ts', '--config', 'n=1;a=hea', '--print-circuit']);
    expect(code).toBe(2);
    expect(stderr).toContain("circuit family 'hea' is not one of");
  });
});
