import type { RunRecord } from '../../engine/runRecord';
import { parseConfigText } from '../../model/configText';
import type { LayerId } from '../../model/metrics';
import { paperName } from '../../model/paperName';
import { layerColumns } from '../export/csv';

/** One run's final numbers, for the comparison table. Pure. */
export interface RunSummary {
  /** Paper name, e.g. `O1+O2`, with the model when it is a benchmark. */
  readonly name: string;
  readonly steps: number;
  /** Mean loss of the last (up to) 10 steps: one batch's loss is noisy. */
  readonly finalLoss: number;
  readonly trainAccuracy: number | null;
  readonly testAccuracy: number | null;
  /** The last step's gradient norm per layer. */
  readonly lastNorms: Readonly<Partial<Record<LayerId, number>>>;
}

export function runName(config: string): string {
  const parsed = parseConfigText(config);
  if (!parsed.ok) return config;
  const c = parsed.config;
  const model = c.model === 'frozen' ? ' · frozen' : c.model === 'classical' ? ' · classical' : '';
  const kernels = c.layers.every((l) => l.kernel === 2)
    ? ''
    : ` · ${c.layers.map((l) => `${l.kernel}×${l.kernel}`).join(',')}`;
  return `${paperName(c)}${model}${kernels}`;
}

export function summarise(record: RunRecord): RunSummary {
  const steps = record.steps;
  const tail = steps.slice(-10).filter((s) => Number.isFinite(s.loss));
  const last = record.epochs.at(-1);
  return {
    name: runName(record.config),
    steps: steps.length,
    finalLoss: tail.length > 0 ? tail.reduce((a, s) => a + s.loss, 0) / tail.length : NaN,
    trainAccuracy: last ? last.trainAccuracy : null,
    testAccuracy: last ? last.testAccuracy : null,
    lastNorms: steps.at(-1)?.gradNorms ?? {},
  };
}

/** The layers any of these runs tracks, in network order (the table's and chart's columns). */
export function layersOf(records: readonly RunRecord[]): LayerId[] {
  return layerColumns(records.flatMap((r) => r.steps.slice(0, 1)));
}

/** Colours of compared runs, in picking order: distinct, and none of them grey. */
export const RUN_COLOURS = [
  '#2f6fdf',
  '#e07b1f',
  '#17a589',
  '#a64fc9',
  '#d1435b',
  '#1b2330',
  '#8c6d1f',
  '#0f8fb3',
] as const;

export function runColour(index: number): string {
  return RUN_COLOURS[index % RUN_COLOURS.length];
}
