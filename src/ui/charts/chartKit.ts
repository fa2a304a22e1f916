import * as d3 from 'd3';

/* Small shared pieces of the D3 charts: layers that are created once, ticks, labels, hatching. */

export type Svg = d3.Selection<SVGSVGElement, unknown, null, undefined>;
export type Group = d3.Selection<SVGGElement, unknown, null, undefined>;

export interface Margins {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

/**
 * The `<g>` child of `parent` named `name` (one class token), created on first use so redraws
 * reuse it; `classes` are extra class names for styling.
 */
export function layer(parent: Svg | Group, name: string, classes = ''): Group {
  const node = parent.node() as Element;
  const existing = node.querySelector(`:scope > g[data-layer="${name}"]`);
  const g = existing
    ? d3.select(existing as SVGGElement)
    : d3.select(node.appendChild(document.createElementNS('http://www.w3.org/2000/svg', 'g')));
  return (g as unknown as Group)
    .attr('data-layer', name)
    .attr('class', `${name} ${classes}`.trim());
}

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/** 1e-3 → "10⁻³", the way a paper's log axis reads. */
export function powerOfTen(value: number): string {
  const exponent = Math.round(Math.log10(value));
  if (exponent === 0) return '1';
  if (exponent === 1) return '10';
  return `10${String(exponent).replace(/./g, (c) => SUPERSCRIPT[c] ?? c)}`;
}

/** A gradient norm for people: 3 significant digits, exponent form when small or large. */
export function formatNorm(value: number | undefined): string {
  if (value === undefined) return '—';
  if (value === 0) return '0';
  if (value >= 0.01 && value < 1000) return d3.format('.3~r')(value);
  return d3.format('.2~e')(value);
}

/**
 * Moves label positions apart so none are closer than `gap`, keeping their order and staying
 * within [min, max] where they fit: labels at the ends of lines must not overprint each other.
 */
export function spreadLabels(
  wanted: readonly number[],
  gap: number,
  min: number,
  max: number,
): number[] {
  const order = wanted.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  const placed = order.map((o) => Math.min(max, Math.max(min, o.y)));
  for (let k = 1; k < placed.length; k++) placed[k] = Math.max(placed[k], placed[k - 1] + gap);
  const last = placed.length - 1;
  if (last >= 0 && placed[last] > max) {
    placed[last] = max;
    for (let k = last - 1; k >= 0; k--) placed[k] = Math.min(placed[k], placed[k + 1] - gap);
  }
  const result = new Array<number>(wanted.length);
  order.forEach((o, k) => (result[o.i] = placed[k]));
  return result;
}

/** A diagonal hatch in `colour`, defined once per id: how "no gradient" looks everywhere. */
export function hatchPattern(svg: Svg, id: string, colour: string): string {
  const defs = layer(svg, 'defs-holder');
  let pattern = defs.select<SVGPatternElement>(`pattern#${id}`);
  if (pattern.empty()) {
    pattern = defs
      .append('pattern')
      .attr('id', id)
      .attr('patternUnits', 'userSpaceOnUse')
      .attr('width', 5)
      .attr('height', 5)
      .attr('patternTransform', 'rotate(45)');
    pattern.append('rect').attr('width', 5).attr('height', 5).attr('class', 'hatch-bg');
    pattern.append('line').attr('x1', 0).attr('y1', 0).attr('x2', 0).attr('y2', 5);
  }
  pattern.select('line').attr('stroke', colour).attr('stroke-width', 2);
  return `url(#${id})`;
}

/** Step axis shared by the charts: integer ticks only, few of them. */
function stepAxis(x: d3.ScaleLinear<number, number>, width: number) {
  const ticks = Math.max(2, Math.floor(width / 80));
  return d3
    .axisBottom(x)
    .ticks(ticks)
    .tickFormat((v) => (Number.isInteger(Number(v)) ? d3.format('~s')(Number(v)) : ''))
    .tickSizeOuter(0);
}

/** Horizontal rules across the plot at values of y: grid lines, the chance line. */
export function horizontalRules(
  svg: Svg,
  name: string,
  values: readonly number[],
  y: (v: number) => number,
  from: number,
  to: number,
): void {
  layer(svg, name)
    .selectAll('line')
    .data(values)
    .join('line')
    .attr('x1', from)
    .attr('x2', to)
    .attr('y1', (v) => y(v))
    .attr('y2', (v) => y(v));
}

/** What the axes measure, written beside them (the y title turned along the axis). */
export interface AxisTitles {
  readonly x: string;
  readonly y: string;
}

/** The step axis's title wherever the x axis counts optimiser steps. */
export const STEP_TITLE = 'training step';

/** Room the axis titles take: add to the bottom and left margins of a chart that has them. */
export const TITLE_ROOM = 14;

interface FrameBox {
  readonly margin: Margins;
  readonly plotWidth: number;
  /** The y of the plot's bottom edge: the x axis sits at `height - margin.bottom`. */
  readonly plotBottom: number;
  readonly height: number;
  readonly titles?: AxisTitles;
}

function axisTitles(svg: Svg, box: FrameBox): void {
  const { margin, plotWidth, plotBottom, height, titles } = box;
  layer(svg, 'axis-title')
    .selectAll<SVGTextElement, string>('text')
    .data(titles ? ['x', 'y'] : [])
    .join('text')
    .attr('class', (d) => `axis-title-${d}`)
    .attr('text-anchor', 'middle')
    .attr('transform', (d) =>
      d === 'x'
        ? `translate(${margin.left + plotWidth / 2},${height - 5})`
        : `translate(12,${(margin.top + plotBottom) / 2}) rotate(-90)`,
    )
    .text((d) => (titles ? titles[d as keyof AxisTitles] : ''));
}

/** The frame of a linear chart over steps: grid, a y axis on the left, the step axis below. */
export function linearFrame(
  svg: Svg,
  x: d3.ScaleLinear<number, number>,
  y: d3.ScaleLinear<number, number>,
  frame: {
    margin: Margins;
    plotWidth: number;
    height: number;
    ticks: number;
    format?: string;
    titles?: AxisTitles;
  },
): void {
  const { margin, plotWidth, height, ticks, format } = frame;
  horizontalRules(svg, 'grid', y.ticks(ticks), y, margin.left, margin.left + plotWidth);
  layer(svg, 'axis-y', 'axis')
    .attr('transform', `translate(${margin.left},0)`)
    .call(d3.axisLeft(y).ticks(ticks, format).tickSizeOuter(0));
  layer(svg, 'axis-x', 'axis')
    .attr('transform', `translate(0,${height - margin.bottom})`)
    .call(stepAxis(x, plotWidth));
  axisTitles(svg, { ...frame, plotBottom: height - margin.bottom });
}

/**
 * The decades of a whole-decade log domain to label on an axis `pixels` long: thinned evenly so
 * labels stay at least `minGap` apart, always keeping the top one.
 */
export function decadeTicks(
  domain: readonly [number, number],
  pixels: number,
  minGap = 16,
): number[] {
  const lo = Math.round(Math.log10(domain[0]));
  const hi = Math.round(Math.log10(domain[1]));
  const decades = Array.from({ length: hi - lo + 1 }, (_, i) => 10 ** (lo + i));
  const every = Math.max(1, Math.ceil((decades.length * minGap) / Math.max(1, pixels)));
  return decades.filter((_, i) => (decades.length - 1 - i) % every === 0);
}

/**
 * The frame of a log chart over steps (norms): a rule and a `10ⁿ` label per shown decade, the
 * step axis below at `height - margin.bottom` (under the chart's "no gradient" lane).
 */
export function logFrame(
  svg: Svg,
  x: d3.ScaleLinear<number, number>,
  y: d3.ScaleLogarithmic<number, number>,
  frame: FrameBox,
): void {
  const { margin, plotWidth, plotBottom, height } = frame;
  const [lo, hi] = y.domain();
  const decades = decadeTicks([lo, hi], plotBottom - margin.top, 22);
  horizontalRules(svg, 'grid', decades, y, margin.left, margin.left + plotWidth);
  layer(svg, 'axis-y', 'axis')
    .attr('transform', `translate(${margin.left},0)`)
    .call(
      d3
        .axisLeft(y)
        .tickValues(decades)
        .tickFormat((v) => powerOfTen(Number(v)))
        .tickSizeOuter(0),
    );
  layer(svg, 'axis-x', 'axis')
    .attr('transform', `translate(0,${height - margin.bottom})`)
    .call(stepAxis(x, plotWidth));
  axisTitles(svg, frame);
}

/** The step axis's scale, shared by every chart over steps: 1 … `last` across the plot. */
export function stepScale(last: number, margin: Margins, plotWidth: number) {
  return d3
    .scaleLinear()
    .domain([1, last])
    .range([margin.left, margin.left + plotWidth]);
}

/** Loss from 0 to the highest point drawn (at least 0.5), and the ticks that fit its height. */
export function lossScale(top: number | undefined, height: number, margin: Margins) {
  const y = d3
    .scaleLinear()
    .domain([0, Math.max(0.5, top ?? 2.5)])
    .nice()
    .range([height - margin.bottom, margin.top]);
  return { y, ticks: Math.max(2, Math.floor((height - margin.top - margin.bottom) / 28)) };
}

/**
 * A loss chart's canvas and frame (the live chart and Compare runs' overlay): steps 1 … last
 * across, loss from 0 to the highest point of `series` up, axis titles. Returns its scales.
 */
export function lossFrame(
  element: SVGSVGElement,
  size: { readonly width: number; readonly height: number; readonly margin: Margins },
  series: readonly TraceSeries[],
  last: number,
  yTitle: string,
) {
  const { width, height, margin } = size;
  const { svg, plotWidth } = chartCanvas(element, width, height, margin);
  const top = d3.max(series, (s) => d3.max(s.points, (p) => p[1]));
  const x = stepScale(last, margin, plotWidth);
  const { y, ticks } = lossScale(top, height, margin);
  linearFrame(svg, x, y, {
    margin,
    plotWidth,
    height,
    ticks,
    titles: { x: STEP_TITLE, y: yTitle },
  });
  return { svg, x, y };
}

/** Buckets a loss series is downsampled to: about one per two pixels of the plot. */
export const lossBuckets = (width: number, margin: Margins) =>
  Math.max(10, Math.floor((width - margin.left - margin.right) / 2));

/** One line of a chart: its key (for redraws in place), class, colour unless CSS gives it. */
export interface TraceSeries {
  readonly key: string;
  readonly className?: string;
  readonly colour?: string;
  readonly points: readonly (readonly [number, number])[];
}

/** Every series as a `path.trace` in the chart's `lines` layer. */
export function drawTraces(
  svg: Svg,
  series: readonly TraceSeries[],
  x: (v: number) => number,
  y: (v: number) => number,
): void {
  const line = d3.line<readonly [number, number]>(
    (p) => x(p[0]),
    (p) => y(p[1]),
  );
  layer(svg, 'lines')
    .selectAll<SVGPathElement, TraceSeries>('path')
    .data(series, (d) => d.key)
    .join('path')
    .attr('class', (d) => `trace ${d.className ?? ''}`.trim())
    .attr('stroke', (d) => d.colour ?? null)
    .attr('d', (d) => line(d.points));
}

/** The margins of the small linear charts (loss, accuracy): room for tick labels and titles. */
export const LINEAR_MARGIN: Margins = {
  top: 10,
  right: 12,
  bottom: 22 + TITLE_ROOM,
  left: 40 + TITLE_ROOM,
};

/** The chart's <svg> sized to `width` × `height`, and the plot's width inside `margin`. */
export function chartCanvas(
  element: SVGSVGElement,
  width: number,
  height: number,
  margin: Margins,
): { svg: Svg; plotWidth: number } {
  const svg: Svg = d3.select(element).attr('width', width).attr('height', height);
  return { svg, plotWidth: Math.max(10, width - margin.left - margin.right) };
}
