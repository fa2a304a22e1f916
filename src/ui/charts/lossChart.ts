import * as d3 from 'd3';
import { layer, linearFrame, STEP_TITLE, TITLE_ROOM, type Margins, type Svg } from './chartKit';
import { lastStep, lossPoints, smoothedLoss, type Point, type ShownRun } from './series';

/*
 * Training loss per step: the raw per-batch loss thin and light, its moving average on top.
 * A run from the previous configuration is drawn faded behind.
 */

export interface LossChartInput {
  readonly shown: readonly ShownRun[];
  readonly width: number;
  readonly height: number;
}

const MARGIN: Margins = { top: 10, right: 12, bottom: 22 + TITLE_ROOM, left: 40 + TITLE_ROOM };

export function drawLossChart(element: SVGSVGElement, input: LossChartInput): void {
  const { shown, width, height } = input;
  const svg: Svg = d3.select(element).attr('width', width).attr('height', height);
  const plotWidth = Math.max(10, width - MARGIN.left - MARGIN.right);
  const buckets = Math.max(10, Math.floor(plotWidth / 2));
  const series = shown.flatMap(({ run, role }) => [
    { key: `${role}-raw`, className: `loss-raw ${role}`, points: lossPoints(run.steps, buckets) },
    { key: `${role}-ema`, className: `loss-ema ${role}`, points: smoothedLoss(run.steps, buckets) },
  ]);
  const top = d3.max(series, (s) => d3.max(s.points, (p) => p[1])) ?? 2.5;
  const x = d3
    .scaleLinear()
    .domain([1, lastStep(shown)])
    .range([MARGIN.left, MARGIN.left + plotWidth]);
  const y = d3
    .scaleLinear()
    .domain([0, Math.max(0.5, top)])
    .nice()
    .range([height - MARGIN.bottom, MARGIN.top]);
  const ticks = Math.max(2, Math.floor((height - MARGIN.top - MARGIN.bottom) / 28));

  linearFrame(svg, x, y, {
    margin: MARGIN,
    plotWidth,
    height,
    ticks,
    titles: { x: STEP_TITLE, y: 'loss (cross-entropy)' },
  });

  const line = d3.line<Point>(
    (p) => x(p[0]),
    (p) => y(p[1]),
  );
  layer(svg, 'lines')
    .selectAll<SVGPathElement, (typeof series)[number]>('path')
    .data(series, (d) => d.key)
    .join('path')
    .attr('class', (d) => `trace ${d.className}`)
    .attr('d', (d) => line(d.points));
}
