/*
 * The sweep's rows as a Markdown table (stdout; the CSV is src/model/sweepCsv.ts): per layer predicted and observed
 * access across seeds, mean gradient norms, test accuracy as mean and 95% CI, then the summary.
 */
import type { ExperimentConfig } from '../../src/model/config/config';
import { circuitName } from '../../src/model/circuitName';
import { datasetLabel } from '../../src/data/formats/datasetRef';
import {
  summarySentence,
  sweepSummary,
  type ObservedAccess,
  type SweepRow,
} from '../../src/model/sweep/sweepRows';

export type { SweepRow } from '../../src/model/sweep/sweepRows';
export { sweepCsv } from '../../src/model/sweep/sweepCsv';

/** A table cell: the paper-style names contain `|`, which Markdown reads as a cell border. */
const cell = (text: string) => text.replace(/\|/g, '\\|');

const mark = (has: ObservedAccess | undefined) =>
  has === undefined ? '–' : has === 'mixed' ? '◐' : has ? '●' : '○';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function accuracyText(row: SweepRow): string {
  const t = row.testAccuracy;
  if (t.values.length === 0) return 'failed';
  return t.ci95 ? `${pct(t.mean)} [${pct(t.ci95[0])}, ${pct(t.ci95[1])}]` : `${pct(t.mean)}`;
}

/** A Markdown table: per layer predicted/observed access (● gradient, ○ none, ◐ seeds disagree). */
export function sweepTable(rows: readonly SweepRow[], base: ExperimentConfig): string {
  const layers = Object.keys(rows[0]?.predicted ?? {});
  const seeds = rows[0]?.seeds.length ?? 0;
  const header = [
    'edges',
    'configuration',
    ...layers.map((l) => `${l} pred/meas`),
    ...layers.map((l) => `‖∇${l}‖`),
    '‖∇H‖',
    seeds > 1 ? 'test acc (95% CI)' : 'test acc',
    'all layers',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`];
  for (const r of rows) {
    const all = layers.every((l) => r.measuredAccess[l] === true);
    const access = layers.map(
      (l) =>
        `${mark(r.predicted[l])} / ${mark(r.measuredAccess[l])}${r.predicted[l] === r.measuredAccess[l] ? '' : ' ≠'}`,
    );
    const norms = layers.map((l) => (r.gradNorm[l] ?? 0).toExponential(2));
    lines.push(
      `| ${r.edges || '(none)'} | ${cell(r.name)} | ${access.join(' | ')} | ${norms.join(' | ')} | ` +
        `${(r.gradNorm.H ?? 0).toExponential(2)} | ${accuracyText(r)} | ${all ? '**yes**' : ''} |`,
    );
  }
  const summary = sweepSummary(rows);
  const failed = rows.flatMap((r) => r.errors);
  lines.push(
    '',
    `${summary.configurations} configurations of ${layers.length} layers × ${seeds} seed${seeds === 1 ? '' : 's'} ` +
      `(${circuitName(base)}, tap ${base.tap}, ${base.semantics}) on ${datasetLabel(base.dataset)}; ${summary.full} give every layer gradient in every seed; ` +
      `prediction matches observation in ${summary.agree} of ${summary.configurations}.`,
    summarySentence(summary),
    ...failed.map((f) => `! ${f}`),
  );
  return lines.join('\n');
}
