// `npm run train -- --config "n=2;k=2,2;e=1-2" [--semantics measured|exact] [--tap chained|raw]
//   [--epochs N] [--train N] [--test N] [--seed S] [--json FILE] [--print-circuit]`
// --print-circuit prints the compiled circuits (JSON, or one layer as OpenQASM: scripts/cli/printCircuit.ts) and trains nothing.
// Trains one configuration in Node on the same engine as the app, with a progress bar, and prints
// a summary; the JSON holds every step's metrics (the same record as window.resqunnLab.metrics()).
import { writeFileSync } from 'node:fs';
import { paperName } from '../src/model/paperName';
import { predictHasGradient } from '../src/model/accessibility';
import { nodeHost, quietTfjs } from '../src/engine/nodeHost';
import { runInNode } from '../src/engine/nodeRunner';
import { ProgressBar } from './cli/progressBar';
import { parseCli, runCli, UsageError } from './cli/args';
import { configFromFlags, CONFIG_FLAGS } from './cli/configFlags';
import { formatConfigText } from '../src/model/configText';
import {
  PRINT_CIRCUIT_FLAGS,
  PRINT_CIRCUIT_USAGE,
  printCircuit,
  strayPrintFlags,
} from './cli/printCircuit';

const USAGE = `usage: npm run train -- --config "n=2;k=2,2;e=1-2" [--semantics measured|exact]
  [--tap chained|raw] [--epochs N] [--train N] [--test N] [--seed S] [--shots S] [--json FILE]
${PRINT_CIRCUIT_USAGE}`;

async function main(): Promise<void> {
  const { values } = parseCli(
    { ...CONFIG_FLAGS, json: { type: 'string' }, ...PRINT_CIRCUIT_FLAGS },
    USAGE,
  );
  if (!values.config) throw new UsageError(`--config is required\n\n${USAGE}`);
  const config = configFromFlags(values, values.config, USAGE);
  // --print-circuit (scripts/cli/printCircuit.ts)
  const stray = strayPrintFlags(values);
  if (stray.length > 0) throw new UsageError(`--${stray[0]} needs --print-circuit\n\n${USAGE}`);
  if (values['print-circuit']) {
    process.stdout.write(printCircuit(config, values));
    return;
  }
  quietTfjs();
  process.stderr.write(`Training ${paperName(config)} (${values.config})\n`);
  let bar: ProgressBar | null = null;
  const record = await runInNode(nodeHost(), formatConfigText(config), {
    onEvent(event) {
      if (event.type === 'run') bar = new ProgressBar(event.totalSteps, 'train');
      if (event.type === 'metrics' && event.steps.length > 0) {
        const last = event.steps[event.steps.length - 1];
        bar?.update(last.step, `loss ${last.loss.toFixed(3)}`);
      }
    },
  });
  const predicted = predictHasGradient(config);
  const lastEpoch = record.epochs[record.epochs.length - 1];
  const lastSteps = record.steps.slice(-10);
  console.log(`\n${paperName(config)}   [${formatConfigText(config)}]   backend ${record.backend}`);
  console.log(
    `steps ${record.steps.length}, final loss ${lastSteps.at(-1)?.loss.toFixed(4) ?? 'n/a'}`,
  );
  for (const layer of Object.keys(lastSteps.at(-1)?.gradNorms ?? {})) {
    const mean =
      lastSteps.reduce((s, m) => s + (m.gradNorms[layer as 'H'] ?? 0), 0) / lastSteps.length;
    console.log(
      `  ‖∇${layer}‖ (mean of last ${lastSteps.length} steps) ${mean.toExponential(3)}  predicted: ${predicted[layer as 'Q1'] ?? '-'}`,
    );
  }
  if (lastEpoch) {
    console.log(
      `train accuracy ${(lastEpoch.trainAccuracy * 100).toFixed(1)}%, test accuracy ${(lastEpoch.testAccuracy * 100).toFixed(1)}%`,
    );
  }
  for (const e of record.errors) console.log(`! ${e.message}`);
  if (values.json) {
    writeFileSync(values.json, JSON.stringify(record, null, 1) + '\n');
    console.log(`wrote ${values.json}`);
  }
  if (record.state === 'error') process.exitCode = 1;
}

runCli(main);
