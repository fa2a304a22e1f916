// `npx tsx scripts/measure/defaultCircuit.ts [--seeds 3] [--depths 3] [--config "n=2;k=2,2;e=1-2"]`
// Chooses the default circuit by measurement (issue 11 item 4, docs/model.md §6): every circuit
// family at depth 1 … --depths, the same in every layer of --config, trained by `npm run train`'s
// CLI (one process at a time, so it keeps to one core) for seeds 1 … --seeds. Prints a Markdown
// table of test accuracies and each family's dead parameters, then the best circuit among those
// with no dead parameter at any of the seeds, by mean test accuracy.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CIRCUIT_FAMILIES, type CircuitFamily } from '../../src/sim/circuit/circuitProgram';
import { describeConfigErrors, withSettings, type Depth } from '../../src/model/config/config';
import { formatConfigText, parseConfigText } from '../../src/model/config/configText';
import { configPrograms, parameterSummary } from '../../src/model/layerProgram';
import { mean, sd } from '../../src/model/sweep/statistics';
import type { RunRecord } from '../../src/engine/runRecord';
import { intFlag, parseCli, runCli, UsageError } from '../cli/args';

const USAGE =
  'usage: npx tsx scripts/measure/defaultCircuit.ts [--seeds K] [--depths L] [--config TEXT]';
const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

interface Row {
  readonly family: CircuitFamily;
  readonly depth: number;
  /** Dead parameters of all quanv layers together, per seed (random's structure follows the seed). */
  readonly dead: readonly number[];
  readonly params: number;
  /** Test accuracy in %, per seed. */
  readonly accuracy: readonly number[];
}

async function main(): Promise<void> {
  const { values } = parseCli(
    { seeds: { type: 'string' }, depths: { type: 'string' }, config: { type: 'string' } },
    USAGE,
  );
  const seeds = intFlag('seeds', values.seeds, 1, 10) ?? 3;
  const depths = intFlag('depths', values.depths, 1, 4) ?? 3;
  const base = values.config ?? 'n=2;k=2,2;e=1-2';
  const dir = mkdtempSync(join(tmpdir(), 'default-circuit-'));
  const rows: Row[] = [];
  try {
    for (const family of CIRCUIT_FAMILIES) {
      for (let depth = 1; depth <= depths; depth++) {
        const dead: number[] = [];
        const accuracy: number[] = [];
        let params = 0;
        for (let seed = 1; seed <= seeds; seed++) {
          const text = circuitConfig(base, family, depth as Depth, seed);
          const summaries = configPrograms(parsed(text)).map(parameterSummary);
          dead.push(summaries.reduce((s, p) => s + p.dead, 0));
          params = summaries.reduce((s, p) => s + p.params, 0);
          accuracy.push(train(text, join(dir, `${family}-${depth}-${seed}.json`)));
          process.stderr.write(`${text}: ${accuracy[accuracy.length - 1].toFixed(1)}%\n`);
        }
        rows.push({ family, depth, dead, params, accuracy });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(table(rows, seeds));
  const live = rows.filter((r) => r.dead.every((d) => d === 0));
  const best = live.reduce<Row | null>(
    (b, r) => (!b || mean(r.accuracy) > mean(b.accuracy) ? r : b),
    null,
  );
  console.log(
    best
      ? `\nbest with no dead parameter: ${best.family}, L = ${best.depth} (${meanSd(best.accuracy)})`
      : '\nno circuit without dead parameters',
  );
}

/** The base configuration with every layer's family and depth set, and the seed. */
function circuitConfig(base: string, family: CircuitFamily, depth: Depth, seed: number): string {
  const start = parsed(base);
  const layers = start.layers.map((layer) => ({ ...layer, family, depth }));
  const result = withSettings(start, { layers, seed });
  if (!result.ok) throw new UsageError(describeConfigErrors(result.errors));
  return formatConfigText(result.config);
}

function parsed(text: string) {
  const result = parseConfigText(text);
  if (!result.ok)
    throw new UsageError(`--config "${text}": ${describeConfigErrors(result.errors)}`);
  return result.config;
}

/** One run of `npm run train`'s CLI; its final test accuracy in %. */
function train(text: string, jsonFile: string): number {
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      './scripts/runtime/tfjsCoreLoader.mjs',
      'scripts/train.ts',
      '--config',
      text,
      '--json',
      jsonFile,
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`training ${text} failed:\n${run.stdout}${run.stderr}`);
  const record = JSON.parse(readFileSync(jsonFile, 'utf8')) as RunRecord;
  const last = record.epochs.at(-1);
  if (!last) throw new Error(`training ${text} recorded no epoch`);
  return last.testAccuracy * 100;
}

function meanSd(values: readonly number[]): string {
  const spread = sd(values);
  return `${mean(values).toFixed(1)}${spread === null ? '' : ` ± ${spread.toFixed(1)}`}`;
}

function table(rows: readonly Row[], seeds: number): string {
  const seedCols = Array.from({ length: seeds }, (_, i) => `s${i + 1}`);
  const header = ['circuit', 'dead / all parameters (all layers)', ...seedCols, 'mean ± sd'];
  const lines = rows.map((r) => {
    const low = Math.min(...r.dead);
    const high = Math.max(...r.dead);
    const dead = low === high ? `${low}` : `${low}–${high}`;
    return [
      `\`${r.family}\`, L = ${r.depth}`,
      `${dead} / ${r.params}`,
      ...r.accuracy.map((a) => a.toFixed(1)),
      meanSd(r.accuracy),
    ];
  });
  const cells = [header, header.map(() => '---'), ...lines];
  return cells.map((c) => `| ${c.join(' | ')} |`).join('\n');
}

runCli(main);
