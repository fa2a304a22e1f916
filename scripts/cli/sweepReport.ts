import type { ExperimentConfig } from '../../src/model/config';

/** One configuration's outcome in a sweep (the JSON row, plus the measured access). */
export interface SweepRow {
  readonly edges: string;
  readonly name: string;
  readonly predicted: Record<string, boolean>;
  readonly gradNorm: Record<string, number>;
  readonly measured: Record<string, boolean>;
  readonly testAccuracy: number;
}

/** A table cell: the paper-style names contain `|`, which Markdown reads as a cell border. */
const cell = (text: string) => text.replace(/\|/g, '\\|');

const mark = (has: boolean | undefined) => (has === undefined ? '–' : has ? '●' : '○');

/** A Markdown table: per layer predicted/measured access (● gradient, ○ none) and the norm. */
export function sweepTable(rows: readonly SweepRow[], base: ExperimentConfig): string {
  const layers = Object.keys(rows[0]?.predicted ?? {});
  const header = [
    'edges',
    'configuration',
    ...layers.map((l) => `${l} pred/meas`),
    ...layers.map((l) => `‖∇${l}‖`),
    '‖∇H‖',
    'test acc',
    'all layers',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`];
  for (const r of rows) {
    const all = layers.every((l) => r.measured[l]);
    lines.push(
      `| ${r.edges || '(none)'} | ${cell(r.name)} | ${layers
        .map(
          (l) =>
            `${mark(r.predicted[l])} / ${mark(r.measured[l])}${r.predicted[l] === r.measured[l] ? '' : ' ≠'}`,
        )
        .join(
          ' | ',
        )} | ${layers.map((l) => (r.gradNorm[l] ?? 0).toExponential(2)).join(' | ')} | ${(r.gradNorm.H ?? 0).toExponential(2)} | ${(r.testAccuracy * 100).toFixed(1)}% | ${all ? '**yes**' : ''} |`,
    );
  }
  const full = rows.filter((r) => layers.every((l) => r.measured[l])).length;
  const agree = rows.filter((r) => layers.every((l) => r.predicted[l] === r.measured[l])).length;
  lines.push(
    '',
    `${rows.length} configurations of ${layers.length} layers (tap ${base.tap}, ${base.semantics}); ` +
      `${full} give every layer gradient; prediction matches measurement in ${agree} of ${rows.length}.`,
  );
  return lines.join('\n');
}

export function sweepCsv(rows: readonly SweepRow[]): string {
  const layers = Object.keys(rows[0]?.predicted ?? {});
  const header = [
    'edges',
    'name',
    ...layers.flatMap((l) => [`${l}_predicted`, `${l}_gradNorm`]),
    'H_gradNorm',
    'testAccuracy',
  ];
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const body = rows.map((r) =>
    [
      quote(r.edges),
      quote(r.name),
      ...layers.flatMap((l) => [String(r.predicted[l]), String(r.gradNorm[l] ?? 0)]),
      String(r.gradNorm.H ?? 0),
      String(r.testAccuracy),
    ].join(','),
  );
  return [header.join(','), ...body].join('\n') + '\n';
}
