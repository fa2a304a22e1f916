import { HEAD_ROUTE, type RouteId } from '../../model/accessibility/routes';

/*
 * Route names in words, for where routes are drawn (the route picker and the chart's legend):
 * `c:b` a chain link, `a-b` a residual edge, `c:H` the head link (docs/model.md §8). And each kind's line style: three dash patterns and two widths, so that two routes
 * that carry the same flow (`1-2` and `c:H` under the chained tap) stay told apart where their
 * curves lie on top of each other.
 */

const node = (index: number) => (index === 0 ? 'X' : `Q${index}`);

/** "residual edge Q1 → ⊕ after Q2", "chain: back through Q2's encoding to Q1", "head link: H → Q2". */
export function routeWords(id: RouteId, layers: number): string {
  if (id === HEAD_ROUTE) return `head link: from H back to ${node(layers)}`;
  if (id.startsWith('c:')) {
    const b = Number(id.slice(2));
    return `chain: back through Q${b}’s encoding to ${node(b - 1)}`;
  }
  const [from, to] = id.split('-').map(Number);
  return `residual edge: ${node(from)} → ⊕ after Q${to}`;
}

/** The one-sentence key shown under the route picker. */
export const ROUTE_KEY =
  'c:b is the chain through Qb’s encoding (0 under measured gradients), a-b a residual edge ' +
  'from a to the ⊕ after Qb, c:H the head’s link back to the last layer.';

export interface RouteLineStyle {
  /** SVG stroke-dasharray; null for a solid line. */
  readonly dash: string | null;
  readonly width: number;
}

/**
 * Edges solid and wide, drawn first (underneath); chain links long dashes; the head link short
 * dashes, narrow, on top: where an edge and the head link coincide, the wide solid line shows
 * around the head link's dashes.
 */
export function routeLineStyle(id: RouteId): RouteLineStyle {
  if (id === HEAD_ROUTE) return { dash: '2 3', width: 1.6 };
  if (id.startsWith('c:')) return { dash: '7 3', width: 1.6 };
  return { dash: null, width: 3.2 };
}
