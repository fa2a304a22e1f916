import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTool } from './testing/runTool';

/* `npm run trainability` as a shell sees it: exit codes, usage, the files it writes. */
const run = (args: string[]) => runTool(['scripts/trainability.ts', ...args], false);

describe('npm run trainability', () => {
  it('prints its usage for --help and -h, exit 0', () => {
    for (const flag of ['--help', '-h']) {
      const { code, stdout } = run([flag]);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^usage: npm run trainability/);
    }
  });

  it('refuses bad input with a message and exit 2 before any work', () => {
    const r = run([
      '--circuit',
      'basic',
      '--qubits',
      '2,40',
      '--depth',
      '0',
      '--samples',
      '0',
      '--cost',
      'projector',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('n = 40 qubits needs');
    expect(r.stderr).toContain('depth L = 0');
    expect(r.stderr).toContain('K = 0 samples');
    expect(r.stderr).toContain("cost 'projector' is undefined for the quanv circuit 'basic'");
    expect(run(['--qubits', '6-2']).stderr).toContain('ranges ascending');
    expect(run(['--cost', 'energy']).code).toBe(2);
  });

  it('writes a JSON row per (qubits, depth, cost) with the fit per depth, and a CSV', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trainability-'));
    const json = join(dir, 'out.json');
    const csv = join(dir, 'out.csv');
    const r = run([
      '--circuit',
      'mcclean',
      '--qubits',
      '2-4',
      '--depth',
      '1,5',
      '--cost',
      'projector,global',
      '--samples',
      '50',
      '--seed',
      '3',
      '--json',
      json,
      '--csv',
      csv,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/cost projector, L = 5: Var ∝ e\^\(−[\d.]+·n\)/);
    const out = JSON.parse(readFileSync(json, 'utf8')) as {
      rows: {
        qubits: number;
        depth: number;
        cost: string;
        variance: number;
        variancePerParam: number[];
        ci95: number[];
        decayPerQubit: number;
      }[];
      fits: { depth: number; cost: string; decayPerQubit: number }[];
    };
    expect(out.rows).toHaveLength(12);
    const row = out.rows.find((x) => x.qubits === 4 && x.depth === 5 && x.cost === 'projector')!;
    expect(row.variancePerParam).toHaveLength(20);
    expect(row.ci95[0]).toBeLessThanOrEqual(row.variance);
    const fit = out.fits.find((f) => f.depth === 5 && f.cost === 'projector')!;
    expect(row.decayPerQubit).toBe(fit.decayPerQubit);
    expect(readFileSync(csv, 'utf8').trim().split('\n')).toHaveLength(13);
  });
});
