// `npm run trainability -- --stacks 8 [--samples 32] [--seed S] [--batch 8] [--config TEXT]
//   [--edges 1-8,3-8] [--data PATH [--datasets DIR] [--transposed yes|no]] [--json FILE]
//   [--csv FILE] [--svg FILE]`: deep residual stacks. Each quanv layer's gradient norm under
// `exact` semantics over K random initialisations, median and IQR per layer, for the chained
// stack, every layer to the head, and --edges (default: the middle layer to the head), on MNIST
// or the user's data (--data, as for `npm run train`; or data=name.hash in --config). The same
// computation as the Trainability view's stack panel (src/model/trainability/stackStudy.ts,
// src/engine/stacksRunner.ts).
import { writeFileSync } from 'node:fs';
import { prepareStacksInNode } from '../src/engine/stacksNode';
import { runStackStudy } from '../src/engine/stacksRunner';
import {
  DEFAULT_STACK_SETTINGS,
  stackDataset,
  validateStackSettings,
  withStackDataset,
} from '../src/model/trainability/stackSettings';
import { DatasetError } from '../src/data/formats/datasetError';
import { datasetLabel, MNIST_DATASET } from '../src/data/formats/datasetRef';
import { stackCsv, stackJson } from '../src/model/trainability/stackExport';
import { ProgressBar } from './cli/progressBar';
import { intFlag, UsageError } from './cli/args';
import { resolveDataFlag, type DataFlagValues } from './cli/configFlags';
import { stacksFigure } from './figures/trainabilityFigures';

export interface StacksFlags extends DataFlagValues {
  readonly stacks?: string;
  readonly samples?: string;
  readonly seed?: string;
  readonly batch?: string;
  readonly config?: string;
  readonly edges?: string;
  readonly json?: string;
  readonly csv?: string;
  readonly svg?: string;
}

export async function runStacksCli(values: StacksFlags): Promise<void> {
  // --data names the dataset in the base configuration, as npm run sweep's does.
  const data = await resolveDataFlag(values, (line) => process.stderr.write(`${line}\n`));
  const base = values.config ?? DEFAULT_STACK_SETTINGS.base;
  const checked = validateStackSettings({
    layers: intFlag('stacks', values.stacks, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    samples: intFlag('samples', values.samples, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    seed: intFlag('seed', values.seed, 0, 0xffffffff),
    batch: intFlag('batch', values.batch, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    base: data ? withStackDataset(base, data.id) : base,
    ...(values.edges !== undefined ? { edges: values.edges } : {}),
  });
  if (!checked.ok) throw new UsageError(checked.errors.join('\n'));
  const s = checked.settings;
  const dataset = stackDataset(s);
  process.stderr.write(
    `Deep stacks of ${s.layers} quanv layers (${s.base}) on ${datasetLabel(dataset)}, K ${s.samples}, batch ${s.batch}, seed ${s.seed}, exact semantics\n`,
  );
  // A dataset that is not stored here (data=name.hash without --data) is refused before any work.
  const prepared = await prepareStacksInNode(dataset, { datasetsDir: values.datasets }).catch(
    (error: unknown) => {
      throw error instanceof DatasetError ? new UsageError(error.message) : error;
    },
  );
  const bar = new ProgressBar(1000, 'initialisations');
  const study = await runStackStudy(
    s,
    prepared,
    (st) => {
      bar.update(Math.round(st.progress * 1000), '');
      return Promise.resolve(true);
    },
    () => performance.now(),
    200,
  );
  const rows = study.rows();
  console.log(`\n${'stack'.padEnd(32)} ${'layer'.padStart(5)} ${'median'.padStart(10)}  IQR`);
  for (const r of rows) {
    console.log(
      `${r.label.padEnd(32)} ${`Q${r.layer}`.padStart(5)} ${r.median.toExponential(3).padStart(10)}  [${r.q1.toExponential(2)}, ${r.q3.toExponential(2)}]`,
    );
  }
  if (values.json) {
    writeFileSync(values.json, `${JSON.stringify(stackJson(s, rows, study.norms), null, 1)}\n`);
    console.log(`wrote ${values.json}`);
  }
  if (values.csv) {
    writeFileSync(values.csv, stackCsv(s, rows));
    console.log(`wrote ${values.csv}`);
  }
  if (values.svg) {
    const subtitle = `${s.layers} quanv layers of ${s.base}, exact semantics; median and interquartile band over K = ${s.samples} random initialisations, one fixed batch of ${s.batch} ${dataset === MNIST_DATASET ? 'MNIST digits' : `images of ${dataset}`}, seed ${s.seed}.`;
    writeFileSync(
      values.svg,
      stacksFigure(rows, 'Gradient norm per layer in deep residual stacks', subtitle),
    );
    console.log(`wrote ${values.svg}`);
  }
}
