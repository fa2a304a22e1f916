/*
 * A deep-stack study as the files the CLI writes and the view exports: the same JSON (the
 * settings, a row per stack and layer, and every sample's norm) and CSV (the rows) from both.
 */
import type { StackSettings } from './stackSettings';
import type { StackRow } from './stackStudy';

export interface StackJson {
  readonly settings: StackSettings;
  readonly rows: readonly StackRow[];
  /** norms[stack][layer − 1][sample], stacks in the rows' order. */
  readonly norms: readonly (readonly (readonly number[])[])[];
}

export function stackJson(
  settings: StackSettings,
  rows: readonly StackRow[],
  norms: StackJson['norms'],
): StackJson {
  return { settings, rows, norms };
}

export function stackCsv(rows: readonly StackRow[]): string {
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
    ].join(','),
  );
  return `${['stack', 'label', 'edges', 'layer', 'samples', 'median', 'q1', 'q3'].join(',')}\n${lines.map((l) => `${l}\n`).join('')}`;
}
