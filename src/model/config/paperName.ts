import type { Edge } from './configSchema';

/*
 * The paper's way of naming a configuration (docs/model.md §3): by the sums at its merge points. The
 * merge point after Qb with edges a→b is written `<sources>+O_b`, a source being `X` for a = 0 and
 * `O_a` otherwise, in node order: edges 0-2 and 1-2 give `X+O1+O2`. Merge points with edges are
 * listed in order, separated by ` | `. The tap (chained or raw) does not change the name: the
 * paper's notation does not distinguish them, and the app shows the tap beside the name.
 */

/** The name of a configuration without residual edges. */
export const NO_RESIDUAL_NAME = 'no residual';

/** `X+O1 | O1+O2`, or NO_RESIDUAL_NAME. Edges may come in any order. */
export function paperName(config: { readonly edges: readonly Edge[] }): string {
  const mergePoints = [...new Set(config.edges.map((e) => e.to))].sort((a, b) => a - b);
  if (mergePoints.length === 0) return NO_RESIDUAL_NAME;
  return mergePoints.map((to) => mergePointName(config.edges, to)).join(' | ');
}

/** The sum at the merge point after Q`to`: `O2` alone when no edge ends there, else `X+O1+O2`. */
export function mergePointName(edges: readonly Edge[], to: number): string {
  const sources = edges
    .filter((e) => e.to === to)
    .map((e) => e.from)
    .sort((a, b) => a - b);
  return [...sources, to].map(outputName).join('+');
}

/** `X` for node 0, `O_i` (written `Oi`) for the output of Qi. */
function outputName(node: number): string {
  return node === 0 ? 'X' : `O${node}`;
}
