/**
 * Routes: the ways a value in the network hands gradient back to where it came from (see
 * docs/model.md §8). Every consumer of a tensor in the forward pass is exactly one
 * route, so the cotangents of the routes leaving a value add up to that value's gradient.
 *
 * - `a-b`, a residual edge: what flows back through the edge to its tap (h_a, or O_a under the
 *   `raw` tap for a ≥ 1);
 * - `c:b`, b = 1 … n, a chain link: what flows back from Q_b's encoding to h_{b−1}; exactly 0 under
 *   `measured`, which stops backpropagation there;
 * - `c:H`, the head link: what flows back from the head to h_n (to X in the classical-only model).
 */
import type { ExperimentConfig } from '../config/configSchema';

export type RouteId = `${number}-${number}` | `c:${number}` | 'c:H';

/** A value of the forward pass a route hands its cotangent to: h_a (h_0 = X) or O_a. */
export interface RouteSource {
  readonly value: 'h' | 'O';
  readonly index: number;
}

export interface Route {
  readonly id: RouteId;
  readonly kind: 'edge' | 'chain' | 'head';
  readonly source: RouteSource;
}

export const edgeRoute = (from: number, to: number): RouteId => `${from}-${to}`;
export const chainRoute = (to: number): RouteId => `c:${to}`;
export const HEAD_ROUTE: RouteId = 'c:H';

/** The routes of a configuration, in drawing order: chain links, then edges, then the head link. */
export function routesOf(config: ExperimentConfig): Route[] {
  if (config.model === 'classical')
    return [{ id: HEAD_ROUTE, kind: 'head', source: { value: 'h', index: 0 } }];
  const n = config.layers.length;
  const chain = config.layers.map((_, i): Route => ({
    id: chainRoute(i + 1),
    kind: 'chain',
    source: { value: 'h', index: i },
  }));
  const edges = config.edges.map((e): Route => ({
    id: edgeRoute(e.from, e.to),
    kind: 'edge',
    source: { value: config.tap === 'chained' || e.from === 0 ? 'h' : 'O', index: e.from },
  }));
  return [...chain, ...edges, { id: HEAD_ROUTE, kind: 'head', source: { value: 'h', index: n } }];
}

/**
 * The diagram node a route hands its gradient back to, by its id alone: 0 for X, a for Qa's side
 * of the chain (h_a or O_a). For colours: a route is drawn in its source's colour.
 */
export function routeSourceNode(id: RouteId, layers: number): number {
  if (id === HEAD_ROUTE) return layers;
  if (id.startsWith('c:')) return Number(id.slice(2)) - 1;
  return Number(id.split('-')[0]);
}
