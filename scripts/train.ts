// `npm run train -- [--config TEXT] [--semantics measured|exact] [--tap chained|raw]
//   [--epochs N] [--train N] [--test N] [--seed S] [--json FILE|-] [--print-circuit] [--data PATH]
//   [--export-model DIR]`
// Without --config, the app's default configuration (DEFAULT_CONFIG). `--json -` writes the record
// to stdout and everything else to stderr. --print-circuit prints the compiled
// circuits (JSON, or one layer as OpenQASM: scripts/cli/printCircuit.ts) and trains nothing.
// --export-model DIR writes the trained model for PyTorch (model.json, model.py, the test set).
// Trains one configuration in Node on the same engine as the app, with a progress bar, and prints
// a summary; the JSON holds every step's metrics (the same record as window.resqunnLab.metrics()).
import { paperName } from '../src/model/config/paperName';
import { predictHasGradient } from '../src/model/accessibility/accessibility';
import { nodeHost, quietTfjs } from '../src/engine/nodeHost';
import { runInNode } from '../src/engine/nodeRunner';
import { ProgressBar } from './cli/progressBar';
import { parseCli, runCli, UsageError } from './cli/args';
import {
  configFromFlags,
  CONFIG_FLAGS,
  DATA_FLAGS,
  DATA_USAGE,
  resolveDataFlag,
} from './cli/configFlags';
import { formatConfigText } from '../src/model/config/configText';
import { DEFAULT_CONFIG } from '../src/model/config/config';
import { circuitName } from '../src/model/circuitName';
import { messageStream, outputFile } from './cli/outputFile';
import { exportCheckpoint } from '../src/engine/checkpointExport';
import { writeModelExport } from './cli/writeModelExport';
import {
  PRINT_CIRCUIT_FLAGS,
  PRINT_CIRCUIT_USAGE,
  printCircuit,
  strayPrintFlags,
} from './cli/printCircuit';

const DEFAULT_TEXT = formatConfigText(DEFAULT_CONFIG);
const USAGE = `usage: npm run train -- [--config TEXT] [--semantics measured|exact]
  [--tap chained|raw] [--epochs N] [--train N] [--test N] [--seed S] [--shots S]
  [--json FILE]       every step's metrics as JSON; --json - writes them to stdout
  [--export-model DIR]   after training, write the model for PyTorch into DIR (python DIR/model.py)
  [--data PATH] [--datasets DIR] [--transposed yes|no]
${DATA_USAGE}
--config defaults to the app's default configuration, ${DEFAULT_TEXT}
(a text without a= and d= means ryrz at L = 1 in every layer, e.g. "n=2;k=2,2;e=1-2")
${PRINT_CIRCUIT_USAGE}`;

async function main(): Promise<void> {
  const { values } = parseCli(
    {
      ...CONFIG_FLAGS,
      ...DATA_FLAGS,
      json: { type: 'string' },
      'export-model': { type: 'string' },
      ...PRINT_CIRCUIT_FLAGS,
    },
    USAGE,
  );
  if (values.config === '') throw new UsageError(`--config is empty\n\n${USAGE}`);
  const text = values.config ?? DEFAULT_TEXT;
  const dataset = await resolveDataFlag(values, (line) => process.stderr.write(`${line}\n`));
  const config = configFromFlags(values, text, USAGE, dataset?.id);
  // Checked before training: a path that cannot be written fails now, not after the run.
  const json = outputFile('json', values.json);
  const out = messageStream(json);
  const log = (line: string) => void out.write(`${line}\n`);
  // --print-circuit (scripts/cli/printCircuit.ts)
  const stray = strayPrintFlags(values);
  if (stray.length > 0) throw new UsageError(`--${stray[0]} needs --print-circuit\n\n${USAGE}`);
  if (values['print-circuit']) {
    process.stdout.write(printCircuit(config, values));
    return;
  }
  quietTfjs();
  process.stderr.write(`Training ${paperName(config)}, ${circuitName(config)} (${text})\n`);
  let bar: ProgressBar | null = null;
  const host = nodeHost({ datasetsDir: values.datasets });
  const record = await runInNode(host, formatConfigText(config), {
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
  log(
    `\n${paperName(config)}, ${circuitName(config)}   [${formatConfigText(config)}]   backend ${record.backend}`,
  );
  log(`steps ${record.steps.length}, final loss ${lastSteps.at(-1)?.loss.toFixed(4) ?? 'n/a'}`);
  for (const layer of Object.keys(lastSteps.at(-1)?.gradNorms ?? {})) {
    const mean =
      lastSteps.reduce((s, m) => s + (m.gradNorms[layer as 'H'] ?? 0), 0) / lastSteps.length;
    log(
      `  ‖∇${layer}‖ (mean of last ${lastSteps.length} steps) ${mean.toExponential(3)}  predicted: ${predicted[layer as 'Q1'] ?? '-'}`,
    );
  }
  if (lastEpoch) {
    log(
      `train accuracy ${(lastEpoch.trainAccuracy * 100).toFixed(1)}%, test accuracy ${(lastEpoch.testAccuracy * 100).toFixed(1)}%`,
    );
  }
  for (const e of record.errors) log(`! ${e.message}`);
  if (json) {
    json.write(JSON.stringify(record, null, 1) + '\n');
    if (!json.toStdout) log(`wrote ${json.path}`);
  }
  const exportDir = values['export-model'];
  if (exportDir && record.state !== 'error') {
    if (!record.checkpoint) throw new Error('the run ended without a checkpoint to export');
    const data = await host.loadData(() => undefined, config.dataset);
    const exported = await exportCheckpoint(record.checkpoint, host.simulator(), data);
    writeModelExport(exportDir, exported);
    console.log(
      `wrote the model to ${exportDir} (test accuracy ${(exported.accuracy * 100).toFixed(1)}%): python3 ${exportDir}/model.py`,
    );
  }
  if (record.state === 'error') process.exitCode = 1;
}

runCli(main);
