import { possibleEdges } from '../../model/config/config';

/* The merge points a connection from `from` may end at (never "Q1 → after Q1"). */
export function connectionTargets(layerCount: number, from: number): number[] {
  return possibleEdges(layerCount)
    .filter((e) => e.from === from)
    .map((e) => e.to);
}
