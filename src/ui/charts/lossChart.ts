import { drawTraces, LINEAR_MARGIN, lossBuckets, lossFrame } from './chartKit';
import { lastStep, lossPoints, smoothedLoss, type ShownRunsChart } from './series';
/*
 * Training loss per step: the raw per-batch loss thin and light, its moving average on top.
 * A run from the previous configuration is drawn faded behind.
 */

const MARGIN = LINEAR_MARGIN;

export function drawLossChart(element: SVGSVGElement, input: ShownRunsChart): void {
  const { shown, width, height } = input;
  const buckets = lossBuckets(width, MARGIN);
  const series = shown.flatMap(({ run, role }) => [
    { key: `${role}-raw`, className: `loss-raw ${role}`, points: lossPoints(run.steps, buckets) },
    { key: `${role}-ema`, className: `loss-ema ${role}`, points: smoothedLoss(run.steps, buckets) },
  ]);
  const size = { width, height, margin: MARGIN };
  const { svg, x, y } = lossFrame(element, size, series, lastStep(shown), 'loss (cross-entropy)');
  drawTraces(svg, series, x, y);
}
