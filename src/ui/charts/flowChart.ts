/*
 * The flow chart option: chosen routes' flow (docs/model.md §8) per step, on the
 * gradient chart's log axis and with its "none" lane, drawn by the same code. A route takes its
 * source's colour; chain links and the head link are dashed, to tell them from the residual edge
 * that leaves the same node.
 */
import type { RouteId } from '../../model/accessibility/routes';
import { routeSourceNode } from '../../model/accessibility/routes';
import { nodeColour } from '../palette';
import { drawNormChart } from './gradientChart';
import { routeLineStyle } from './routeWords';
import type { ShownRun } from './series';

export interface FlowChartInput {
  readonly shown: readonly ShownRun[];
  /** The routes to plot, in lane order. */
  readonly routes: readonly RouteId[];
  /** Quanv layers of the current configuration, for the colours. */
  readonly layers: number;
  readonly width: number;
  readonly height: number;
  /** An exported figure is finished: its empty lane says so instead of "none so far". */
  readonly exported?: boolean;
}

/** A route's line colour and dash: its source's colour; links dashed (routeWords.ts: how). */
export function routeStyle(id: RouteId, layers: number): { colour: string; dashed: boolean } {
  return { colour: nodeColour(routeSourceNode(id, layers), layers), dashed: id.startsWith('c:') };
}

export function drawFlowChart(element: SVGSVGElement, input: FlowChartInput): void {
  const { shown, routes, layers, width, height, exported } = input;
  drawNormChart(element, {
    shown,
    width,
    height,
    exported,
    order: routes,
    caption: 'no flow: ‖cotangent‖ < 10⁻¹²',
    emptyCaption: 'every route carried gradient',
    yTitle: '‖cotangent‖ (log)',
    linesOf: (run) => {
      // Runs before routes were measured, or of another configuration, lack some routes.
      const reported = Object.keys(run.steps[0]?.flowNorms ?? {});
      return routes
        .filter((id) => reported.includes(id))
        .map((id) => ({
          key: id,
          ...routeStyle(id, layers),
          ...routeLineStyle(id),
          value: (s) => s.flowNorms?.[id],
        }));
    },
  });
}
