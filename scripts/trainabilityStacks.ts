// `npm run trainability -- --stacks 8 [--samples 32] [--seed S] [--batch 8] [--config TEXT]
//   [--edges 1-8,3-8] [--json FILE] [--csv FILE] [--svg FILE]`: deep residual stacks. Each quanv
// layer's gradient norm under `exact` semantics over K random initialisations, median and IQR per
// layer, for the chained stack, every layer to the head, and --edges. The same computation as the
// Trainability view's stack panel (src/model/trainability/stackStudy.ts, src/engine/stacksRunner.ts).
import { writeFileSync } from 'node:fs';
import { prepareStacksInNode } from '../src/engine/stacksNode';
import { runStackStudy } from '../src/engine/stacksRunner';
import { validateStackSettings } from '../src/model/trainability/stackSettings';
import { stackCsv, stackJson } from '../src/model/trainability/stackExport';
import { ProgressBar } from './cli/progressBar';
import { intFlag, UsageError } from './cli/args';
import { stacksFigure } from './figures/trainabilityFigures';

export interface StacksFlags {
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
  const checked = validateStackSettings({
    layers: intFlag('stacks', values.stacks, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    samples: intFlag('samples', values.samples, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    seed: intFlag('seed', values.seed, 0, 0xffffffff),
    batch: intFlag('batch', values.batch, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    ...(values.config !== undefined ? { base: values.config } : {}),
    ...(values.edges !== undefined ? { edges: values.edges } : {}),
  });
  if (!checked.ok) throw new UsageError(checked.errors.join('\n'));
  const s = checked.settings;
  process.stderr.write(
    `Deep stacks of ${s.layers} quanv layers (${s.base}), K ${s.samples}, batch ${s.batch}, seed ${s.seed}, exact semantics\n`,
  );
  const bar = new ProgressBar(1000, 'initialisations');
  const study = await runStackStudy(
    s,
    await prepareStacksInNode(),
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
    writeFileSync(values.csv, stackCsv(rows));
    console.log(`wrote ${values.csv}`);
  }
  if (values.svg) {
    const subtitle = `${s.layers} quanv layers of ${s.base}, exact semantics; median and interquartile band over K = ${s.samples} random initialisations, one fixed batch of ${s.batch} MNIST digits, seed ${s.seed}.`;
    writeFileSync(
      values.svg,
      stacksFigure(rows, 'Gradient norm per layer in deep residual stacks', subtitle),
    );
    console.log(`wrote ${values.svg}`);
  }
}
