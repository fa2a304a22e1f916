import * as d3 from 'd3';
import type { DepthFit, TrainabilityRow } from '../../model/trainability/study';
import type { StackRow } from '../../model/trainability/stackStudy';
import { RUN_COLOURS } from '../tokens';
import { powerOfTen } from '../charts/chartKit';

/*
 * The Trainability view's figures, drawn with D3 into a given <svg> (on the page, and again
 * off-screen for export): variance against n on a log scale with the fitted decay, variance
 * against L, and a histogram of one parameter's gradient over the samples. Colours are written
 * as attributes so the exported files keep them.
 */

const M = { top: 16, right: 16, bottom: 40, left: 64 };

export interface Series {
  readonly key: string;
  readonly label: string;
  readonly colour: string;
  readonly points: readonly { x: number; y: number; lo: number; hi: number }[];
  readonly fit?: DepthFit;
  /** Draw lo–hi as a shaded band (an interquartile range) instead of bars. */
  readonly band?: boolean;
}

function frame(svg: SVGSVGElement, width: number, height: number) {
  const root = d3
    .select(svg)
    .attr('width', width)
    .attr('height', height)
    .attr('viewBox', `0 0 ${width} ${height}`);
  root.selectAll('*').remove();
  return root.append('g').attr('transform', `translate(${M.left},${M.top})`);
}

function axisLabels(
  g: d3.Selection<SVGGElement, unknown, null, undefined>,
  w: number,
  h: number,
  x: string,
  y: string,
) {
  g.append('text')
    .attr('x', w / 2)
    .attr('y', h + 34)
    .attr('text-anchor', 'middle')
    .attr('class', 'axis-label')
    .text(x);
  g.append('text')
    .attr('transform', `translate(${-50},${h / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .attr('class', 'axis-label')
    .text(y);
}

function logDomain(series: readonly Series[]): [number, number] {
  const ys = series.flatMap((s) => s.points.flatMap((p) => [p.lo, p.hi, p.y])).filter((v) => v > 0);
  if (ys.length === 0) return [1e-4, 1];
  const lo = Math.pow(10, Math.floor(Math.log10(d3.min(ys)!)));
  const hi = Math.pow(10, Math.ceil(Math.log10(d3.max(ys)!)));
  return [lo, hi === lo ? hi * 10 : hi];
}

/** Points with CI bars and, where given, the fitted line e^(intercept − decay·x). */
export function drawLogSeries(
  svg: SVGSVGElement,
  series: readonly Series[],
  size: { width: number; height: number },
  xLabel: string,
  xLog = false,
  yLabel = 'Var[∂C/∂θ] (mean over θ)',
): void {
  const w = size.width - M.left - M.right;
  const h = size.height - M.top - M.bottom;
  const g = frame(svg, size.width, size.height);
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const [x0, x1] = xs.length ? (d3.extent(xs) as [number, number]) : [1, 2];
  const x = (xLog ? d3.scaleLog() : d3.scaleLinear())
    .domain(x0 === x1 ? [x0 - 1 || 0.5, x1 + 1] : [x0, x1])
    .range([0, w])
    .nice();
  const y = d3.scaleLog().domain(logDomain(series)).range([h, 0]);
  g.append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(0,${h})`)
    .call(
      // qubits, depths and layers are whole numbers: no tick between two of them
      d3
        .axisBottom(x)
        .tickValues(x.ticks(Math.min(10, Math.max(2, xs.length))).filter(Number.isInteger))
        .tickFormat(d3.format(xLog ? '~s' : 'd')),
    );
  g.append('g')
    .attr('class', 'axis')
    .call(
      d3
        .axisLeft(y)
        .ticks(5)
        .tickFormat((v) => (Math.abs(Math.log10(+v) % 1) < 1e-9 ? powerOfTen(+v) : '')),
    );
  axisLabels(g, w, h, xLabel, yLabel);
  for (const s of series) {
    const sg = g.append('g').attr('class', 'series').attr('data-series', s.key);
    if (s.fit) {
      const f = s.fit;
      const line = d3.range(0, 41).map((i) => {
        const n = x.domain()[0] + ((x.domain()[1] - x.domain()[0]) * i) / 40;
        return [x(n), y(Math.exp(f.intercept - f.decayPerQubit * n))] as [number, number];
      });
      sg.append('path')
        .attr('class', 'fit-line')
        .attr('d', d3.line()(line.filter(([, v]) => v >= 0 && v <= h)))
        .attr('fill', 'none')
        .attr('stroke', s.colour)
        .attr('stroke-dasharray', '5 4')
        .attr('stroke-width', 1.5);
    }
    const pts = s.points.filter((p) => p.y > 0);
    const bottom = y.domain()[0];
    if (s.band)
      sg.append('path')
        .attr('class', 'band')
        .attr(
          'd',
          d3
            .area<(typeof pts)[number]>()
            .x((p) => x(p.x))
            .y0((p) => y(Math.max(p.lo, bottom)))
            .y1((p) => y(Math.max(p.hi, bottom)))(pts) ?? '',
        )
        .attr('fill', s.colour)
        .attr('fill-opacity', 0.18);
    sg.append('path')
      .attr(
        'd',
        d3
          .line<(typeof pts)[number]>()
          .x((p) => x(p.x))
          .y((p) => y(p.y))(pts) ?? '',
      )
      .attr('fill', 'none')
      .attr('stroke', s.colour)
      .attr('stroke-width', s.band ? 2 : 1)
      .attr('opacity', s.band ? 1 : 0.5);
    for (const p of pts) {
      if (!s.band)
        sg.append('line')
          .attr('x1', x(p.x))
          .attr('x2', x(p.x))
          .attr('y1', y(Math.max(p.lo, bottom)))
          .attr('y2', y(p.hi))
          .attr('stroke', s.colour);
      sg.append('circle')
        .attr('class', 'point')
        .attr('cx', x(p.x))
        .attr('cy', y(p.y))
        .attr('r', 3.5)
        .attr('fill', s.colour);
    }
  }
  const legend = g
    .append('g')
    .attr('class', 'legend')
    .attr('transform', `translate(${w - 4},4)`);
  series.forEach((s, i) => {
    const row = legend.append('g').attr('transform', `translate(0,${i * 16})`);
    row
      .append('rect')
      .attr('x', -10)
      .attr('y', -8)
      .attr('width', 10)
      .attr('height', 10)
      .attr('fill', s.colour);
    row
      .append('text')
      .attr('x', -14)
      .attr('y', 1)
      .attr('text-anchor', 'end')
      .attr('class', 'legend-text')
      .text(s.label);
  });
}

/** A histogram of values (one parameter's gradient over the samples). */
export function drawHistogram(
  svg: SVGSVGElement,
  values: readonly number[],
  size: { width: number; height: number },
  xLabel: string,
): void {
  const w = size.width - M.left - M.right;
  const h = size.height - M.top - M.bottom;
  const g = frame(svg, size.width, size.height);
  const extent = values.length ? (d3.extent(values) as [number, number]) : [-1, 1];
  const x = d3
    .scaleLinear()
    .domain(extent[0] === extent[1] ? [extent[0] - 1, extent[1] + 1] : extent)
    .range([0, w])
    .nice();
  const bins = d3
    .bin()
    .domain(x.domain() as [number, number])
    .thresholds(30)([...values]);
  const y = d3
    .scaleLinear()
    .domain([0, d3.max(bins, (b) => b.length) ?? 1])
    .range([h, 0])
    .nice();
  g.append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(0,${h})`)
    .call(d3.axisBottom(x).ticks(6, '.1e'));
  g.append('g').attr('class', 'axis').call(d3.axisLeft(y).ticks(5));
  axisLabels(g, w, h, xLabel, 'samples');
  g.append('g')
    .attr('class', 'bars')
    .selectAll('rect')
    .data(bins)
    .join('rect')
    .attr('x', (b) => x(b.x0!) + 0.5)
    .attr('y', (b) => y(b.length))
    .attr('width', (b) => Math.max(0, x(b.x1!) - x(b.x0!) - 1))
    .attr('height', (b) => h - y(b.length))
    .attr('data-count', (b) => b.length)
    .attr('fill', RUN_COLOURS[0]);
}

export const seriesColour = (i: number) => RUN_COLOURS[i % RUN_COLOURS.length];

/** Variance against n: one series per (cost, depth), with that curve's fit. */
export function seriesByQubits(
  rows: readonly TrainabilityRow[],
  fits: readonly DepthFit[],
): Series[] {
  const keys = [...new Set(rows.map((r) => `${r.cost}|${r.depth}`))];
  return keys.map((key, i) => {
    const [cost, depthText] = key.split('|');
    const depth = Number(depthText);
    const fit = fits.find((f) => f.cost === cost && f.depth === depth);
    const rate = fit
      ? `: decay ${fit.decayPerQubit.toFixed(3)}/qubit${fit.ci95 ? ` [${fit.ci95[0].toFixed(2)}, ${fit.ci95[1].toFixed(2)}]` : ''}`
      : '';
    return {
      key,
      label: `L = ${depth}, ${cost}${rate}`,
      colour: seriesColour(i),
      fit,
      points: rows
        .filter((r) => r.cost === cost && r.depth === depth)
        .map((r) => ({ x: r.qubits, y: r.variance, lo: r.ci95[0], hi: r.ci95[1] })),
    };
  });
}

/** Variance against L at n qubits: one series per cost. */
export function seriesByDepth(rows: readonly TrainabilityRow[], n: number): Series[] {
  const costs = [...new Set(rows.map((r) => r.cost))];
  return costs.map((cost, i) => ({
    key: cost,
    label: `n = ${n}, ${cost}`,
    colour: seriesColour(i),
    points: rows
      .filter((r) => r.cost === cost && r.qubits === n)
      .map((r) => ({ x: r.depth, y: r.variance, lo: r.ci95[0], hi: r.ci95[1] })),
  }));
}

/** A stack study's median gradient norm against the layer index, one series per stack, IQR as a band. */
export function seriesByLayer(rows: readonly StackRow[]): Series[] {
  const curves = [...new Set(rows.map((r) => r.curve))];
  return curves.map((curve, i) => {
    const own = rows.filter((r) => r.curve === curve);
    return {
      key: curve,
      label: own[0].label,
      colour: seriesColour(i),
      band: true,
      points: own.map((r) => ({ x: r.layer, y: r.median, lo: r.q1, hi: r.q3 })),
    };
  });
}
