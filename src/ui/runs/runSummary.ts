import type { RunRecord } from '../../engine/runRecord';
import { IMPLICIT_CIRCUIT, type LayerSpec } from '../../model/config/config';
import { readConfigText } from '../../model/config/configReader';
import type { LayerId } from '../../model/metrics';
import { paperName } from '../../model/config/paperName';
import { layerColumns } from '../export/csv';
import { RUN_COLOURS } from '../tokens';

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
  const parsed = readConfigText(config);
  if (!parsed.ok) return config;
  const c = parsed.config;
  const model = c.model === 'frozen' ? ' · frozen' : c.model === 'classical' ? ' · classical' : '';
  const kernels = c.layers.every((l) => l.kernel === 2)
    ? ''
    : ` · ${c.layers.map((l) => `${l.kernel}×${l.kernel}`).join(',')}`;
  return `${paperName(c)}${model}${kernels}${circuitsName(c.layers)}`;
}

/**
 * The layers' circuits (` · basic L3`, or one per layer when they differ); nothing for ryrz at
 * L = 1 everywhere, as in the text form, so runs of the original circuit keep their names.
 */
function circuitsName(layers: readonly LayerSpec[]): string {
  const names = layers.map((l) => `${l.family} L${l.depth}`);
  const implicit = `${IMPLICIT_CIRCUIT.family} L${IMPLICIT_CIRCUIT.depth}`;
  if (names.every((n) => n === implicit)) return '';
  return ` · ${names.every((n) => n === names[0]) ? names[0] : names.join(',')}`;
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

/** Runs shorter than this are fragments of quick edits: listed only when asked. */
export const SHORTEST_LISTED = 2;

/**
 * The runs the comparison lists, oldest first: fragments (0–1 steps) only when `showShort`, or
 * when picked or current (a fragment the user chose is not hidden from them).
 */
export function listedRuns<R extends { readonly key: string; readonly record: RunRecord }>(
  runs: readonly R[],
  showShort: boolean,
  keep: readonly string[],
): { readonly listed: R[]; readonly hidden: number } {
  const listed = runs.filter(
    (r) => showShort || r.record.steps.length >= SHORTEST_LISTED || keep.includes(r.key),
  );
  return { listed, hidden: runs.length - listed.length };
}

/** Where an interrupted run stopped, e.g. `interrupted at step 48 of 96`. */
export function interruptedText(record: RunRecord): string {
  const at = record.steps.at(-1)?.step ?? 0;
  return record.totalSteps > 0
    ? `interrupted at step ${at} of ${record.totalSteps}`
    : `interrupted at step ${at}`;
}

/** The layers any of these runs tracks, in network order (the table's and chart's columns). */
export function layersOf(records: readonly RunRecord[]): LayerId[] {
  return layerColumns(records.flatMap((r) => r.steps.slice(0, 1)));
}

export function runColour(index: number): string {
  return RUN_COLOURS[index % RUN_COLOURS.length];
}
