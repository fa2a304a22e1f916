import { measuredRoute } from './accessibilityRoute';
import { allEdgeSubsets } from '../config/configEdges';
import type { Edge, Tap } from '../config/configSchema';
import { paperName } from '../config/paperName';

/*
 * Accessibility of every configuration of an n-layer network (all layers trainable, `measured`
 * semantics), for the tables of docs/model.md §4 and for sweeps. Rows come in allEdgeSubsets order.
 *
 * Two layers (both taps agree: Q1 needs the edge 1-2, Q2 always has gradient):
 *
 *   edges            name              Q1  Q2
 *   —                no residual       ·   ✓
 *   0-1              X+O1              ·   ✓
 *   0-2              X+O2              ·   ✓
 *   1-2              O1+O2             ✓   ✓
 *   0-1, 0-2         X+O1 | X+O2       ·   ✓
 *   0-1, 1-2         X+O1 | O1+O2      ✓   ✓
 *   0-2, 1-2         X+O1+O2           ✓   ✓
 *   0-1, 0-2, 1-2    X+O1 | X+O1+O2    ✓   ✓
 *
 * Three layers: all layers get gradient in 24 of 64 configurations under `chained` (2-3 and one
 * of 1-2, 1-3; edges from X are free) and in 16 of 64 under `raw` (2-3 and 1-3). Leaving out the
 * edges from X, that is 3 of 8 (chained) and 2 of 8 (raw).
 */

export interface AccessibilityRow {
  readonly edges: readonly Edge[];
  readonly name: string;
  /** gradient[i]: whether Q(i+1) gets a gradient. */
  readonly gradient: readonly boolean[];
}

export function accessibilityTable(layerCount: number, tap: Tap): AccessibilityRow[] {
  return allEdgeSubsets(layerCount).map((edges) => ({
    edges,
    name: paperName({ edges }),
    gradient: Array.from(
      { length: layerCount },
      (_, i) => measuredRoute(layerCount, edges, tap, i + 1) !== null,
    ),
  }));
}

/** How many configurations give every quanv layer a gradient. */
export function fullAccessCount(layerCount: number, tap: Tap): number {
  return accessibilityTable(layerCount, tap).filter((row) => row.gradient.every(Boolean)).length;
}
