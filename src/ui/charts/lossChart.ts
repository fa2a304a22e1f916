import * as d3 from 'd3';
import {
  chartCanvas,
  drawTraces,
  LINEAR_MARGIN,
  linearFrame,
  lossScale,
  stepScale,
  STEP_TITLE,
} from './chartKit';
import { lastStep, lossPoints, smoothedLoss, type ShownRunsChart } from './series';

/*
 * Training loss per step: the raw per-batch loss thin and light, its moving average on top.
 * A run from the previous configuration is drawn faded behind.
 */

const MARGIN = LINEAR_MARGIN;

export function drawLossChart(element: SVGSVGElement, input: ShownRunsChart): void {
  const { shown, width, height } = input;
  const { svg, plotWidth } = chartCanvas(element, width, height, MARGIN);
  const buckets = Math.max(10, Math.floor(plotWidth / 2));
  const series = shown.flatMap(({ run, role }) => [
    { key: `${role}-raw`, className: `loss-raw ${role}`, points: lossPoints(run.steps, buckets) },
    { key: `${role}-ema`, className: `loss-ema ${role}`, points: smoothedLoss(run.steps, buckets) },
  ]);
  const top = d3.max(series, (s) => d3.max(s.points, (p) => p[1]));
  const x = stepScale(lastStep(shown), MARGIN, plotWidth);
  const { y, ticks } = lossScale(top, height, MARGIN);

  linearFrame(svg, x, y, {
    margin: MARGIN,
    plotWidth,
    height,
    ticks,
    titles: { x: STEP_TITLE, y: 'loss (cross-entropy)' },
  });
  drawTraces(svg, series, x, y);
}
