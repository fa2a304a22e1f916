import { csvFormatRows, csvFormatValue } from 'd3';
import type { RunRecord } from '../../engine/runRecord';
import type { LayerId, StepMetrics } from '../../model/metrics';

/**
 * A run's steps as CSV (RFC 4180, `\n` line ends): one row per step with its epoch, loss, batch
 * accuracy and the gradient norm of every tracked layer (`gradNorm_Q1` … `gradNorm_H`). A layer
 * without parameters at a step (frozen) has an empty cell; a norm of 0 is written 0. Numbers are
 * written exactly (JavaScript's shortest round-trip form), so the CSV reproduces the JSON.
 */
export function runStepsCsv(run: Pick<RunRecord, 'steps'>): string {
  const layers = layerColumns(run.steps);
  const header = ['step', 'epoch', 'loss', 'batchAccuracy', ...layers.map((l) => `gradNorm_${l}`)];
  const rows = run.steps.map((s) => [
    num(s.step),
    num(s.epoch),
    num(s.loss),
    num(s.batchAccuracy),
    ...layers.map((l) => num(s.gradNorms[l])),
  ]);
  return csvFormatRows([header, ...rows]) + '\n';
}

/** Every layer any step reports, in network order: Q1 … Qn, then H. */
export function layerColumns(steps: readonly StepMetrics[]): LayerId[] {
  const seen = new Set<string>();
  for (const s of steps) for (const key of Object.keys(s.gradNorms)) seen.add(key);
  const quanv = [...seen]
    .filter((k) => /^Q\d+$/.test(k))
    .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  return [...quanv, ...(seen.has('H') ? ['H'] : [])] as LayerId[];
}

function num(value: number | undefined): string {
  if (value === undefined) return '';
  if (Number.isNaN(value)) return 'NaN';
  return String(value);
}

/** A field, quoted when it holds a comma, quote or line break (RFC 4180): d3-dsv's rule. */
export const csvField = (value: string): string => csvFormatValue(value);
