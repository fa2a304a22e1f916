import * as d3 from 'd3';
import type { EpochMetrics } from '../../model/metrics';
import {
  chartCanvas,
  drawTraces,
  LINEAR_MARGIN,
  horizontalRules,
  layer,
  linearFrame,
  stepScale,
  STEP_TITLE,
} from './chartKit';
import { lastStep, type ShownRunsChart } from './series';

/*
 * Train and test accuracy at the end of each epoch, placed at the step that closed the epoch so
 * it lines up with the loss chart above it. Chance (one in as many classes as the current run's
 * dataset has; MNIST's 10 %) is marked: below it nothing was learnt.
 */

const MARGIN = LINEAR_MARGIN;

type Which = 'train' | 'test';
const VALUE: Record<Which, (e: EpochMetrics) => number> = {
  train: (e) => e.trainAccuracy,
  test: (e) => e.testAccuracy,
};

export function drawAccuracyChart(
  element: SVGSVGElement,
  input: ShownRunsChart & { readonly chance?: number },
): void {
  const { shown, width, height } = input;
  const { svg, plotWidth } = chartCanvas(element, width, height, MARGIN);
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
  horizontalRules(svg, 'chance', [input.chance ?? 0.1], y, MARGIN.left, MARGIN.left + plotWidth);

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
