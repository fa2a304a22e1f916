/*
 * A stand-in for `npm run sweep` in the cluster test (scripts/cluster/test-cluster.sh), until the
 * sweep has --shard/--out/--merge (the explorer issue). It has the sweep's command-line contract
 * but no training: the work is the (configuration, seed) pairs of N layers, dealt round-robin to
 * the shards, each pair's "result" a number computed from it. Its --slurm handling is the wiring
 * the real sweep needs, line for line.
 *
 *   --layers N [--seeds K] [--steps S] [--json FILE]           the whole sweep
 *   … --shard i/N --out DIR                                     shard i of N → DIR/shard-i-of-N.json
 *   --merge DIR [--json FILE]                                   the shards → the whole sweep's rows
 *   … --slurm DIR --shards N [--partition P] [--time T] …       the Slurm jobs (slurmFlags.ts)
 */
import { readdirSync, readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { intFlag, parseCli, runCli, UsageError } from '../cli/args';
import { SLURM_FLAGS, SLURM_USAGE, slurmFlags } from './slurmFlags';
import { writeSlurmJobs } from './writeSlurmJobs';

const USAGE = `usage: standInSweep.ts --layers N [--seeds K] [--steps S] [--json FILE]
  [--shard i/N --out DIR] | --merge DIR [--json FILE]
${SLURM_USAGE}`;

const OPTIONS = {
  ...SLURM_FLAGS,
  layers: { type: 'string' },
  seeds: { type: 'string' },
  steps: { type: 'string' },
  workers: { type: 'string' },
  train: { type: 'string' },
  test: { type: 'string' },
  json: { type: 'string' },
  shard: { type: 'string' },
  out: { type: 'string' },
  merge: { type: 'string' },
} as const;

interface Row {
  config: number;
  seed: number;
  value: number;
}
interface ShardFile {
  args: { layers: number; seeds: number; steps: number };
  shard: number;
  of: number;
  slurmTask: string | null;
  host: string;
  rows: Row[];
}

function work(layers: number, seeds: number): Row[] {
  const configs = 2 ** ((layers * (layers + 1)) / 2);
  const rows: Row[] = [];
  for (let config = 0; config < configs; config++) {
    for (let seed = 1; seed <= seeds; seed++) {
      rows.push({ config, seed, value: ((config + 1) * 7919 + seed * 104729) % 1000 });
    }
  }
  return rows;
}

function writeJson(file: string, value: unknown): void {
  // Written whole or not at all: a reader never sees half a file.
  writeFileSync(`${file}.partial`, JSON.stringify(value, null, 1) + '\n');
  renameSync(`${file}.partial`, file);
}

function merge(dir: string): Row[] {
  const names = readdirSync(dir).filter((n) => /^shard-\d+-of-\d+\.json$/.test(n));
  if (!names.length) throw new Error(`no shard files (shard-i-of-N.json) in ${dir}`);
  const files = names.map((n) => JSON.parse(readFileSync(`${dir}/${n}`, 'utf8')) as ShardFile);
  const { of, args } = files[0];
  for (const f of files) {
    if (f.of !== of || JSON.stringify(f.args) !== JSON.stringify(args)) {
      throw new Error(`shard ${f.shard}/${f.of} was made with other arguments than shard 1/${of}`);
    }
  }
  const missing = Array.from({ length: of }, (_, i) => i + 1).filter(
    (i) => !files.some((f) => f.shard === i),
  );
  if (missing.length) {
    throw new Error(
      `${missing.map((i) => `shard ${i}/${of}`).join(', ')} missing from ${dir}: ` +
        'its task failed or has not run; nothing was merged',
    );
  }
  return files.flatMap((f) => f.rows).sort((a, b) => a.config - b.config || a.seed - b.seed);
}

/** How the Slurm jobs call this stand-in (the real sweep leaves `command` at its default). */
// tsx from the checkout, not npx: outside it (the cluster test's failed shard) npx would fetch it.
const STAND_IN_COMMAND = ['node_modules/.bin/tsx', 'scripts/cluster/standInSweep.ts'];

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const { values } = parseCli(OPTIONS, USAGE, argv);
  // Right after parsing: it refuses --slurm beside --shard, --out or --merge, and Slurm's flags
  // without --slurm.
  const slurm = slurmFlags(values, argv, OPTIONS);
  if (values.merge !== undefined) {
    const rows = merge(values.merge);
    if (values.json) writeJson(values.json, rows);
    console.log(`merged ${rows.length} rows`);
    return;
  }
  const layers = intFlag('layers', values.layers, 1, 4);
  if (layers === undefined) throw new UsageError(`--layers is required\n\n${USAGE}`);
  const seeds = intFlag('seeds', values.seeds, 1, 10) ?? 1;
  const steps = intFlag('steps', values.steps, 1, 10_000) ?? 10;
  // After the sweep's own flags are checked (so a mistake shows now, not in the queue), before
  // any training.
  if (slurm) {
    writeSlurmJobs(slurm.dir, { ...slurm.options, command: STAND_IN_COMMAND });
    return;
  }
  let rows = work(layers, seeds);
  if (values.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(values.shard);
    const [i, n] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
    if (!m || i < 1 || i > n) throw new UsageError(`--shard must be i/N with 1 ≤ i ≤ N`);
    if (!values.out) throw new UsageError('--shard needs --out DIR');
    rows = rows.filter((_, j) => j % n === i - 1);
    // A stand-in for training time, so the queue shows tasks running side by side.
    await new Promise((r) => setTimeout(r, steps * 100));
    mkdirSync(values.out, { recursive: true });
    const file: ShardFile = {
      args: { layers, seeds, steps },
      shard: i,
      of: n,
      slurmTask: process.env.SLURM_ARRAY_TASK_ID ?? null,
      host: hostname(),
      rows,
    };
    writeJson(`${values.out}/shard-${i}-of-${n}.json`, file);
    console.log(`shard ${i}/${n}: ${rows.length} rows (Slurm task ${file.slurmTask})`);
    return;
  }
  if (values.json) writeJson(values.json, rows);
  console.log(`${rows.length} rows`);
}

runCli(main);
