import * as d3 from 'd3';
import type { DepthFit, TrainabilityRow } from '../../src/model/trainability/study';
import type { StackRow } from '../../src/model/trainability/stackStudy';
import {
  seriesByLayer,
  seriesByQubits,
  type Series,
} from '../../src/ui/trainability/trainabilityCharts';
import {
  decadeTicks,
  figureTop,
  formatPower,
  logDomain,
  pathOf,
  stepTicks,
  xAxis,
  yAxis,
  type Point,
} from './plots';
import { el, g, svgDocument, text } from './svg';
import { THEME } from './theme';

/*
 * The Trainability lab's figures as standalone SVG for `npm run trainability -- --svg FILE` (the
 * README's anchor figures): variance against n on a log axis with its 95% intervals and the fitted
 * decay, and a deep-stack study's median gradient norm per layer with its interquartile band.
 * Pure functions of the study's rows, drawn with the figures' own SVG writer (no DOM in Node).
 */

function logPlot(
  series: readonly Series[],
  title: string,
  subtitle: string,
  xLabel: string,
  yLabel: string,
): string {
  const width = THEME.wide;
  const left = 64;
  const right = 24;
  const { markup: heading, top } = figureTop(
    { title, subtitle },
    series.map((s) => ({ label: s.label, colour: s.colour })),
    { x: 14, width: width - 28 },
    { x: left, width: width - left - right },
    16,
  );
  const plotH = 260;
  const bottom = top + plotH;
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const [x0, x1] = xs.length > 0 ? (d3.extent(xs) as [number, number]) : [1, 2];
  const x = d3
    .scaleLinear()
    .domain([x0 - 0.3, x1 + 0.3])
    .range([left, width - right]);
  const domain = logDomain(series.flatMap((s) => s.points.flatMap((p) => [p.y, p.lo, p.hi])));
  const y = d3.scaleLog().domain(domain).range([bottom, top]).clamp(true);
  const yOf = (v: number) => y(Math.max(v, domain[0]));
  const marks = series.map((s) => {
    const pts = s.points.filter((p) => p.y > 0);
    const line: Point[] = pts.map((p) => [x(p.x), yOf(p.y)]);
    const band = s.band
      ? el('path', {
          d: `${pathOf(pts.map((p) => [x(p.x), yOf(p.hi)]))}${pathOf([...pts].reverse().map((p) => [x(p.x), yOf(p.lo)])).replace(/^M/, 'L')}Z`,
          fill: s.colour,
          'fill-opacity': 0.18,
          stroke: 'none',
        })
      : null;
    const fit = s.fit
      ? el('path', {
          d: pathOf(
            d3.range(0, 41).map((i): Point => {
              const n = x0 + ((x1 - x0) * i) / 40;
              return [x(n), yOf(Math.exp(s.fit!.intercept - s.fit!.decayPerQubit * n))];
            }),
          ),
          fill: 'none',
          stroke: s.colour,
          'stroke-width': 1.3,
          'stroke-dasharray': '5 4',
        })
      : null;
    const bars = s.band
      ? []
      : pts.map((p) =>
          el('line', {
            x1: x(p.x),
            x2: x(p.x),
            y1: yOf(p.lo),
            y2: yOf(p.hi),
            stroke: s.colour,
            'stroke-width': 1.2,
          }),
        );
    return g(
      { class: 'series' },
      band,
      fit,
      el('path', { d: pathOf(line), fill: 'none', stroke: s.colour, 'stroke-width': 1.8 }),
      ...bars,
      ...pts.map((p) => el('circle', { cx: x(p.x), cy: yOf(p.y), r: 3, fill: s.colour })),
    );
  });
  const height = bottom + 44;
  return svgDocument(
    { width, height, title, description: subtitle, fontFamily: THEME.font },
    heading,
    yAxis(yOf, left, width - right, {
      ticks: decadeTicks(domain, plotH),
      format: formatPower,
    }),
    xAxis(x, bottom, [left, width - right], { ticks: stepTicks([x0, x1], 12), format: String }),
    el(
      'text',
      {
        x: (left + width - right) / 2,
        y: bottom + 36,
        'text-anchor': 'middle',
        'font-size': THEME.label,
      },
      text(xLabel),
    ),
    el(
      'text',
      {
        transform: `translate(16,${(top + bottom) / 2}) rotate(-90)`,
        'text-anchor': 'middle',
        'font-size': THEME.label,
      },
      text(yLabel),
    ),
    ...marks,
  );
}

/** Var[∂C/∂θ] against n, one series per (cost, depth) with its fitted exponential, dashed. */
export function varianceFigure(
  rows: readonly TrainabilityRow[],
  fits: readonly DepthFit[],
  title: string,
  subtitle: string,
): string {
  return logPlot(
    seriesByQubits(rows, fits),
    title,
    subtitle,
    'qubits n',
    'Var[∂C/∂θ] (mean over θ)',
  );
}

/** Median ‖∂loss/∂θ_Qi‖ against the layer index i, one series per stack, its IQR as a band. */
export function stacksFigure(rows: readonly StackRow[], title: string, subtitle: string): string {
  return logPlot(
    seriesByLayer(rows),
    title,
    subtitle,
    'quanv layer i (Q1 is the first)',
    '‖∂loss/∂θ_Qi‖, median and IQR',
  );
}
