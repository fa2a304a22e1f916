import type { RunRecord } from '../../src/engine/runRecord';
import { pairResult } from '../../src/engine/sweepRunner';
import { summarize } from '../../src/model/sweep/statistics';
import { sweepRows, sweepSummary } from '../../src/model/sweep/sweepRows';
import { sweepCsv } from '../cli/sweepReport';
import { accessibilityFigure } from './accessibilityFigure';
import { accuracyFigure } from './accuracyFigure';
import { type SeedStats } from './bars';
import { curvesAndBarsFigure } from './curvesAndBarsFigure';
import { gradNormFigure } from './gradNormFigure';
import { type ConfigRun, type Figure } from './figureRun';
import {
  benchmarkRuns,
  curveChoices,
  datasetLabel,
  qubitRuns,
  seedOffsets,
  sweep,
  withSeed,
  type FigureSettings,
  type Labelled,
} from './plan';

/* From trained runs to the figures' files and their manifest entries: pure, no I/O. */

export interface PlannedFigure {
  /** `a` … `e`, the kinds of figure in the brief (a: accessibility grid …). */
  readonly kind: 'a' | 'b' | 'c' | 'd' | 'e';
  /** File name without extension. */
  readonly name: string;
  readonly figure: Figure;
  readonly configurations: readonly string[];
}

export interface DataFile {
  readonly name: string;
  readonly kind: 'runs' | 'table';
  readonly text: string;
  readonly configurations: readonly string[];
  readonly description: string;
}

export function subtitle(settings: FigureSettings, extra = ''): string {
  return [
    `${settings.family} L = ${settings.depth}`,
    `tap ${settings.tap}`,
    `${settings.semantics} gradients`,
    `${settings.steps} steps of ${settings.batch} images`,
    `test ${settings.test}`,
    `seed ${settings.seed}`,
    `data ${datasetLabel(settings)}`,
    extra,
  ]
    .filter((p) => p !== '')
    .join(' · ');
}

export function composeFigures(
  settings: FigureSettings,
  records: ReadonlyMap<string, RunRecord>,
): { figures: PlannedFigure[]; data: DataFile[] } {
  const get = (config: string): RunRecord => {
    const record = records.get(config);
    if (!record) throw new Error(`no run of ${config}`);
    return record;
  };
  const figures: PlannedFigure[] = [];
  const data: DataFile[] = [];
  const seed = `seed${settings.seed}`;
  const stats = seedStats(settings, records);

  for (const n of settings.layers) {
    const entries = sweep(settings, n);
    const rows: ConfigRun[] = entries.map((e) => ({ ...e, layers: n, record: get(e.config) }));
    const configs = rows.map((r) => r.config);
    const sub = subtitle(settings, seedsNote(settings));
    figures.push({
      kind: 'a',
      name: `resqunn_fig-a_accessibility_n${n}_${seed}`,
      figure: accessibilityFigure(rows, { layers: n, subtitle: sub }),
      configurations: configs,
    });
    const chosen = curveChoices(entries, n === 2 ? 2 : 3).map(
      (e) => rows.find((r) => r.config === e.config) as ConfigRun,
    );
    figures.push({
      kind: 'b',
      name: `resqunn_fig-b_gradnorms_n${n}_${seed}`,
      figure: gradNormFigure(chosen, sub),
      configurations: chosen.map((c) => c.config),
    });
    figures.push({
      kind: 'c',
      name: `resqunn_fig-c_test-accuracy_n${n}_${seed}`,
      figure: accuracyFigure(rows, {
        layers: n,
        subtitle: settings.seeds > 1 ? `${sub} · ${comparison(settings, rows, records)}` : sub,
        stats,
      }),
      configurations: configs,
    });
    data.push({
      name: `resqunn_accessibility_n${n}_${seed}.csv`,
      kind: 'table',
      text: sweepCsv(singleSeedRows(rows, settings.seed)),
      configurations: configs,
      description: `predicted and measured gradient access, mean gradient norms and test accuracy of every configuration of ${n} layers, on ${datasetLabel(settings)}`,
    });
  }

  const labelled = (list: readonly Labelled[]) =>
    list.map((l) => ({
      label: l.label,
      colour: l.colour,
      dashed: l.dashed,
      record: get(l.config),
    }));
  if (settings.benchmarks) {
    const list = benchmarkRuns(settings);
    figures.push({
      kind: 'd',
      name: `resqunn_fig-d_benchmarks_n2_${seed}`,
      figure: curvesAndBarsFigure(labelled(list), {
        title: 'Trainable quanv layers beside the benchmark models',
        subtitle: subtitle(
          settings,
          ['2 layers, 2×2', seedsNote(settings)].filter(Boolean).join(' · '),
        ),
        smoothing: 5,
        stats,
      }),
      configurations: list.map((l) => l.config),
    });
  }
  if (settings.qubits) {
    const list = qubitRuns(settings);
    figures.push({
      kind: 'e',
      name: `resqunn_fig-e_qubits_n2_${seed}`,
      figure: curvesAndBarsFigure(labelled(list), {
        title: '4-qubit (2×2) against 9-qubit (3×3) quanv layers',
        subtitle: subtitle(settings, '2 layers'),
        smoothing: 5,
      }),
      configurations: list.map((l) => l.config),
    });
  }

  const configs = [...records.keys()];
  data.push({
    name: `resqunn_runs_${seed}.json`,
    kind: 'runs',
    text: `${JSON.stringify(
      configs.map((c) => stripTimes(get(c))),
      null,
      1,
    )}\n`,
    configurations: configs,
    description: `every run record the figures were drawn from, on ${datasetLabel(settings)} (step wall times left out)`,
  });
  return { figures, data };
}

/**
 * A run record without its wall times (`millis`) and run id: those differ from one machine and
 * one session to the next, and the files must be the same for the same seed.
 */
export function stripTimes(record: RunRecord): Omit<RunRecord, 'runId'> {
  const { runId: _runId, ...rest } = record;
  return {
    ...rest,
    steps: record.steps.map((s) => ({ ...s, millis: 0 })),
  };
}

/** The figures' one-seed runs as sweep rows: one definition of a row, the sweep's. */
function singleSeedRows(rows: readonly ConfigRun[], seed: number) {
  const plan = {
    format: 'resqunn-sweep-plan',
    version: 1,
    configs: rows.map((r) => r.config),
    seeds: [seed],
  } as const;
  return sweepRows(
    plan,
    rows.map((r, i) => pairResult({ index: i, config: i, seed }, r.record)),
  );
}

/** `3 seeds, bars: mean and 95% CI`, or nothing for one seed. */
function seedsNote(settings: FigureSettings): string {
  if (settings.seeds < 2) return '';
  return `${settings.seeds} seeds, bars: mean${settings.seeds >= 3 ? ' and 95% CI' : ''}`;
}

/**
 * Test accuracy across seeds per configuration (keyed by its first seed's text); undefined for
 * one seed. CIs only from 3 seeds on: with 2, t(0.975, 1) = 12.7 makes the bar span the axis.
 */
function seedStats(
  settings: FigureSettings,
  records: ReadonlyMap<string, RunRecord>,
): SeedStats | undefined {
  if (settings.seeds < 2) return undefined;
  const map = new Map<string, { mean: number; ci95: readonly [number, number] | null }>();
  for (const [config, record] of records) {
    if (withSeed(config, settings.seed) !== config) continue;
    const values = [
      record,
      ...seedOffsets(settings).map((k) => records.get(withSeed(config, settings.seed + k))),
    ]
      .map((r) => r?.epochs.at(-1)?.testAccuracy)
      .filter((v): v is number => v !== undefined);
    const s = summarize(values, [0, 1]);
    map.set(config, { mean: s.mean, ci95: settings.seeds >= 3 ? s.ci95 : null });
  }
  return map;
}

/** The paper's comparison across configurations and seeds (docs/model.md §7). */
function comparison(
  settings: FigureSettings,
  rows: readonly ConfigRun[],
  records: ReadonlyMap<string, RunRecord>,
): string {
  const seeds = [0, ...seedOffsets(settings)].map((k) => settings.seed + k);
  const plan = {
    format: 'resqunn-sweep-plan',
    version: 1,
    configs: rows.map((r) => r.config),
    seeds,
  } as const;
  const results = rows.flatMap((r, c) =>
    seeds.flatMap((s, i) => {
      const record = records.get(withSeed(r.config, s));
      return record
        ? [pairResult({ index: c * seeds.length + i, config: c, seed: s }, record)]
        : [];
    }),
  );
  const d = sweepSummary(sweepRows(plan, results)).difference;
  if (!d) return 'no full-access comparison';
  const pts = (v: number) => (v * 100).toFixed(1);
  return `full access − others: ${d.difference >= 0 ? '+' : ''}${pts(d.difference)} pts${d.ci95 ? ` [${pts(d.ci95[0])}, ${pts(d.ci95[1])}]` : ''}`;
}
