import type { RunRecord } from '../../src/engine/runRecord';
import { sweepCsv, type SweepRow } from '../cli/sweepReport';
import { accessibilityFigure } from './accessibilityFigure';
import { accuracyFigure } from './accuracyFigure';
import { curvesAndBarsFigure } from './curvesAndBarsFigure';
import { gradNormFigure } from './gradNormFigure';
import { measuredAccess, testAccuracy, type ConfigRun, type Figure } from './figureRun';
import {
  benchmarkRuns,
  curveChoices,
  qubitRuns,
  sweep,
  type FigureSettings,
  type Labelled,
} from './plan';

/** From trained runs to the figures' files and their manifest entries: pure, no I/O. */

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
    `tap ${settings.tap}`,
    `${settings.semantics} gradients`,
    `${settings.steps} steps of ${settings.batch} images`,
    `test ${settings.test}`,
    `seed ${settings.seed}`,
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

  for (const n of settings.layers) {
    const entries = sweep(settings, n);
    const rows: ConfigRun[] = entries.map((e) => ({ ...e, layers: n, record: get(e.config) }));
    const configs = rows.map((r) => r.config);
    const sub = subtitle(settings);
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
      figure: accuracyFigure(rows, { layers: n, subtitle: sub }),
      configurations: configs,
    });
    data.push({
      name: `resqunn_accessibility_n${n}_${seed}.csv`,
      kind: 'table',
      text: sweepCsv(rows.map((r) => sweepRow(r, n))),
      configurations: configs,
      description: `predicted and measured gradient access, mean gradient norms and test accuracy of every configuration of ${n} layers`,
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
        subtitle: subtitle(settings, '2 layers, 2×2'),
        smoothing: 5,
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
    description: 'every run record the figures were drawn from (step wall times left out)',
  });
  return { figures, data };
}

function sweepRow(r: ConfigRun, n: number): SweepRow {
  const measured = measuredAccess(r.record, n);
  const ids = Object.keys(r.record.steps[0]?.gradNorms ?? {});
  const gradNorm = Object.fromEntries(
    ids.map((id) => [
      id,
      r.record.steps.reduce((s, m) => s + (m.gradNorms[id as 'H'] ?? 0), 0) /
        Math.max(1, r.record.steps.length),
    ]),
  );
  return {
    edges: r.edges,
    name: r.name,
    predicted: Object.fromEntries(
      Object.entries(r.predicted).map(([k, v]) => [k, v === 'gradient']),
    ),
    measured: Object.fromEntries(Object.entries(measured).map(([k, v]) => [k, v === 'gradient'])),
    gradNorm,
    testAccuracy: testAccuracy(r.record),
  };
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
