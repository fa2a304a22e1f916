import type { RunRecord } from '../../src/engine/runRecord';
import type { LayerAccess, QuanvLayerId } from '../../src/model/accessibility/accessibility';
import { hasGradient } from '../../src/model/metrics';
import { svgDocument, type Child } from './svg';
import { THEME } from './theme';

/* The paper's kinds of figure are drawn from run records as pure functions of the data (same runs,
 * same bytes), as standalone SVG documents, one file per figure. This file holds what they share:
 * a configuration's run, a finished figure, and what a run measured. */

/** One configuration's run, with what the graph predicts for it. */
export interface ConfigRun {
  /** The configuration's text form. */
  readonly config: string;
  /** Its paper name, e.g. `X+O1 | O1+O2`. */
  readonly name: string;
  /** Its edges, e.g. `0-1,1-2` (empty: none). */
  readonly edges: string;
  readonly layers: number;
  readonly predicted: Readonly<Partial<Record<QuanvLayerId, LayerAccess>>>;
  readonly record: RunRecord;
}

export interface Figure {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
  readonly title: string;
}

/** A finished figure: its parts as one standalone SVG document in the figures' font. */
export function figure(
  meta: { title: string; width: number; height: number; description: string },
  ...parts: Child[]
): Figure {
  const { title, width, height, description } = meta;
  return {
    title,
    width,
    height,
    svg: svgDocument({ width, height, title, description, fontFamily: THEME.font }, ...parts),
  };
}

export const quanvIds = (n: number): QuanvLayerId[] =>
  Array.from({ length: n }, (_, i) => `Q${i + 1}` as QuanvLayerId);

/** Accessibility observed in the run per quanv layer: any step with gradient (hasGradient) counts. */
export function observedAccess(
  record: RunRecord,
  layers: number,
): Partial<Record<QuanvLayerId, LayerAccess>> {
  const out: Partial<Record<QuanvLayerId, LayerAccess>> = {};
  for (const id of quanvIds(layers)) {
    const norms = record.steps
      .map((s) => s.gradNorms[id])
      .filter((v): v is number => v !== undefined);
    out[id] = norms.length === 0 ? 'frozen' : norms.some(hasGradient) ? 'gradient' : 'none';
  }
  return out;
}

/** Whether every trainable quanv layer got gradient (false when none is trainable). */
export function allReached(access: Partial<Record<QuanvLayerId, LayerAccess>>): boolean {
  const values = Object.values(access).filter((a) => a !== 'frozen');
  return values.length > 0 && values.every((a) => a === 'gradient');
}

export function testAccuracy(record: RunRecord): number {
  return record.epochs.at(-1)?.testAccuracy ?? NaN;
}
