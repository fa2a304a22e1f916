import * as d3 from 'd3';
import type { RunRecord } from '../../engine/runRecord';
import type { LayerId } from '../../model/metrics';
import {
  chartCanvas,
  drawTraces,
  layer,
  logFrame,
  lossBuckets,
  lossFrame,
  stepScale,
  STEP_TITLE,
  TITLE_ROOM,
  type Margins,
} from '../charts/chartKit';
import { gradientTrace, lastStepOf, logExtent, smoothedLoss } from '../charts/series';

/**
 * Overlays of several runs: one layer's gradient norm (log axis, with a "no gradient" lane, a row
 * per run) and the smoothed loss. Each run has its colour; the charts are redrawn whole.
 */

export interface ComparedRun {
  readonly key: string;
  readonly label: string;
  readonly colour: string;
  readonly record: RunRecord;
}

const MARGIN: Margins = { top: 10, right: 14, bottom: 24 + TITLE_ROOM, left: 46 + TITLE_ROOM };
const LANE_ROW = 8;

const lastStep = (runs: readonly ComparedRun[]): number =>
  lastStepOf(runs.map((r) => r.record.steps));

export function drawGradientOverlay(
  element: SVGSVGElement,
  runs: readonly ComparedRun[],
  id: LayerId,
  width: number,
  height: number,
): void {
  const { svg, plotWidth } = chartCanvas(element, width, height, MARGIN);
  const buckets = Math.max(10, Math.floor(plotWidth / 2));
  const traces = runs.map((r) => ({ run: r, trace: gradientTrace(r.record.steps, id, buckets) }));
  const laneRuns = traces.filter((t) => t.trace.dead.length > 0);
  const laneHeight = 14 + Math.max(1, laneRuns.length) * LANE_ROW + 4;
  const plotBottom = height - MARGIN.bottom - laneHeight;
  const x = stepScale(lastStep(runs), MARGIN, plotWidth);
  const y = d3
    .scaleLog()
    .domain(logExtent(traces.map((t) => t.trace)))
    .range([plotBottom, MARGIN.top])
    .clamp(true);
  logFrame(svg, x, y, {
    margin: MARGIN,
    plotWidth,
    plotBottom,
    height,
    titles: { x: STEP_TITLE, y: `‖∇θ‖ of ${id} (log)` },
  });

  const line = d3.line<readonly [number, number]>(
    (p) => x(p[0]),
    (p) => y(p[1]),
  );
  const segments = traces.flatMap(({ run, trace }) =>
    trace.segments.map((points, k) => ({ key: `${run.key}-${k}`, run, points })),
  );
  layer(svg, 'lines')
    .selectAll<SVGPathElement, (typeof segments)[number]>('path')
    .data(segments, (d) => d.key)
    .join('path')
    .attr('class', 'trace')
    .attr('stroke', (d) => d.run.colour)
    .attr('d', (d) => (d.points.length > 1 ? line(d.points) : null));

  const top = plotBottom + 14;
  const lane = layer(svg, 'no-gradient-lane');
  lane
    .selectAll('rect.lane-bg')
    .data([0])
    .join('rect')
    .attr('class', 'lane-bg')
    .attr('x', MARGIN.left)
    .attr('y', top)
    .attr('width', plotWidth)
    .attr('height', Math.max(1, laneRuns.length) * LANE_ROW + 4);
  lane
    .selectAll('text.lane-title')
    .data(['0'])
    .join('text')
    .attr('class', 'lane-title')
    .attr('x', MARGIN.left - 9)
    .attr('y', top + 2 + (Math.max(1, laneRuns.length) * LANE_ROW) / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .text((d) => d);
  lane
    .selectAll('text.lane-caption')
    .data([`no gradient in ${id}${laneRuns.length > 0 ? '' : ' — none'}`])
    .join('text')
    .attr('class', 'lane-caption')
    .attr('x', MARGIN.left + plotWidth)
    .attr('y', top - 3)
    .attr('text-anchor', 'end')
    .text((d) => d);
  const bars = laneRuns.flatMap(({ run, trace }, row) =>
    trace.dead.map(([from, to], k) => ({
      key: `${run.key}-${k}`,
      colour: run.colour,
      x: x(from) - 1,
      width: Math.max(3, x(to) - x(from) + 2),
      y: top + 2 + row * LANE_ROW,
    })),
  );
  lane
    .selectAll<SVGRectElement, (typeof bars)[number]>('rect.dead')
    .data(bars, (d) => d.key)
    .join('rect')
    .attr('class', 'dead')
    .attr('x', (d) => d.x)
    .attr('y', (d) => d.y)
    .attr('width', (d) => d.width)
    .attr('height', LANE_ROW - 2)
    .attr('fill', (d) => d.colour)
    .attr('stroke', 'none');
}

export function drawLossOverlay(
  element: SVGSVGElement,
  runs: readonly ComparedRun[],
  width: number,
  height: number,
): void {
  const buckets = lossBuckets(width, MARGIN);
  const series = runs.map((r) => ({
    key: r.key,
    colour: r.colour,
    points: smoothedLoss(r.record.steps, buckets),
  }));
  const size = { width, height, margin: MARGIN };
  const { svg, x, y } = lossFrame(element, size, series, lastStep(runs), 'loss (smoothed)');
  drawTraces(svg, series, x, y);
}
