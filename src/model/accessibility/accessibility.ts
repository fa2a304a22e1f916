import { encodingsEntered, measuredRoute } from './accessibilityRoute';
import { edgeLabel } from '../config/configMessages';
import type { Edge, ExperimentConfig } from '../config/configSchema';
import type { LayerId } from '../metrics';
import { mergePointName } from '../config/paperName';

/*
 * Static gradient accessibility (docs/model.md §4): which quanv layers' parameters get a gradient, read
 * from the graph alone, shown beside the observed per-layer gradient norms.
 *
 * - `gradient`: the parameters get a gradient. Under `measured` semantics only along residual
 *   edges that avoid every later encoding (accessibilityRoute.ts); under `exact` always, since
 *   backpropagation then also runs through the encodings.
 * - `none`: trainable, but every path to the head is cut (measured semantics only).
 * - `frozen`: no parameters to train (the layer is frozen, or the model is the frozen benchmark),
 *   which is not the same as "no gradient": the engine reports no norm for it at all.
 *
 * The classical benchmark has no quanv layer in its forward pass, so its report is empty (and
 * predictHasGradient has no keys).
 */

export type QuanvLayerId = Exclude<LayerId, 'H'>;
export type LayerAccess = 'gradient' | 'none' | 'frozen';

export interface LayerAccessibility {
  readonly layer: QuanvLayerId;
  readonly access: LayerAccess;
  /** The path a gradient takes, e.g. `Q1 → O1+O2 → H`; null when there is none. */
  readonly route: string | null;
  /** The residual edges on that route, for highlighting (empty when direct or through encodings). */
  readonly edges: readonly Edge[];
  /** One sentence for the UI: why the layer has, or has no, gradient. */
  readonly reason: string;
}

/** Q1 … Qn in order; empty for the classical model. */
export function accessibilityReport(config: ExperimentConfig): LayerAccessibility[] {
  if (config.model === 'classical') return [];
  return config.layers.map((spec, index) => {
    const layer = index + 1;
    const id: QuanvLayerId = `Q${layer}`;
    if (config.model === 'frozen' || !spec.trainable) {
      const reason =
        config.model === 'frozen'
          ? `frozen: the frozen benchmark model keeps ${id}'s random angles and trains only the head`
          : `frozen: ${id} keeps its random angles, so it has no parameters to train`;
      return { layer: id, access: 'frozen', route: null, edges: [], reason };
    }
    return layerAccessibility(config, layer);
  });
}

/** Keyed `Q1` … `Qn`: true where the layer's parameters get a gradient, false when cut or frozen. */
export function predictHasGradient(
  config: ExperimentConfig,
): Readonly<Partial<Record<QuanvLayerId, boolean>>> {
  return Object.fromEntries(
    accessibilityReport(config).map((r) => [r.layer, r.access === 'gradient']),
  );
}

/** Each quanv layer's access (`gradient`, `none` or `frozen`), keyed `Q1` … `Qn`. */
export function predictLayerAccess(
  config: ExperimentConfig,
): Readonly<Partial<Record<QuanvLayerId, LayerAccess>>> {
  return Object.fromEntries(accessibilityReport(config).map((r) => [r.layer, r.access]));
}

function layerAccessibility(config: ExperimentConfig, layer: number): LayerAccessibility {
  const { edges, tap } = config;
  const n = config.layers.length;
  const id: QuanvLayerId = `Q${layer}`;
  const route = measuredRoute(n, edges, tap, layer);
  if (route) {
    // Chained: the edges between consecutive merge points; raw: the one edge into h_n.
    const routeEdges =
      tap === 'chained' ? chainEdges(route) : layer === n ? [] : [{ from: layer, to: n }];
    return {
      layer: id,
      access: 'gradient',
      route: describeRoute(edges, layer, route),
      edges: routeEdges,
      reason: routeReason(id, routeEdges),
    };
  }
  const entered = encodingsEntered(n, edges, tap, layer);
  const through =
    entered.length === 1 ? `Q${entered[0]}'s encoding` : `the encodings of ${listLayers(entered)}`;
  if (config.semantics === 'exact') {
    const chain = Array.from({ length: n - layer + 1 }, (_, i) => `Q${layer + i}`);
    const reason = `exact semantics differentiates through ${through}`;
    return { layer: id, access: 'gradient', route: [...chain, 'H'].join(' → '), edges: [], reason };
  }
  // The edge layer→n always opens a route (under both taps), and it cannot already exist here.
  const reason =
    `cut: ${id}'s output only reaches H through ${through}, which measured semantics does ` +
    `not differentiate; edge ${layer}-${n} would open a route`;
  return { layer: id, access: 'none', route: null, edges: [], reason };
}

function routeReason(id: QuanvLayerId, routeEdges: readonly Edge[]): string {
  if (routeEdges.length === 0) return `${id} is the last quanv layer: the head reads its output`;
  const labels = routeEdges.map(edgeLabel).join(', ');
  const carry = routeEdges.length === 1 ? `edge ${labels} carries` : `edges ${labels} carry`;
  return `${carry} ${id}'s output to the head without passing a later encoding`;
}

/** `Q1 → O1+O2 → H`: the layer, then each merge point on the route that sums something. */
function describeRoute(edges: readonly Edge[], layer: number, route: readonly number[]): string {
  const sums = route
    .filter((m) => edges.some((e) => e.to === m))
    .map((m) => mergePointName(edges, m));
  return [`Q${layer}`, ...sums, 'H'].join(' → ');
}

function chainEdges(route: readonly number[]): Edge[] {
  return route.slice(1).map((to, i) => ({ from: route[i], to }));
}

/** `Q2 and Q3`, `Q2, Q3 and Q4`. */
function listLayers(layers: readonly number[]): string {
  const names = layers.map((q) => `Q${q}`);
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
