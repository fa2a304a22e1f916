import * as d3 from 'd3';
import type { EpochMetrics } from '../../model/metrics';
import {
  drawTraces,
  horizontalRules,
  layer,
  linearFrame,
  stepScale,
  STEP_TITLE,
  TITLE_ROOM,
  type Margins,
  type Svg,
} from './chartKit';
import { lastStep, type ShownRun } from './series';

/*
 * Train and test accuracy at the end of each epoch, placed at the step that closed the epoch so
 * it lines up with the loss chart above it. Chance (10 %) is marked: below it nothing was learnt.
 */

export interface AccuracyChartInput {
  readonly shown: readonly ShownRun[];
  readonly width: number;
  readonly height: number;
}

const MARGIN: Margins = { top: 10, right: 12, bottom: 22 + TITLE_ROOM, left: 40 + TITLE_ROOM };

type Which = 'train' | 'test';
const VALUE: Record<Which, (e: EpochMetrics) => number> = {
  train: (e) => e.trainAccuracy,
  test: (e) => e.testAccuracy,
};

export function drawAccuracyChart(element: SVGSVGElement, input: AccuracyChartInput): void {
  const { shown, width, height } = input;
  const svg: Svg = d3.select(element).attr('width', width).attr('height', height);
  const plotWidth = Math.max(10, width - MARGIN.left - MARGIN.right);
  const x = stepScale(lastStep(shown), MARGIN, plotWidth);
  const y = d3
    .scaleLinear()
    .domain([0, 1])
    .range([height - MARGIN.bottom, MARGIN.top]);
  const ticks = Math.max(2, Math.min(5, Math.floor((height - MARGIN.top - MARGIN.bottom) / 24)));

  linearFrame(svg, x, y, {
    margin: MARGIN,
    plotWidth,
    height,
    ticks,
    format: '.0%',
    // Accuracy is measured once per epoch; each point sits at the step that closed its epoch.
    titles: { x: `${STEP_TITLE} (a point per epoch's end)`, y: 'accuracy' },
  });
  horizontalRules(svg, 'chance', [0.1], y, MARGIN.left, MARGIN.left + plotWidth);

  const series = shown.flatMap(({ run, role }) =>
    (['train', 'test'] as const).map((which) => ({
      key: `${role}-${which}`,
      className: `accuracy-${which} ${role}`,
      points: run.epochs.map((e) => [e.step, VALUE[which](e)] as const),
    })),
  );
  drawTraces(svg, series, x, y);
  const dots = series.flatMap((s) =>
    s.points.map((p, i) => ({ key: `${s.key}-${i}`, className: s.className, p })),
  );
  layer(svg, 'dots')
    .selectAll<SVGCircleElement, (typeof dots)[number]>('circle')
    .data(dots, (d) => d.key)
    .join('circle')
    .attr('class', (d) => d.className)
    .attr('r', 3)
    .attr('cx', (d) => x(d.p[0]))
    .attr('cy', (d) => y(d.p[1]));
}
