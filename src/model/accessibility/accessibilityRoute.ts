import type { Edge, Tap } from '../config/configSchema';

/*
 * The graph question behind gradient accessibility (docs/model.md §3–§4), under `measured` semantics:
 * the input of every quanv layer is a stop-gradient, so Qi's parameters get gradient iff O_i
 * reaches the head H by a path that never enters a later layer's encoding, i.e. only along
 * residual edges.
 *
 * - chained tap: O_i is part of h_i; an edge i→b carries h_i into h_b; the head reads h_n. So
 *   O_i reaches H iff there is a chain of edges i→…→n (or i = n).
 * - raw tap: an edge i→b carries O_i alone into h_b, and h_b travels on only through Q(b+1)'s
 *   encoding, so O_i reaches H iff i = n or the edge i→n exists.
 */

/**
 * The merge points a gradient-carrying path passes, from Qi's output to the head, or null when
 * every path is cut. Chained: [i, b1, …, n] along edges i→b1→…→n (the shortest such chain, lowest
 * merge points first); raw: [n] (directly, or by the edge i→n).
 */
export function measuredRoute(
  layerCount: number,
  edges: readonly Edge[],
  tap: Tap,
  layer: number,
): readonly number[] | null {
  if (layer === layerCount) return [layerCount];
  if (tap === 'raw') {
    return edges.some((e) => e.from === layer && e.to === layerCount) ? [layerCount] : null;
  }
  // Breadth-first over merge points, so the route shown is a shortest one.
  const previous = new Map<number, number>([[layer, layer]]);
  const queue = [layer];
  for (let head = 0; head < queue.length; head++) {
    const at = queue[head];
    if (at === layerCount) return pathTo(previous, layer, at);
    const next = edges
      .filter((e) => e.from === at && !previous.has(e.to))
      .map((e) => e.to)
      .sort((a, b) => a - b);
    for (const to of next) {
      previous.set(to, at);
      queue.push(to);
    }
  }
  return null;
}

/**
 * The later layers whose encodings Qi's output enters, directly or along residual edges: where a
 * cut layer's gradient stops under `measured` semantics.
 */
export function encodingsEntered(
  layerCount: number,
  edges: readonly Edge[],
  tap: Tap,
  layer: number,
): number[] {
  const mergePoints = new Set<number>([layer]);
  if (tap === 'raw') {
    for (const e of edges) if (e.from === layer) mergePoints.add(e.to);
  } else {
    for (const at of mergePoints) {
      for (const e of edges) if (e.from === at) mergePoints.add(e.to);
    }
  }
  return [...mergePoints]
    .filter((m) => m < layerCount)
    .map((m) => m + 1)
    .sort((a, b) => a - b);
}

function pathTo(previous: ReadonlyMap<number, number>, start: number, end: number): number[] {
  const path = [end];
  while (path[0] !== start) path.unshift(previous.get(path[0]) as number);
  return path;
}
