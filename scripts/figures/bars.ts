import * as d3 from 'd3';
import { formatPercent, xAxis } from './plots';
import { el, g, text } from './svg';
import { THEME } from './theme';

/* Horizontal accuracy bars, shared by the accuracy figure (c) and the curves-and-bars figures (d, e). */

export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly colour: string;
  readonly bold?: boolean;
  /** A lighter fill (a second kind beside the first). */
  readonly light?: boolean;
  /** The 95% CI across seeds, drawn as an error bar (seeds ≥ 3). */
  readonly ci?: readonly [number, number] | null;
}

/** Per configuration text (its first seed's), test accuracy across seeds: the bars' values. */
export type SeedStats = ReadonlyMap<
  string,
  { mean: number; ci95: readonly [number, number] | null }
>;

/**
 * Horizontal bars of accuracies on a 0–100 % axis, a dotted line at chance (10 %). Labels sit left
 * of the bars, or above them where the panel is narrow (`labelsAbove`).
 */
export function barRows(
  bars: readonly Bar[],
  box: { x: number; y: number; width: number; labelW: number; labelsAbove?: boolean },
): { markup: string; height: number } {
  const { x: x0, y: y0, width, labelsAbove = false } = box;
  const labelW = labelsAbove ? 0 : box.labelW;
  const rowH = labelsAbove ? 30 : 17;
  const plotX = x0 + labelW;
  const plotW = width - labelW - 34;
  const x = d3
    .scaleLinear()
    .domain([0, 1])
    .range([plotX, plotX + plotW]);
  const bottom = y0 + bars.length * rowH;
  const ticks = plotW < 220 ? [0, 0.5, 1] : [0, 0.25, 0.5, 0.75, 1];
  const markup = g(
    { class: 'bars' },
    ...ticks.map((v) => el('line', { x1: x(v), x2: x(v), y1: y0, y2: bottom, stroke: THEME.grid })),
    el('line', {
      x1: x(0.1),
      x2: x(0.1),
      y1: y0 - 4,
      y2: bottom,
      stroke: THEME.ink2,
      'stroke-dasharray': '2 3',
    }),
    ...bars.map((bar, i) => {
      const y = y0 + i * rowH;
      const v = Number.isFinite(bar.value) ? bar.value : 0;
      const barY = labelsAbove ? y + 14 : y + 3;
      const barH = labelsAbove ? 12 : rowH - 6;
      return g(
        {},
        el(
          'text',
          labelsAbove
            ? {
                x: plotX,
                y: y + 9,
                'font-size': THEME.tick,
                'font-weight': bar.bold ? 700 : null,
                fill: THEME.ink,
                // A white halo, so the chance line does not cross the words.
                stroke: '#ffffff',
                'stroke-width': 3,
                'stroke-linejoin': 'round',
                'paint-order': 'stroke',
              }
            : {
                x: plotX - 6,
                y: y + rowH / 2,
                dy: '0.35em',
                'text-anchor': 'end',
                'font-size': THEME.label,
                'font-weight': bar.bold ? 700 : null,
                fill: THEME.ink,
              },
          text(bar.label),
        ),
        el('rect', {
          x: plotX,
          y: barY,
          width: Math.max(0.5, x(v) - plotX),
          height: barH,
          fill: bar.colour,
          'fill-opacity': bar.light ? 0.45 : null,
        }),
        ...errorBar(bar.ci, x, barY + barH / 2, barH),
        el(
          'text',
          {
            x: x(Math.max(v, bar.ci?.[1] ?? v)) + 4,
            y: barY + barH / 2,
            dy: '0.35em',
            'font-size': THEME.tick,
            fill: THEME.ink2,
          },
          text(Number.isFinite(bar.value) ? formatPercent(bar.value) : '—'),
        ),
      );
    }),
    el('text', { x: x(0.1) + 3, y: y0 - 6, 'font-size': 9.5, fill: THEME.muted }, text('chance')),
    xAxis((v) => x(v), bottom + 2, [plotX, plotX + plotW], { ticks, format: formatPercent }),
  );
  return { markup, height: bottom + 2 + 22 - y0 };
}

/** A 95% CI as a line with end caps; nothing without one. */
function errorBar(
  ci: readonly [number, number] | null | undefined,
  x: (v: number) => number,
  cy: number,
  barH: number,
): string[] {
  if (!ci) return [];
  const [lo, hi] = [Math.max(0, ci[0]), Math.min(1, ci[1])];
  const cap = (v: number) =>
    el('line', {
      x1: x(v),
      x2: x(v),
      y1: cy - barH / 3,
      y2: cy + barH / 3,
      stroke: THEME.ink,
      'stroke-width': 1,
    });
  return [
    el('line', {
      x1: x(lo),
      x2: x(hi),
      y1: cy,
      y2: cy,
      stroke: THEME.ink,
      'stroke-width': 1.2,
      class: 'ci95',
    }),
    cap(lo),
    cap(hi),
  ];
}
