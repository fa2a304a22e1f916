import * as d3 from 'd3';
import type { RunRecord } from '../../src/engine/runRecord';
import {
  caption,
  figureTop,
  formatPercent,
  formatStep,
  movingAverage,
  pathOf,
  stepTicks,
  xAxis,
  yAxis,
  type Point,
} from './plots';
import { el, g, num, text } from './svg';
import { THEME } from './theme';
import { figure, testAccuracy, type Figure } from './figureRun';
import { barRows, type SeedStats } from './bars';

/* Figures (d), (e) Training loss curves beside test accuracy bars, for a few labelled runs. */

export interface Entry {
  readonly label: string;
  readonly colour: string;
  readonly dashed?: boolean;
  readonly record: RunRecord;
}

export function curvesAndBarsFigure(
  entries: readonly Entry[],
  settings: { title: string; subtitle: string; smoothing: number; stats?: SeedStats },
): Figure {
  const width = THEME.wide;
  const left = 56;
  const { markup: heading, top } = figureTop(
    settings,
    entries.map((e) => ({ label: e.label, colour: e.colour, mark: e.dashed ? 'dashed' : 'line' })),
    { x: 14, width: width - 28 },
    { x: left, width: width - left - 14 },
    30,
  );
  const plotW = 400;
  const plotH = 170;
  const bottom = top + plotH;
  const lastStep = Math.max(2, ...entries.map((e) => e.record.steps.at(-1)?.step ?? 1));
  const x = d3
    .scaleLinear()
    .domain([1, lastStep])
    .range([left, left + plotW]);
  const curves = entries.map((e) => {
    const losses = e.record.steps.map((s) => s.loss);
    const smooth = movingAverage(losses, settings.smoothing);
    return { e, points: e.record.steps.map((s, i) => [s.step, smooth[i]] as Point) };
  });
  const maxLoss = d3.max(curves.flatMap((c) => c.points.map((p) => p[1]))) ?? 2.5;
  const y = d3
    .scaleLinear()
    .domain([0, Math.max(0.5, maxLoss)])
    .nice(5)
    .range([bottom, top]);
  // Dashed (benchmark, second-kind) lines first, so the solid ones stay visible where they meet.
  const order = [...curves].sort(
    (a, b) => Number(Boolean(b.e.dashed)) - Number(Boolean(a.e.dashed)),
  );
  const lossPanel = g(
    { class: 'loss' },
    el(
      'text',
      {
        x: left + plotW / 2,
        y: top - 12,
        'text-anchor': 'middle',
        'font-size': THEME.label,
        'font-weight': 700,
      },
      text(`Training loss (moving average of ${settings.smoothing} steps)`),
    ),
    yAxis((v) => y(v), left, left + plotW, {
      ticks: y.ticks(5),
      format: (v) => d3.format('.1f')(v),
    }),
    ...order.map(({ e, points }) =>
      el('path', {
        d: pathOf(points.map(([s, v]) => [x(s), y(v)])),
        fill: 'none',
        stroke: e.colour,
        'stroke-width': e.dashed ? 2 : 1.8,
        'stroke-dasharray': e.dashed ? '5 3' : null,
        'stroke-linejoin': 'round',
      }),
    ),
    xAxis((v) => x(v), bottom, [left, left + plotW], {
      ticks: stepTicks([1, lastStep], 6),
      format: formatStep,
    }),
    caption('training step', left + plotW / 2, bottom + 34, 'middle'),
  );
  const barsLeft = left + plotW + 34;
  const bars = barRows(
    entries.map((e) => ({
      label: e.label,
      value: settings.stats?.get(e.record.config)?.mean ?? testAccuracy(e.record),
      ci: settings.stats?.get(e.record.config)?.ci95,
      colour: e.colour,
      light: e.dashed,
    })),
    { x: barsLeft, y: top + 8, width: width - barsLeft - 4, labelW: 0, labelsAbove: true },
  );
  const barPanel = g(
    { class: 'accuracy' },
    el(
      'text',
      {
        x: barsLeft,
        y: top - 12,
        'font-size': THEME.label,
        'font-weight': 700,
      },
      text('Test accuracy'),
    ),
    bars.markup,
  );
  const height = Math.ceil(Math.max(bottom + 46, top + 8 + bars.height + 12));
  return figure(
    {
      title: settings.title,
      width,
      height,
      description: `${settings.title}. ${settings.subtitle}. ${entries.map((e) => `${e.label} (${e.record.config}): test accuracy ${formatPercent(testAccuracy(e.record))}`).join('; ')}.`,
    },
    heading,
    lossPanel,
    barPanel,
    el(
      'text',
      {
        transform: `translate(16,${num((top + bottom) / 2)}) rotate(-90)`,
        'text-anchor': 'middle',
        'font-size': THEME.tick,
        fill: THEME.muted,
      },
      text('cross-entropy'),
    ),
  );
}
