import * as d3 from 'd3';
import {
  drawTraces,
  linearFrame,
  lossScale,
  stepScale,
  STEP_TITLE,
  TITLE_ROOM,
  type Margins,
  type Svg,
} from './chartKit';
import { lastStep, lossPoints, smoothedLoss, type ShownRun } from './series';

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
