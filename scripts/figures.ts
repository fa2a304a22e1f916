// `npm run figures -- [--out DIR] [--layers 2|3|2,3] [--steps N] [--seed S] [--seeds K] [--test N] [--scale N]
//   [--tap chained|raw] [--semantics measured|exact] [--family F] [--depth L] [--no-benchmarks] [--no-qubits]
//   [--url URL] [--backend NAME] [--runs FILE] [--data PATH [--datasets DIR] [--transposed yes|no]]`
// Builds the app, serves it on localhost, trains every configuration the figures need in headless
// Chromium through window.resqunnLab, and writes the paper's kinds of figure as SVG and PNG:
// (a) the gradient-accessibility grid of every configuration, predicted and measured;
// (b) gradient-norm curves; (c) test accuracy per configuration; (d) the benchmark models beside
// trainable ones; (e) 4-qubit against 9-qubit layers. With --seeds K every run is repeated for
// seeds S…S+K−1: (c) and (d) show means, with 95% CI error bars from K = 3, and (c) the difference
// between full-access configurations and the others. A manifest.json lists every file with its
// configurations and seed (default folder: figures-out/). The same flags give the same files,
// byte for byte. Every layer runs the app's default circuit (basic, L = 3) unless --family and
// --depth say otherwise; each figure's subtitle names it. `--runs FILE` redraws the figures from
// the runs file an earlier call wrote (no training, no build). `--data PATH` trains every run on the
// user's dataset (stored as for npm run train, handed to the page as its stored file); every
// figure's subtitle, every data file and the manifest name the dataset.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunRecord } from '../src/engine/runRecord';
import { checkRunRecord } from '../src/engine/runRecordCheck';
import { CONFIG_LIMITS, SEMANTICS, TAPS, type Depth } from '../src/model/config/config';
import { CIRCUIT_FAMILIES } from '../src/sim/circuit/circuitProgram';
import { BACKEND_NAMES } from '../src/state/page/urlState';
import { choiceFlag, intFlag, parseCli, runCli, UsageError } from './cli/args';
import { ProgressBar } from './cli/progressBar';
import { buildAndServe, openLab, openRasteriser, type ServedApp } from './figures/browser';
import { composeFigures } from './figures/compose';
import { manifestJson, type ManifestFile } from './figures/manifest';
import { allRuns, datasetLabel, DEFAULT_SETTINGS, type FigureSettings } from './figures/plan';
import { DATA_FLAGS, DATA_USAGE, resolveDataFlag } from './cli/configFlags';
import { DATASET_FILE_NAME } from '../src/data/formats/datasetDisk';

const USAGE = `usage: npm run figures -- [--out DIR] [--layers 2|3|2,3] [--steps N] [--seed S] [--seeds K]
  [--test N] [--scale N] [--tap chained|raw] [--semantics measured|exact]
  [--family ryrz|basic|strong|random] [--depth L]   (default: the app's, basic L = 3)
  [--no-benchmarks] [--no-qubits] [--url URL] [--backend wasm|cpu|webgl|webgpu]
  [--runs FILE] [--data PATH] [--datasets DIR] [--transposed yes|no]
${DATA_USAGE}

Writes into figures-out/ unless --out is given; --layers 2 (default) takes a few minutes (3.3 min on 2 busy cores).`;

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

function settingsFrom(
  values: Record<string, string | boolean | undefined>,
  dataset: string,
): FigureSettings {
  const text = (name: string) => values[name] as string | undefined;
  const layers = (text('layers') ?? '2').split(',').map((v) => intFlag('layers', v.trim(), 2, 3)!);
  const steps = intFlag('steps', text('steps'), 1, 400) ?? DEFAULT_SETTINGS.steps;
  return {
    ...DEFAULT_SETTINGS,
    layers: [...new Set(layers)].sort(),
    steps,
    test: intFlag('test', text('test'), 1, 2000) ?? DEFAULT_SETTINGS.test,
    seed: intFlag('seed', text('seed'), 0, 2 ** 31 - 11) ?? DEFAULT_SETTINGS.seed,
    seeds: intFlag('seeds', text('seeds'), 1, 10) ?? DEFAULT_SETTINGS.seeds,
    tap: choiceFlag('tap', text('tap'), TAPS) ?? DEFAULT_SETTINGS.tap,
    semantics: choiceFlag('semantics', text('semantics'), SEMANTICS) ?? DEFAULT_SETTINGS.semantics,
    family: choiceFlag('family', text('family'), CIRCUIT_FAMILIES) ?? DEFAULT_SETTINGS.family,
    depth:
      (intFlag('depth', text('depth'), CONFIG_LIMITS.depth.min, CONFIG_LIMITS.depth.max) as
        Depth | undefined) ?? DEFAULT_SETTINGS.depth,
    benchmarks: values['no-benchmarks'] !== true,
    qubits: values['no-qubits'] !== true,
    dataset,
  };
}

async function main(): Promise<void> {
  const { values } = parseCli(
    {
      out: { type: 'string' },
      layers: { type: 'string' },
      steps: { type: 'string' },
      seed: { type: 'string' },
      seeds: { type: 'string' },
      test: { type: 'string' },
      scale: { type: 'string' },
      tap: { type: 'string' },
      semantics: { type: 'string' },
      family: { type: 'string' },
      depth: { type: 'string' },
      'no-benchmarks': { type: 'boolean' },
      'no-qubits': { type: 'boolean' },
      url: { type: 'string' },
      backend: { type: 'string' },
      runs: { type: 'string' },
      ...DATA_FLAGS,
    },
    USAGE,
  );
  const data = await resolveDataFlag(values, (line) => process.stderr.write(`${line}\n`));
  const settings = settingsFrom(values, data?.id ?? DEFAULT_SETTINGS.dataset);
  const scale = intFlag('scale', values.scale, 1, 4) ?? 3;
  const backend = choiceFlag('backend', values.backend, BACKEND_NAMES) ?? 'wasm';
  const out = resolve(values.out ?? 'figures-out');
  if (values.url !== undefined && !/^https?:\/\//.test(values.url)) {
    throw new UsageError(`--url must be an http(s) address (got "${values.url}")\n\n${USAGE}`);
  }
  // Made before training: a folder that cannot be made fails now, not after the runs.
  try {
    mkdirSync(out, { recursive: true });
  } catch (e) {
    throw new UsageError(`--out ${out}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const configs = allRuns(settings);
  const started = Date.now();
  const records = values.runs
    ? readRuns(values.runs, configs)
    : await train(values, settings, configs, backend, data && join(data.folder, DATASET_FILE_NAME));

  const drawer = await openRasteriser();
  try {
    const { figures, data } = composeFigures(settings, records);
    const files: ManifestFile[] = [];
    const drawBar = new ProgressBar(figures.length, 'drawing');
    for (const [i, { kind, name, figure, configurations }] of figures.entries()) {
      const svgFile = `${name}.svg`;
      writeFileSync(join(out, svgFile), figure.svg);
      const pngFile = `${name}_${scale}x.png`;
      writeFileSync(
        join(out, pngFile),
        await drawer.png(figure.svg, figure.width, figure.height, scale),
      );
      const common = { figure: kind, title: figure.title, configurations, seed: settings.seed };
      files.push({
        file: svgFile,
        format: 'svg',
        width: figure.width,
        height: figure.height,
        ...common,
      });
      files.push({
        file: pngFile,
        format: 'png',
        width: Math.round(figure.width * scale),
        height: Math.round(figure.height * scale),
        scale,
        ...common,
      });
      drawBar.update(i + 1, name);
    }
    for (const d of data) {
      writeFileSync(join(out, d.name), d.text);
      files.push({
        file: d.name,
        format: d.name.endsWith('.csv') ? 'csv' : 'json',
        title: d.description,
        configurations: d.configurations,
        seed: settings.seed,
      });
    }
    const usedBackend = [...records.values()][0]?.backend ?? backend;
    writeFileSync(join(out, 'manifest.json'), manifestJson(settings, usedBackend, scale, files));
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    process.stdout.write(
      `wrote ${files.length} files and manifest.json to ${out} in ${seconds} s\n`,
    );
  } finally {
    await drawer.close();
  }
}

/** Trains every configuration in the app, in headless Chromium; returns the records by config. */
async function train(
  values: { url?: string },
  settings: FigureSettings,
  configs: readonly string[],
  backend: string,
  /** The user's stored dataset file (--data), handed to the page before the runs. */
  datasetFile?: string,
): Promise<Map<string, RunRecord>> {
  let app: ServedApp | null = null;
  if (values.url === undefined) {
    // The kernel and the data were built by scripts/prepare.mjs (`npm run figures` calls it).
    process.stderr.write('building the app…\n');
    app = await buildAndServe(ROOT);
  }
  const records = new Map<string, RunRecord>();
  try {
    const lab = await openLab(values.url ?? app!.url, backend, configs[0], datasetFile);
    try {
      if (lab.backend !== backend) {
        process.stderr.write(`note: the app runs on ${lab.backend} (asked for ${backend})\n`);
      }
      process.stderr.write(
        `training ${configs.length} configurations (${settings.family} L = ${settings.depth}) on ${datasetLabel(settings)}, ${settings.steps} steps each, on ${lab.backend}\n`,
      );
      const bar = new ProgressBar(configs.length, 'training');
      bar.update(0);
      for (const [i, config] of configs.entries()) {
        records.set(config, await lab.run(config));
        bar.update(i + 1, config.replace(/;(train|test|b|lr|ep|seed)=[^;]*/g, ''));
      }
    } finally {
      await lab.close();
    }
  } finally {
    await app?.close();
  }
  return records;
}

/** Records from a runs file of an earlier call; every configuration the figures need must be in it. */
function readRuns(file: string, configs: readonly string[]): Map<string, RunRecord> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`--runs ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!Array.isArray(parsed)) throw new UsageError(`--runs ${file}: not a list of run records`);
  const byConfig = new Map<string, RunRecord>();
  for (const [i, item] of parsed.entries()) {
    const checked = checkRunRecord(item);
    if (!checked.ok) {
      throw new UsageError(`--runs ${file}: run ${i + 1} of ${parsed.length}: ${checked.message}`);
    }
    byConfig.set(checked.record.config, checked.record);
  }
  const missing = configs.filter((c) => !byConfig.has(c));
  if (missing.length > 0) {
    throw new UsageError(
      `--runs ${file} lacks ${missing.length} configuration(s) these flags need, e.g. ${missing[0]}`,
    );
  }
  return new Map(configs.map((c) => [c, byConfig.get(c) as RunRecord]));
}

runCli(main);
