/**
 * How the diagram draws gradient flow (docs/model.md §8): a route's norm as a
 * stroke width and opacity on one fixed log scale, the same decades for every step so a route
 * visibly thins or thickens as training goes on, and exactly 0 as its own "no flow" style. Pure.
 */
import { formatNorm } from '../charts/chartKit';
import type { RouteId } from '../../model/accessibility/routes';

/** The latest step's flow per route; a route without a number has not been measured. */
export type FlowReading = Readonly<Partial<Record<RouteId, number>>>;

/** The decades the width spans: below the first a route is drawn thinnest, above the last widest. */
const FLOW_DECADES = [-8, 1] as const;
const WIDTH = { min: 1.5, max: 9 } as const;
const OPACITY = { min: 0.3, max: 0.75 } as const;

export type FlowLook =
  | { readonly kind: 'none' }
  | { readonly kind: 'flow'; readonly width: number; readonly opacity: number };

/** Where `norm` sits on the log scale, 0 … 1 (clamped). */
export function flowPosition(norm: number): number {
  const [lo, hi] = FLOW_DECADES;
  return Math.min(1, Math.max(0, (Math.log10(norm) - lo) / (hi - lo)));
}

/** The look of one route, or null when it has no number (before the first step). */
export function flowLook(norm: number | undefined): FlowLook | null {
  if (norm === undefined || !Number.isFinite(norm)) return null;
  if (norm === 0) return { kind: 'none' };
  const t = flowPosition(norm);
  return {
    kind: 'flow',
    width: WIDTH.min + t * (WIDTH.max - WIDTH.min),
    opacity: OPACITY.min + t * (OPACITY.max - OPACITY.min),
  };
}

const h = (a: number) => (a === 0 ? 'X' : `h${a}`);

/** What a route is and carries, in words: for its tooltip and its accessible name. */
export function describeFlow(id: RouteId, norm: number | undefined, layers: number): string {
  const what =
    id === 'c:H'
      ? `Head link c:H, from H back to ${h(layers)}`
      : id.startsWith('c:')
        ? `Chain link ${id}, from Q${id.slice(2)}’s encoding back to ${h(Number(id.slice(2)) - 1)}`
        : `Residual edge ${id}, back to its source`;
  return `${what}: ${flowText(norm)}`;
}

/** The number a route shows: its norm, or that nothing flows. */
export function flowText(norm: number | undefined): string {
  if (norm === undefined) return 'not measured yet';
  if (norm === 0) return 'no flow (exactly 0)';
  return `gradient flow ${formatNorm(norm)}`;
}
