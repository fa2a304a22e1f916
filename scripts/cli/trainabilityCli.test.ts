import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTool } from './testing/runTool';

/* `npm run trainability` as a shell sees it: exit codes, usage, the files it writes. */
// the loader as `npm run trainability` has it: a stack study loads tfjs
const run = (args: string[]) => runTool(['scripts/trainability.ts', ...args]);

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

  it('--backend webgpu says Node has no WebGPU, exit 2; --backend cpu runs', () => {
    const gpu = run(['--backend', 'webgpu', '--qubits', '2', '--depth', '1', '--samples', '4']);
    expect(gpu.code).toBe(2);
    expect(gpu.stderr).toContain('Node has no WebGPU');
    const cpu = run(['--backend', 'cpu', '--qubits', '2', '--depth', '1', '--samples', '4']);
    expect(cpu.code).toBe(0);
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

  it('--threads 2 writes the CSV of one thread', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trainability-'));
    const args = ['--circuit', 'cerezo', '--qubits', '3-5', '--depth', '2', '--cost', 'global'];
    const csv = (threads: string) => {
      const file = join(dir, `t${threads}.csv`);
      const r = run([...args, '--samples', '41', '--threads', threads, '--csv', file]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`on ${threads} thread(s)`);
      return readFileSync(file, 'utf8');
    };
    const one = csv('1');
    expect(one.trim().split('\n')).toHaveLength(4);
    expect(csv('2')).toBe(one);
    expect(run(['--stacks', '3', '--threads', '2']).code).toBe(2);
  });

  it('--svg draws variance against n: a point per (n, L, cost), a dashed fit per curve', () => {
    const svg = join(mkdtempSync(join(tmpdir(), 'trainability-')), 'v.svg');
    const args = ['--circuit', 'mcclean', '--qubits', '2-4', '--depth', '1,5', '--cost'];
    const r = run([...args, 'projector', '--samples', '20', '--svg', svg]);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(svg, 'utf8');
    expect(text).toMatch(/^<\?xml/);
    expect(text.match(/<circle /g)).toHaveLength(6);
    expect(text.match(/stroke-dasharray="5 4"/g)).toHaveLength(2);
  });

  it('--stacks refuses layers outside 2–8 and K = 0 before any work, exit 2', () => {
    const r = run(['--stacks', '9', '--samples', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'layers: a stack’s quanv layers must be a whole number from 2 to 8 (got 9)',
    );
    expect(r.stderr).toContain('K: the random initialisations must be a whole number from 1');
    expect(r.stdout).toBe('');
    expect(run(['--stacks', '3', '--edges', '1-5']).stderr).toContain('refers to Q5');
    expect(run(['--circuit', 'mcclean', '--edges', '1-2']).stderr).toContain(
      '--stacks studies only',
    );
  });

  it('--stacks writes a row per stack and layer with median, q1, q3 (JSON, CSV, SVG)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stacks-'));
    const [json, csv, svg] = ['s.json', 's.csv', 's.svg'].map((f) => join(dir, f));
    const r = run(
      ['--stacks', '3', '--samples', '3', '--batch', '1', '--edges', '1-3'].concat([
        '--json',
        json,
        '--csv',
        csv,
        '--svg',
        svg,
      ]),
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(readFileSync(json, 'utf8')) as {
      rows: {
        curve: string;
        layer: number;
        samples: number;
        median: number;
        q1: number;
        q3: number;
      }[];
    };
    expect(out.rows.map((x) => `${x.curve}${x.layer}`)).toEqual(
      ['chained', 'head', 'yours'].flatMap((c) => [1, 2, 3].map((l) => `${c}${l}`)),
    );
    for (const row of out.rows) {
      expect(row.samples).toBe(3);
      expect(row.q1).toBeLessThanOrEqual(row.median);
      expect(row.median).toBeLessThanOrEqual(row.q3);
    }
    // every layer to the head is 1-3,2-3; yours 1-3 differs from it only at Q2
    const at = (c: string, l: number) => out.rows.find((x) => x.curve === c && x.layer === l)!;
    expect(at('yours', 1).median).not.toBe(at('chained', 1).median);
    expect(readFileSync(csv, 'utf8').trim().split('\n')).toHaveLength(10);
    expect(readFileSync(svg, 'utf8').match(/<circle /g)).toHaveLength(9);
  });
});
