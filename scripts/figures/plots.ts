import * as d3 from 'd3';
import { powerOfTen } from '../../src/ui/charts/chartKit';
import { el, g, num, text, type Child } from './svg';
import { THEME } from './theme';

/* Building blocks of the figures: axes, grids, legends and text measures, as SVG strings. */

export type Point = readonly [x: number, y: number];

/**
 * A label's width at `size` px, estimated from DejaVu Sans's advance widths (the widest of the
 * common system sans fonts, so labels laid out by it also fit narrower ones). No fonts in Node.
 */
export function textWidth(words: string, size: number = THEME.tick, bold = false): number {
  let em = 0;
  for (const c of words) em += charWidth(c);
  return em * size * (bold ? 1.1 : 1);
}

function charWidth(c: string): number {
  if (/[il.,:;|!'’ ·]/.test(c)) return 0.32;
  if (/[ftrj()[\]⁰¹²³⁴⁵⁶⁷⁸⁹⁻]/.test(c)) return 0.41;
  if (/[0-9]/.test(c)) return 0.64;
  if (/[+=<>~×∇]/.test(c)) return 0.84;
  if (/[mw%—MWOQ]/.test(c)) return 0.9;
  if (/[A-Z]/.test(c)) return 0.72;
  if (c === '‖') return 0.5;
  return 0.61;
}

/** Words broken into lines no wider than `maxWidth` at `size` px. */
export function wrapWords(words: string, maxWidth: number, size: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words.split(/\s+/).filter((w) => w !== '')) {
    const next = line === '' ? word : `${line} ${word}`;
    if (line !== '' && textWidth(next, size) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Muted text wrapped to `maxWidth`, first baseline at y; returns markup and the last baseline. */
export function paragraph(
  words: string,
  x: number,
  y: number,
  maxWidth: number,
  size: number = THEME.tick,
): { markup: string; bottom: number } {
  const lines = wrapWords(words, maxWidth, size);
  const lineH = size * 1.35;
  const markup = el(
    'text',
    { x, y, 'font-size': size, fill: THEME.muted },
    ...lines.map((line, i) => el('tspan', { x, dy: i === 0 ? null : num(lineH) }, text(line))),
  );
  return { markup, bottom: y + (lines.length - 1) * lineH };
}

/** A figure's title and its wrapped subtitle; `bottom` is the subtitle's last baseline. */
export function figureHeader(
  title: string,
  subtitle: string,
  x: number,
  maxWidth: number,
): { markup: string; bottom: number } {
  const sub = paragraph(subtitle, x, 35, maxWidth);
  return {
    markup: g(
      { class: 'header' },
      el(
        'text',
        { x, y: 18, 'font-size': THEME.title, 'font-weight': 700, fill: THEME.ink },
        text(title),
      ),
      sub.markup,
    ),
    bottom: sub.bottom,
  };
}

export interface AxisOptions {
  readonly ticks: readonly number[];
  readonly format: (v: number) => string;
}

/** Grid lines across [x0, x1] and labels left of x0, at each tick of a vertical scale. */
export function yAxis(
  y: (v: number) => number,
  x0: number,
  x1: number,
  { ticks, format }: AxisOptions,
): string {
  return g(
    { class: 'axis-y' },
    ...ticks.map((v) =>
      el('line', { x1: x0, x2: x1, y1: y(v), y2: y(v), stroke: THEME.grid, 'stroke-width': 1 }),
    ),
    el('line', {
      x1: x0,
      x2: x0,
      y1: y(ticks[0]),
      y2: y(ticks[ticks.length - 1]),
      stroke: THEME.axis,
    }),
    ...ticks.map((v) =>
      el(
        'text',
        {
          x: x0 - 5,
          y: y(v),
          dy: '0.35em',
          'text-anchor': 'end',
          'font-size': THEME.tick,
          fill: THEME.muted,
        },
        text(format(v)),
      ),
    ),
  );
}

/** An axis line along y0 from x0 to x1, with tick marks and labels below. */
export function xAxis(
  x: (v: number) => number,
  y0: number,
  [x0, x1]: readonly [number, number],
  { ticks, format }: AxisOptions,
): string {
  return g(
    { class: 'axis-x' },
    el('line', { x1: x0, x2: x1, y1: y0, y2: y0, stroke: THEME.axis }),
    ...ticks.map((v) =>
      g(
        {},
        el('line', { x1: x(v), x2: x(v), y1: y0, y2: y0 + 4, stroke: THEME.axis }),
        el(
          'text',
          {
            x: x(v),
            y: y0 + 7,
            dy: '0.71em',
            'text-anchor': 'middle',
            'font-size': THEME.tick,
            fill: THEME.muted,
          },
          text(format(v)),
        ),
      ),
    ),
  );
}

/** Whole-number step ticks, at most `count` of them. */
export function stepTicks(domain: readonly [number, number], count: number): number[] {
  const ticks = d3
    .scaleLinear()
    .domain(domain)
    .ticks(count)
    .filter((v) => Number.isInteger(v) && v >= domain[0] && v <= domain[1]);
  return ticks.length > 0 ? ticks : [domain[0], domain[1]];
}

/** The figures' log axes label decades as the app's charts do. */
export { decadeTicks } from '../../src/ui/charts/chartKit';

export const formatPower = (v: number): string => powerOfTen(v);
export const formatPercent = (v: number): string => `${Math.round(v * 100)}%`;
export const formatStep = (v: number): string => d3.format('~s')(v);

/** [10^floor(log min), 10^ceil(log max)] of the positive values, at least two decades. */
export function logDomain(values: readonly number[]): [number, number] {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (positive.length === 0) return [1e-4, 1];
  let lo = Math.floor(Math.log10(d3.min(positive) as number));
  let hi = Math.ceil(Math.log10(d3.max(positive) as number));
  if (hi - lo < 2) {
    lo -= 1;
    hi = Math.max(hi, lo + 2);
  }
  return [10 ** lo, 10 ** hi];
}

/** Room between a figure's subtitle and its legend. */
const LEGEND_GAP = 8;

/**
 * What every figure draws above its plot, laid out once: the title, the wrapped subtitle and the
 * legend. `header` is the box the heading wraps in, `key` the box the legend wraps in; `space` is
 * the room a figure keeps under its legend for what it draws above the plot (panel labels, bar
 * labels). `top` is where the plot begins.
 */
export function figureTop(
  heading: { readonly title: string; readonly subtitle: string },
  entries: readonly LegendEntry[],
  header: { readonly x: number; readonly width: number },
  key: { readonly x: number; readonly width: number },
  space: number,
): { markup: string; top: number } {
  const head = figureHeader(heading.title, heading.subtitle, header.x, header.width);
  const keyY = head.bottom + LEGEND_GAP;
  const entriesMarkup = legend(entries, key.x, keyY, key.width);
  return {
    markup: head.markup + entriesMarkup.markup,
    top: keyY + entriesMarkup.height + space,
  };
}

export interface LegendEntry {
  readonly label: string;
  readonly colour: string;
  /** line (default), dashed line, dotted line, filled dot, empty dot, or a box. */
  readonly mark?: 'line' | 'dashed' | 'dotted' | 'dot' | 'ring' | 'box';
  readonly bold?: boolean;
}

/** Legend entries in rows from (x, y), wrapping at `maxWidth`; returns markup and height. */
export function legend(
  entries: readonly LegendEntry[],
  x: number,
  y: number,
  maxWidth: number,
): { markup: string; height: number } {
  const row = 16;
  let cx = x;
  let cy = y + row / 2;
  const parts: string[] = [];
  for (const entry of entries) {
    const w = 22 + textWidth(entry.label, THEME.label);
    if (cx > x && cx + w > x + maxWidth) {
      cx = x;
      cy += row;
    }
    parts.push(
      g(
        { class: 'legend-entry' },
        legendMark(entry, cx, cy),
        el(
          'text',
          {
            x: cx + 21,
            y: cy,
            dy: '0.35em',
            'font-size': THEME.label,
            'font-weight': entry.bold ? 700 : null,
            fill: THEME.ink,
          },
          text(entry.label),
        ),
      ),
    );
    cx += w + 14;
  }
  return { markup: g({ class: 'legend' }, ...parts), height: cy - y + row / 2 };
}

function legendMark(entry: LegendEntry, x: number, y: number): string {
  const mark = entry.mark ?? 'line';
  switch (mark) {
    case 'dot':
      return el('circle', { cx: x + 8, cy: y, r: 4.5, fill: entry.colour });
    case 'ring':
      return el('circle', {
        cx: x + 8,
        cy: y,
        r: 4,
        fill: '#ffffff',
        stroke: entry.colour,
        'stroke-width': 1.4,
      });
    case 'box':
      return el('rect', {
        x,
        y: y - 5.5,
        width: 16,
        height: 11,
        rx: 2,
        fill: entry.colour,
      });
    default:
      return el('line', {
        x1: x,
        x2: x + 16,
        y1: y,
        y2: y,
        stroke: entry.colour,
        'stroke-width': 2.2,
        'stroke-dasharray': mark === 'dashed' ? '5 3' : mark === 'dotted' ? '1.5 2.5' : null,
        'stroke-linecap': mark === 'dotted' ? 'round' : null,
      });
  }
}

/** A polyline through points as a path (`M…L…`), rounded to two decimals. */
export function pathOf(points: readonly Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${num(p[0])},${num(p[1])}`).join('');
}

/** Centred moving average over `window` values (shorter at the ends). */
export function movingAverage(values: readonly number[], window: number): number[] {
  const half = Math.floor(window / 2);
  return values.map((_, i) => {
    const from = Math.max(0, i - half);
    const to = Math.min(values.length, i + half + 1);
    let sum = 0;
    for (let k = from; k < to; k++) sum += values[k];
    return sum / (to - from);
  });
}

/** A small caption line (muted). */
export function caption(words: string, x: number, y: number, anchor = 'start'): Child {
  return el(
    'text',
    { x, y, 'font-size': THEME.tick, fill: THEME.muted, 'text-anchor': anchor },
    text(words),
  );
}
