/* The sweep's rows as CSV, one line per configuration: for the CLI's --csv and the Explore view. */
import { csvFormatRows } from 'd3';
import type { SweepRow } from './sweepRows';
import { parseConfigText } from '../config/configText';

/** The data a row's configuration trains on (`mnist`, or a user's `name.hash`). */
export function rowDataset(row: Pick<SweepRow, 'config'>): string {
  const parsed = parseConfigText(row.config);
  return parsed.ok ? parsed.config.dataset : '';
}

export function sweepCsv(rows: readonly SweepRow[]): string {
  const layers = Object.keys(rows[0]?.predicted ?? {});
  const header = [
    'edges',
    'name',
    ...layers.flatMap((l) => [`${l}_predicted`, `${l}_observed`, `${l}_gradNorm`]),
    'H_gradNorm',
    'seeds',
    'testAccuracy',
    'testAccuracy_sd',
    'testAccuracy_ci95_lo',
    'testAccuracy_ci95_hi',
    'dataset',
  ];
  const num = (x: number | null | undefined) => (x === null || x === undefined ? '' : String(x));
  const body = rows.map((r) => [
    r.edges,
    r.name,
    ...layers.flatMap((l) => [
      String(r.predicted[l]),
      String(r.measuredAccess[l]),
      String(r.gradNorm[l] ?? 0),
    ]),
    String(r.gradNorm.H ?? 0),
    String(r.seeds.length),
    num(r.testAccuracy.mean),
    num(r.testAccuracy.sd),
    num(r.testAccuracy.ci95?.[0]),
    num(r.testAccuracy.ci95?.[1]),
    rowDataset(r),
  ]);
  // d3-dsv quotes a field only where RFC 4180 needs it (a comma, quote or line break).
  return csvFormatRows([header, ...body]) + '\n';
}
