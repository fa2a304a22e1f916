/*
 * A study as the files the CLI writes and the view exports: the same JSON and CSV from both.
 */
import type { DepthFit, TrainabilityRow } from './study';
import type { TrainabilitySettings } from './settings';

export interface StudyJson {
  readonly settings: TrainabilitySettings;
  readonly rows: readonly Omit<TrainabilityRow, 'gradients'>[];
  readonly fits: readonly DepthFit[];
}

export function studyJson(
  settings: TrainabilitySettings,
  rows: readonly TrainabilityRow[],
  fits: readonly DepthFit[],
): StudyJson {
  return {
    settings,
    rows: rows.map((r) => {
      const { gradients: _gradients, ...rest } = r;
      return rest;
    }),
    fits,
  };
}

const CSV_HEADER = [
  'qubits',
  'depth',
  'cost',
  'samples',
  'params',
  'variance',
  'ci95_low',
  'ci95_high',
  'decay_per_qubit',
  'decay_ci95_low',
  'decay_ci95_high',
];

/** One line per (qubits, depth, cost); the fit's columns repeat on every row of its curve. */
export function studyCsv(rows: readonly TrainabilityRow[], fits: readonly DepthFit[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const r of rows) {
    const fit = fits.find((f) => f.cost === r.cost && f.depth === r.depth);
    const num = (x: number | null | undefined) => (x === null || x === undefined ? '' : String(x));
    lines.push(
      [
        r.qubits,
        r.depth,
        r.cost,
        r.samples,
        r.paramCount,
        num(r.variance),
        num(r.ci95[0]),
        num(r.ci95[1]),
        num(fit?.decayPerQubit),
        num(fit?.ci95?.[0]),
        num(fit?.ci95?.[1]),
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}
