// `npm run sweep -- --layers N [--tap chained|raw] [--semantics measured|exact] [--steps N]
//   [--train N] [--test N] [--seed S] [--json FILE] [--csv FILE]`
// Every residual configuration of N quanv layers (all subsets of the possible edges, the empty one
// included), each trained briefly on the same engine as the app. Prints a Markdown table of
// predicted and measured gradient access per layer; the configurations with gradient in every
// layer are marked.
import { writeFileSync } from 'node:fs';
import { predictHasGradient } from '../src/model/accessibility';
import { allEdgeSubsets } from '../src/model/configEdges';
import { formatConfigText, formatEdgeList } from '../src/model/configText';
import { paperName } from '../src/model/paperName';
import { hasGradient, type LayerId } from '../src/model/metrics';
import { nodeHost, quietTfjs } from '../src/engine/nodeHost';
import { runInNode } from '../src/engine/nodeRunner';
import { ProgressBar } from './cli/progressBar';
import { intFlag, parseCli, runCli, UsageError } from './cli/args';
import { configFromFlags, CONFIG_FLAGS } from './cli/configFlags';
import { sweepCsv, sweepTable, type SweepRow } from './cli/sweepReport';

const USAGE = `usage: npm run sweep -- --layers N [--tap chained|raw] [--semantics measured|exact]
  [--steps N] [--train N] [--test N] [--seed S] [--json FILE] [--csv FILE]`;

async function main(): Promise<void> {
  const { values } = parseCli(
    {
      ...CONFIG_FLAGS,
      layers: { type: 'string' },
      steps: { type: 'string' },
      json: { type: 'string' },
      csv: { type: 'string' },
    },
    USAGE,
  );
  if (values.config)
    throw new UsageError(
      `--config is not a sweep flag: the sweep makes the configurations\n\n${USAGE}`,
    );
  const layers = intFlag('layers', values.layers, 1, 4);
  if (layers === undefined) throw new UsageError(`--layers is required\n\n${USAGE}`);
  const steps = intFlag('steps', values.steps, 1, 10_000) ?? 10;
  const batch = 10;
  // Brief runs: one epoch of `steps` batches, then train and test accuracy.
  const base = configFromFlags(
    { train: String(steps * batch), test: '50', ...values },
    `n=${layers};k=${Array(layers).fill(2).join(',')};b=${batch}`,
    USAGE,
  );
  quietTfjs();
  const subsets = allEdgeSubsets(layers);
  const bar = new ProgressBar(subsets.length, 'sweep');
  const rows: SweepRow[] = [];
  const host = nodeHost();
  for (const [i, edges] of subsets.entries()) {
    const text = `${formatConfigText(base)};e=${formatEdgeList(edges)}`;
    const checked = configFromFlags({}, text, USAGE);
    const record = await runInNode(host, formatConfigText(checked));
    const predicted = predictHasGradient(checked);
    const layerIds = Object.keys(record.steps[0]?.gradNorms ?? {}) as LayerId[];
    const gradNorm = Object.fromEntries(
      layerIds.map((id) => [
        id,
        record.steps.reduce((s, m) => s + (m.gradNorms[id] ?? 0), 0) / record.steps.length,
      ]),
    );
    rows.push({
      edges: formatEdgeList(edges),
      name: paperName(checked),
      predicted: { ...predicted } as Record<string, boolean>,
      gradNorm,
      measured: Object.fromEntries(
        layerIds.filter((id) => id !== 'H').map((id) => [id, hasGradient(gradNorm[id])]),
      ),
      testAccuracy: record.epochs.at(-1)?.testAccuracy ?? NaN,
    });
    bar.update(i + 1, rows.at(-1)!.name);
  }
  console.log(`\n${sweepTable(rows, base)}`);
  if (values.json) {
    const out = rows.map(({ measured: _measured, ...rest }) => rest);
    writeFileSync(values.json, JSON.stringify(out, null, 1) + '\n');
    console.log(`wrote ${values.json}`);
  }
  if (values.csv) {
    writeFileSync(values.csv, sweepCsv(rows));
    console.log(`wrote ${values.csv}`);
  }
}

runCli(main);
