// `npm run sweep -- --layers N [--seeds K] [--workers N] [--steps N] [--tap chained|raw]
//   [--semantics measured|exact] [--train N] [--test N] [--batch N] [--seed S] [--config TEXT]
//   [--contains EDGES] [--access full|partial] [--json FILE|-] [--csv FILE|-]`
// `npm run sweep -- … --shard i/N --out DIR`   (its part of the work, into DIR as one file)
// `npm run sweep -- --merge DIR [--json FILE] [--csv FILE]`   (shard files → the whole result)
// Every residual configuration of N quanv layers (all subsets of the possible edges, the empty one
// included), each trained briefly for K seeds on the same engine as the app, on N threads in all
// (--workers; a worker runs the CPU kernel on its own thread).
// Prints a Markdown table of predicted and observed gradient access per layer, test accuracy with
// its 95% CI across seeds, and the difference between configurations with gradient in every
// layer and the others (docs/model.md §7). Without --config, every configuration is the
// app's default (DEFAULT_CONFIG) with N layers. `--json -` or `--csv -` writes that result to
// stdout, and the table to stderr.
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { quietTfjs } from '../src/engine/nodeHost';
import { runSweep } from '../src/engine/sweepRunner';
import { parseConfigText } from '../src/model/config/configText';
import { shardPairs, sweepPairs, sweepPlan, type SweepPlan } from '../src/model/sweep/sweepPlan';
import { sweepRows, type PairResult } from '../src/model/sweep/sweepRows';
import { mergeShards, shardFile, shardFileName } from './cli/sweepShards';
import { SLURM_FLAGS, SLURM_USAGE, slurmFlags, storedDataArgs } from './cluster/slurmFlags';
import { writeSlurmJobs } from './cluster/writeSlurmJobs';
import { choiceFlag, intFlag, parseCli, runCli, UsageError } from './cli/args';
import { CONFIG_FLAGS, DATA_FLAGS, resolveDataFlag } from './cli/configFlags';
import { formatDuration, ProgressBar } from './cli/progressBar';
import { sweepCsv, sweepTable } from './cli/sweepReport';
import { runnerPool } from './cli/sweepPool';
import { messageStream, oneStdout, outputFile, type Output } from './cli/outputFile';

const USAGE = `usage: npm run sweep -- --layers N [--seeds K] [--workers N] [--steps N]
  [--tap chained|raw] [--semantics measured|exact] [--train N] [--test N] [--batch N] [--seed S]
  [--shots S] [--config TEXT] [--contains EDGES] [--access full|partial] [--json FILE] [--csv FILE]
  [--shard i/N --out DIR] [--data PATH]
       (--config defaults to the app's default configuration with N layers; --json - and
        --csv - write to stdout)
       npm run sweep -- --merge DIR [--json FILE] [--csv FILE]
       npm run sweep -- … --slurm DIR --shards N  (a Slurm job array; docs/cluster/README.md)
${SLURM_USAGE}
  --data PATH      sweep on your own data (as for npm run train; stored under .datasets/)
  --transposed yes|no  IDX images stored column by column (EMNIST; default: by the file names)`;

const FLAGS = {
  ...CONFIG_FLAGS,
  data: DATA_FLAGS.data,
  transposed: DATA_FLAGS.transposed,
  layers: { type: 'string' },
  steps: { type: 'string' },
  seeds: { type: 'string' },
  workers: { type: 'string' },
  batch: { type: 'string' },
  contains: { type: 'string' },
  access: { type: 'string' },
  shard: { type: 'string' },
  out: { type: 'string' },
  merge: { type: 'string' },
  json: { type: 'string' },
  csv: { type: 'string' },
  ...SLURM_FLAGS,
} as const;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const { values } = parseCli(FLAGS, USAGE, argv);
  // Read first, so that --slurm beside --merge, --shard or --out is refused before anything runs.
  const slurm = slurmFlags(values, argv, FLAGS);
  // Checked before anything runs: a path that cannot be written fails now, not after the sweep.
  const outputs = { json: outputFile('json', values.json), csv: outputFile('csv', values.csv) };
  oneStdout(outputs);
  if (values.merge !== undefined) return merge(values.merge, values, outputs);
  const layers = intFlag('layers', values.layers, 1, 4);
  if (layers === undefined) throw new UsageError(`--layers is required\n\n${USAGE}`);
  const access = choiceFlag('access', values.access, ['full', 'partial'] as const);
  // --data names the dataset in the base configuration; every run of the sweep trains on it.
  const dataset = await resolveDataFlag(values, (line) => process.stderr.write(`${line}\n`));
  const baseConfig = dataset
    ? `${values.config ?? `n=${layers};k=${Array(layers).fill(2).join(',')}`};data=${dataset.id}`
    : values.config;
  const planned = sweepPlan(
    defined({
      layers,
      config: baseConfig,
      steps: intFlag('steps', values.steps, 1, 10_000),
      epochs: intFlag('epochs', values.epochs, 1, 100),
      train: intFlag('train', values.train, 1, 1_000_000),
      test: intFlag('test', values.test, 1, 1_000_000),
      batch: intFlag('batch', values.batch, 1, 1_000_000),
      tap: values.tap,
      semantics: values.semantics,
      shots: intFlag('shots', values.shots, 0, 1_000_000),
      seeds: intFlag('seeds', values.seeds, 1, 100),
      seed: intFlag('seed', values.seed, 0, 2 ** 31 - 101),
      filter:
        values.contains || access ? defined({ contains: values.contains, access }) : undefined,
    }),
  );
  if (!planned.ok) throw new UsageError(`${planned.errors.join('\n')}\n\n${USAGE}`);
  const { plan } = planned;
  if (slurm) {
    // Stored once, here: every shard reads the stored folder as it is (no import per task).
    const options = dataset
      ? { ...slurm.options, sweepArgs: storedDataArgs(slurm.options.sweepArgs, dataset.folder) }
      : slurm.options;
    writeSlurmJobs(slurm.dir, options);
    return;
  }
  const workers = intFlag('workers', values.workers, 1, 256) ?? availableParallelism();

  let pairs = sweepPairs(plan);
  let shard: { index: number; count: number } | null = null;
  if (values.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(values.shard);
    const index = Number(m?.[1]);
    const count = Number(m?.[2]);
    if (!m || index < 1 || count < 1 || index > count) {
      throw new UsageError(
        `--shard must be i/N with 1 ≤ i ≤ N (got "${values.shard}")\n\n${USAGE}`,
      );
    }
    if (!values.out) throw new UsageError(`--shard needs --out DIR for its file\n\n${USAGE}`);
    shard = { index, count };
    pairs = shardPairs(plan, index, count);
  } else if (values.out) {
    throw new UsageError(`--out is for --shard i/N\n\n${USAGE}`);
  }

  quietTfjs();
  const pool = runnerPool(Math.min(workers, Math.max(1, pairs.length)));
  const label = shard ? `shard ${shard.index}/${shard.count}` : 'sweep';
  process.stderr.write(
    `${label}: ${plan.configs.length} configurations × ${plan.seeds.length} seeds, ` +
      `${pairs.length} runs on ${pool.runners.length} worker${pool.runners.length > 1 ? 's' : ''}\n`,
  );
  const bar = new ProgressBar(pairs.length, label);
  bar.update(0);
  const started = performance.now();
  const { results } = await runSweep(plan, pairs, pool.runners, {
    onResult: (_r, p) =>
      bar.update(p.done, p.remainingMs === null ? '' : `~${formatDuration(p.remainingMs)} left`),
  }).done;
  await pool.close();
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(`${label}: ${pairs.length} runs in ${seconds.toFixed(1)} s\n`);

  if (shard && values.out) {
    mkdirSync(values.out, { recursive: true });
    const file = join(values.out, shardFileName(shard.index, shard.count));
    // Written whole, then renamed: a killed job leaves no half file for the merge to trust.
    writeFileSync(
      `${file}.tmp`,
      JSON.stringify(shardFile(plan, shard.index, shard.count, results)) + '\n',
    );
    renameSync(`${file}.tmp`, file);
    console.log(`wrote ${file}`);
    return;
  }
  report(plan, results, outputs);
}

interface Outputs {
  readonly json: Output | undefined;
  readonly csv: Output | undefined;
}

function merge(
  dir: string,
  values: { layers?: string; shard?: string; out?: string; json?: string; csv?: string },
  outputs: Outputs,
): void {
  const others = Object.entries(values).filter(
    ([k, v]) => v !== undefined && !['merge', 'json', 'csv'].includes(k),
  );
  if (others.length > 0) {
    throw new UsageError(
      `--merge takes only --json and --csv (the plan comes from the shards; got --${others[0][0]})\n\n${USAGE}`,
    );
  }
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => /^shard-.*\.json$/.test(n))
      .sort();
  } catch (e) {
    throw new UsageError(
      `--merge ${dir}: cannot read the folder (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  const files = names.map((name) => {
    try {
      return { name, content: JSON.parse(readFileSync(join(dir, name), 'utf8')) as unknown };
    } catch (e) {
      return { name, content: e instanceof Error ? e : new Error(String(e)) };
    }
  });
  const merged = mergeShards(files);
  if (!merged.ok) {
    throw new Error(
      `not merging ${dir}, nothing written:\n${merged.errors.map((e) => `  - ${e}`).join('\n')}`,
    );
  }
  process.stderr.write(`merged ${files.length} shards: ${merged.results.length} runs\n`);
  report(merged.plan, merged.results, outputs);
}

function report(plan: SweepPlan, results: readonly PairResult[], { json, csv }: Outputs): void {
  const rows = sweepRows(plan, results);
  const base = parseConfigText(plan.configs[0]);
  if (!base.ok) throw new Error('the sweep plan holds an invalid configuration');
  const out = messageStream(json, csv);
  out.write(`\n${sweepTable(rows, base.config)}\n`);
  for (const [output, text] of [
    [json, JSON.stringify(rows, null, 1) + '\n'],
    [csv, sweepCsv(rows)],
  ] as const) {
    if (!output) continue;
    output.write(text);
    if (!output.toStdout) out.write(`wrote ${output.path}\n`);
  }
  if (rows.some((r) => r.errors.length > 0)) process.exitCode = 1;
}

/** Drops undefined fields: the plan refuses keys it does not know, not missing ones. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

runCli(main);
