/*
 * A deep-stack study as the files the CLI writes and the view exports: the same JSON (the
 * settings, the data measured on, a row per stack and layer, and every sample's norm) and CSV
 * (the rows, each naming the data) from both.
 */
import { stackDataset, type StackSettings } from './stackSettings';
import type { StackRow } from './stackStudy';

export interface StackJson {
  readonly settings: StackSettings;
  /** `mnist` or the user's `name.hash`: the base configuration's data. */
  readonly dataset: string;
  readonly rows: readonly StackRow[];
  /** norms[stack][layer − 1][sample], stacks in the rows' order. */
  readonly norms: readonly (readonly (readonly number[])[])[];
}

export function stackJson(
  settings: StackSettings,
  rows: readonly StackRow[],
  norms: StackJson['norms'],
): StackJson {
  return { settings, dataset: stackDataset(settings), rows, norms };
}

export function stackCsv(settings: StackSettings, rows: readonly StackRow[]): string {
  const dataset = stackDataset(settings);
  const lines = rows.map((r) =>
    [
      r.curve,
      JSON.stringify(r.label),
      JSON.stringify(r.edges),
      r.layer,
      r.samples,
      r.median,
      r.q1,
      r.q3,
      dataset,
    ].join(','),
  );
  const header = ['stack', 'label', 'edges', 'layer', 'samples', 'median', 'q1', 'q3', 'dataset'];
  return `${header.join(',')}\n${lines.map((l) => `${l}\n`).join('')}`;
}
