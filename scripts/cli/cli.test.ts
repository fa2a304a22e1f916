import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runTool, tinySweep } from './testing/runTool';

/*
 * The command-line tools as a shell sees them: exit codes and where usage goes. Each test runs
 * a tool in a child process, since the behaviour under test is the process's exit.
 */
const run = (args: string[]) => runTool(args);

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

describe('train without --config', () => {
  it('trains the app’s default configuration (basic, L = 3), not ryrz at L = 1', () => {
    const { code, stdout, stderr } = run(['scripts/train.ts', '--print-circuit']);
    expect(code, stderr).toBe(0);
    const printed = JSON.parse(stdout) as {
      config: string;
      layers: { family: string; depth: number }[];
    };
    expect(printed.config).toBe('n=2;k=2,2;d=3,3;a=basic,basic');
    expect(printed.layers.map((l) => `${l.family} ${l.depth}`)).toEqual(['basic 3', 'basic 3']);
  });
});

describe('a bad value is refused, naming it', () => {
  it('--epochs -3: the range, not "argument is ambiguous"', () => {
    const { code, stderr } = run(['scripts/train.ts', '--epochs', '-3', '--print-circuit']);
    expect(code).toBe(2);
    expect(stderr).toContain('--epochs must be a whole number from 1 to 100 (got "-3")');
    expect(stderr).not.toContain('ambiguous');
  });

  it('one bad family in --config: an error naming it, not a fallback circuit', () => {
    for (const script of ['scripts/train.ts', 'scripts/sweep.ts']) {
      const args = script.endsWith('sweep.ts') ? ['--layers', '2'] : ['--print-circuit'];
      const { code, stderr } = run([script, '--config', 'n=2;k=2,2;a=quantumfoo,basic', ...args]);
      expect(code, script).toBe(2);
      expect(stderr).toContain("layer 1: circuit family 'quantumfoo' is not one of");
    }
  });
});

describe('--json and --csv', () => {
  it('--json to a folder that does not exist fails before training, with the reason', () => {
    const started = Date.now();
    const { code, stderr } = run([
      'scripts/train.ts',
      '--config',
      'n=1;k=2',
      '--train',
      '16',
      '--test',
      '8',
      '--json',
      '/nonexistent/x.json',
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain(
      'error: --json /nonexistent/x.json: the folder /nonexistent does not exist (create it first)',
    );
    expect(stderr).not.toContain('Training');
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('train --json - writes the record to stdout and the summary to stderr', () => {
    const dash = join(ROOT, '-');
    try {
      const { code, stdout, stderr } = run([
        'scripts/train.ts',
        '--config',
        'n=1;k=2;b=8',
        '--train',
        '16',
        '--test',
        '8',
        '--json',
        '-',
      ]);
      expect(code, stderr).toBe(0);
      const record = JSON.parse(stdout) as { format: string; steps: unknown[] };
      expect(record.format).toBe('resqunn-run');
      expect(record.steps).toHaveLength(2);
      expect(stderr).toContain('steps 2, final loss');
      expect(existsSync(dash)).toBe(false);
    } finally {
      rmSync(dash, { force: true });
    }
  });

  it('sweep --csv - writes the CSV to stdout, the table (naming the circuit) to stderr', () => {
    const { code, stdout, stderr } = run([...tinySweep(4), '--csv', '-']);
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(3); // header, edges {} and {0-1}
    expect(lines[0]).toMatch(/^edges,/);
    expect(stderr).toContain('(basic L = 3, tap chained, measured)');
  });

  it('refuses --json - with --csv -: both on stdout would be mixed', () => {
    const { code, stderr } = run([
      'scripts/sweep.ts',
      '--layers',
      '1',
      '--json',
      '-',
      '--csv',
      '-',
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('--json and --csv cannot both be - (stdout)');
  });
});

describe('npm run build:wasm', () => {
  it('--help prints its usage and rebuilds nothing', () => {
    const generated = join(ROOT, 'src/sim/cpu/circuitSimdWasm.generated.ts');
    const before = statSync(generated).mtimeMs;
    const result = spawnSync(process.execPath, ['scripts/build-wasm.mjs', '--help'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^usage: npm run build:wasm/);
    expect(statSync(generated).mtimeMs).toBe(before);
    const bad = spawnSync(process.execPath, ['scripts/build-wasm.mjs', '--bogus'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("Unknown option '--bogus'");
  });
});
