import { describeValue, edgeLabel, nodeName } from './configMessages';
import { CONFIG_LIMITS, type ConfigError, type Edge, type ExperimentConfig } from './configSchema';

/*
 * The residual edges of docs/model.md §3 as a graph on nodes 0 (X) … n (Qn): which edges exist, in which
 * canonical order, and why a proposed edge is not allowed. The validator and the UI's
 * drag-refusal share edgeProblem, so both give the same reason.
 */

/** Canonical order: by `from`, then by `to` (0-1, 0-2, …, 1-2, …). */
export function compareEdges(a: Edge, b: Edge): number {
  return a.from - b.from || a.to - b.to;
}

export function sameEdge(a: Edge, b: Edge): boolean {
  return a.from === b.from && a.to === b.to;
}

/** All n(n+1)/2 edges of an n-layer network, in canonical order. */
export function possibleEdges(layerCount: number): Edge[] {
  const edges: Edge[] = [];
  for (let from = 0; from < layerCount; from++) {
    for (let to = from + 1; to <= layerCount; to++) edges.push({ from, to });
  }
  return edges;
}

/**
 * Every configuration (edge subset) of an n-layer network, for sweeps: by size (the empty set
 * first, then single edges…), and within one size in the lexicographic order of possibleEdges.
 * 2^(n(n+1)/2) subsets, so n is limited to the layer range (1024 subsets at n = 4).
 */
export function allEdgeSubsets(layerCount: number): Edge[][] {
  const { min, max } = CONFIG_LIMITS.layers;
  if (!Number.isInteger(layerCount) || layerCount < min || layerCount > max) {
    throw new RangeError(`allEdgeSubsets: ${layerCount} layers is out of range (${min}..${max})`);
  }
  const edges = possibleEdges(layerCount);
  const subsets: Edge[][] = [];
  const choose = (start: number, size: number, chosen: Edge[]): void => {
    if (chosen.length === size) {
      subsets.push([...chosen]);
      return;
    }
    for (let i = start; i <= edges.length - (size - chosen.length); i++) {
      chosen.push(edges[i]);
      choose(i + 1, size, chosen);
      chosen.pop();
    }
  };
  for (let size = 0; size <= edges.length; size++) choose(0, size, []);
  return subsets;
}

/**
 * Why `edge` cannot be added to an n-layer network that already has `existing`, or null if it
 * can. Checks, in order: whole numbers, self-loop, direction, range, duplicate.
 */
export function edgeProblem(
  layerCount: number,
  existing: readonly Edge[],
  edge: Edge,
): string | null {
  const { from, to } = edge;
  const label = edgeLabel(edge);
  if (!Number.isInteger(from) || !Number.isInteger(to)) {
    return `edge ${label}: both ends must be whole node numbers (0 is X, 1..${layerCount} are Q1..Q${layerCount})`;
  }
  if (from === to) {
    return `a connection from ${nodeName(from)} to itself is not a residual connection`;
  }
  if (from > to) return `edge ${label} points backwards: a residual connection must go forward`;
  if (from < 0) {
    return `edge ${label} starts at node ${from}, but nodes are numbered from 0 (X)`;
  }
  if (to > layerCount) {
    const layers = layerCount === 1 ? '1 quanv layer' : `${layerCount} quanv layers`;
    return `edge ${label} refers to Q${to}, but the network has only ${layers}`;
  }
  if (existing.some((e) => sameEdge(e, edge))) {
    return `duplicate edge ${label}: the network already has this connection`;
  }
  return null;
}

/**
 * Why the UI must refuse a drag from node `from` to node `to` (0 is X, i is Qi; the head H is not
 * an edge end: it always reads h_n), or null when the edge may be added.
 */
export function edgeRefusal(config: ExperimentConfig, from: number, to: number): string | null {
  return edgeProblem(config.layers.length, config.edges, { from, to });
}

/** `0-1,1-2`: edges in the order given. */
export function formatEdgeList(edges: readonly Edge[]): string {
  return edges.map(edgeLabel).join(',');
}

/** Parses `0-1, 1-2` (spaces allowed; empty text: no edges). Checks syntax only, not the graph. */
export function parseEdgeList(
  text: string,
):
  | { readonly ok: true; readonly edges: Edge[] }
  | { readonly ok: false; readonly errors: ConfigError[] } {
  if (text.trim() === '') return { ok: true, edges: [] };
  const edges: Edge[] = [];
  const errors: ConfigError[] = [];
  text.split(',').forEach((part, i) => {
    const match = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(part);
    if (match) edges.push({ from: Number(match[1]), to: Number(match[2]) });
    else {
      errors.push({
        path: `edges[${i}]`,
        message: `edge ${describeValue(part.trim())} is not of the form from-to (e.g. 0-1)`,
      });
    }
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, edges };
}
