import * as d3 from 'd3';
import type { RunRecord } from '../../engine/runRecord';
import type { LayerId, StepMetrics } from '../../model/metrics';
import { layerColour } from '../palette';
import {
  chartCanvas,
  formatNorm,
  hatchPattern,
  layer,
  logFrame,
  spreadLabels,
  stepScale,
  STEP_TITLE,
  TITLE_ROOM,
  type AxisTitles,
  type Margins,
  type Svg,
} from './chartKit';
import {
  lastStep,
  logExtent,
  normTrace,
  type GradientTrace,
  type RunRole,
  type ShownRun,
} from './series';

/*
 * The key chart of the product: every layer's gradient norm per step on a log axis, and below it
 * a "no gradient" lane where a layer whose norm is under 1e-12 runs as a flat hatched bar. Zero
 * has no place on a log axis, and it is exactly the value the paper is about, so it gets its own.
 */

export interface GradientChartInput {
  readonly shown: readonly ShownRun[];
  /** The current configuration's layers, in order: Q1 … Qn, H. */
  readonly layers: readonly LayerId[];
  readonly width: number;
  readonly height: number;
  /** An exported figure is finished: its empty lane says so instead of "none so far". */
  readonly exported?: boolean;
}

/** One line of a norm chart: a layer's gradient, or a route's flow (flowChart.ts). */
export interface NormLine {
  /** Unique among the chart's lines; also its lane row. */
  readonly key: string;
  readonly colour: string;
  /** Drawn dashed, to tell apart two lines of one colour. */
  readonly dashed?: boolean;
  /** A dash pattern and width of its own (routes: flowChart.ts); overrides `dashed`. */
  readonly dash?: string | null;
  readonly width?: number;
  readonly value: (step: StepMetrics) => number | undefined;
}

/** What any log-scale norm chart draws: lines per run, their lane order, the lane's caption. */
export interface NormChartInput {
  readonly shown: readonly ShownRun[];
  readonly linesOf: (run: RunRecord, role: RunRole) => readonly NormLine[];
  /** Lane rows in this order (keys); lines not named here come after. */
  readonly order: readonly string[];
  /** The lane's caption: what "none" means for these numbers. */
  readonly caption: string;
  /** The lane's caption in an exported figure when no line is in it. */
  readonly emptyCaption: string;
  readonly exported?: boolean;
  /** What the y axis measures (the x axis counts training steps). */
  readonly yTitle: string;
  /**
   * Per line of the current run, a floor drawn as a shaded band from the axis up to it (the
   * gradient chart's shot-noise floor: a norm inside the band is indistinguishable from noise).
   */
  readonly floorsOf?: (run: RunRecord) => readonly NormLine[];
  readonly width: number;
  readonly height: number;
}

interface Trace extends GradientTrace {
  readonly line: NormLine;
  readonly role: RunRole;
}

const MARGIN: Margins = { top: 10, right: 40, bottom: 22 + TITLE_ROOM, left: 46 + TITLE_ROOM };
const LANE_ROW = 11;
/** Between the log plot and the lane: room for the lane's caption. */
const LANE_GAP = 16;

export function drawGradientChart(element: SVGSVGElement, input: GradientChartInput): void {
  const { shown, layers, width, height, exported } = input;
  drawNormChart(element, {
    shown,
    width,
    height,
    exported,
    emptyCaption: 'every layer got gradient',
    order: layers,
    caption: 'no gradient: ‖∇θ‖ < 10⁻¹²',
    yTitle: '‖∇θ‖ (log)',
    linesOf: (run, role) =>
      layersToDraw(
        run.steps.length > 0 ? Object.keys(run.steps[0].gradNorms) : [],
        layers,
        role,
      ).map((id) => ({ key: id, colour: layerColour(id), value: (s) => s.gradNorms[id] })),
    floorsOf: (run) =>
      layersToDraw(Object.keys(run.steps[0]?.shotNoise ?? {}), layers, 'current').map((id) => ({
        key: id,
        colour: layerColour(id),
        value: (s) => s.shotNoise?.[id],
      })),
  });
}

/** Norms per step on a log axis, with a lane below for the steps where a line is "none". */
export function drawNormChart(element: SVGSVGElement, input: NormChartInput): void {
  const { shown, width, height } = input;
  const { svg, plotWidth } = chartCanvas(element, width, height, MARGIN);
  const buckets = Math.max(10, Math.floor(plotWidth / 2));

  const traces: Trace[] = shown.flatMap(({ run, role }) =>
    input
      .linesOf(run, role)
      .map((line) => ({ ...normTrace(run.steps, line.value, buckets), line, role })),
  );
  const keys = [...input.order];
  for (const t of traces) if (!keys.includes(t.line.key)) keys.push(t.line.key);
  const laneLayers = keys.filter((key) =>
    traces.some((t) => t.line.key === key && t.dead.length > 0),
  );
  const laneHeight = LANE_GAP + 10 + Math.max(1, laneLayers.length) * LANE_ROW;
  const plotBottom = height - MARGIN.bottom - laneHeight;
  const x = stepScale(lastStep(shown), MARGIN, plotWidth);
  const y = d3
    .scaleLog()
    .domain(withFloors(logExtent(traces), shown, input.floorsOf))
    .range([plotBottom, MARGIN.top])
    .clamp(true);

  const titles: AxisTitles = { x: STEP_TITLE, y: input.yTitle };
  logFrame(svg, x, y, { margin: MARGIN, plotWidth, plotBottom, height, titles });
  drawFloors(svg, shown, input.floorsOf, { x, y, plotBottom, buckets });
  drawLines(svg, traces, x, y);
  const caption =
    laneLayers.length > 0
      ? input.caption
      : input.exported
        ? input.emptyCaption
        : `${input.caption} — none so far`;
  drawLane(svg, traces, { rows: laneLayers, caption }, x, plotBottom);
  drawEndLabels(svg, traces, x, y, plotBottom);
}

/** A run's tracked layers, in the configuration's order; layers it lacks are left out. */
function layersToDraw(
  reported: readonly string[],
  order: readonly LayerId[],
  role: RunRole,
): LayerId[] {
  const known = order.filter((id) => reported.includes(id));
  // A previous run may have had more layers than the current configuration: keep them too.
  if (role === 'previous') {
    for (const id of reported as LayerId[]) if (!known.includes(id)) known.push(id);
  }
  return known;
}

/** The y extent widened down to the lowest floor, so a noise band below every line still shows. */
function withFloors(
  [lo, hi]: [number, number],
  shown: readonly ShownRun[],
  floorsOf: NormChartInput['floorsOf'],
): [number, number] {
  const current = shown.find((s) => s.role === 'current')?.run;
  if (!current || !floorsOf) return [lo, hi];
  let low = lo;
  for (const line of floorsOf(current)) {
    for (const s of current.steps) {
      const v = line.value(s);
      if (v !== undefined && v > 0) low = Math.min(low, 10 ** Math.floor(Math.log10(v)));
    }
  }
  return [low, hi];
}

/**
 * The shot-noise floor of each line of the current run (docs/model.md §6): a band from the axis up to the
 * expected norm of a zero gradient's estimate, so a layer lost in shot noise (its line inside its
 * band) is told apart from one with a real gradient, and from a dead one (the lane: exactly 0).
 */
function drawFloors(
  svg: Svg,
  shown: readonly ShownRun[],
  floorsOf: NormChartInput['floorsOf'],
  at: {
    x: d3.ScaleLinear<number, number>;
    y: d3.ScaleLogarithmic<number, number>;
    plotBottom: number;
    buckets: number;
  },
): void {
  const current = shown.find((s) => s.role === 'current')?.run;
  const bands = (current && floorsOf ? floorsOf(current) : []).map((line) => {
    const steps = current!.steps;
    const stride = Math.max(1, Math.ceil(steps.length / at.buckets));
    const points = steps
      .filter((_, i) => i % stride === 0 || i === steps.length - 1)
      .map((s) => [s.step, line.value(s)] as const)
      .filter((p): p is readonly [number, number] => p[1] !== undefined && p[1] > 0);
    return { line, points };
  });
  const area = d3
    .area<readonly [number, number]>()
    .x((p) => at.x(p[0]))
    .y0(at.plotBottom)
    .y1((p) => at.y(p[1]));
  const group = layer(svg, 'noise-floors');
  group
    .selectAll<SVGPathElement, (typeof bands)[number]>('path')
    .data(
      bands.filter((b) => b.points.length > 0),
      (d) => d.line.key,
    )
    .join('path')
    .attr('class', 'noise-floor')
    .attr('data-layer', (d) => d.line.key)
    .attr('fill', (d) => d.line.colour)
    .attr('stroke', (d) => d.line.colour)
    .attr('d', (d) => area(d.points))
    .selectAll('title')
    .data((d) => [d])
    .join('title')
    .text(
      (d) =>
        `${d.line.key}: shot-noise floor ${formatNorm(d.points[d.points.length - 1][1])} ` +
        '(the expected norm of a zero gradient’s estimate at these shots)',
    );
}

function drawLines(
  svg: Svg,
  traces: readonly Trace[],
  x: d3.ScaleLinear<number, number>,
  y: d3.ScaleLogarithmic<number, number>,
): void {
  const line = d3.line<readonly [number, number]>(
    (p) => x(p[0]),
    (p) => y(p[1]),
  );
  const segments = traces.flatMap((t) =>
    t.segments.map((points, k) => ({ key: `${t.role}-${t.line.key}-${k}`, t, points })),
  );
  layer(svg, 'lines')
    .selectAll<SVGPathElement, (typeof segments)[number]>('path')
    .data(segments, (d) => d.key)
    .join('path')
    .attr('class', (d) => `trace ${d.t.role}${d.t.line.dashed ? ' dashed' : ''}`)
    .attr('stroke', (d) => d.t.line.colour)
    .style('stroke-dasharray', (d) =>
      d.t.line.dash === undefined ? null : (d.t.line.dash ?? 'none'),
    )
    .style('stroke-width', (d) => (d.t.line.width === undefined ? null : `${d.t.line.width}px`))
    .attr('d', (d) => line(d.points));
  // A segment of one step is a point: draw a dot so it is not invisible.
  const singles = segments.filter((s) => s.points.length === 1);
  layer(svg, 'single-points')
    .selectAll<SVGCircleElement, (typeof singles)[number]>('circle')
    .data(singles, (d) => d.key)
    .join('circle')
    .attr('class', (d) => d.t.role)
    .attr('r', 2)
    .attr('fill', (d) => d.t.line.colour)
    .attr('cx', (d) => x(d.points[0][0]))
    .attr('cy', (d) => y(d.points[0][1]));
}

function drawLane(
  svg: Svg,
  traces: readonly Trace[],
  { rows: laneLayers, caption }: { rows: readonly string[]; caption: string },
  x: d3.ScaleLinear<number, number>,
  plotBottom: number,
): void {
  const lane = layer(svg, 'no-gradient-lane');
  const [x0, x1] = x.range();
  const top = plotBottom + LANE_GAP;
  const rows = Math.max(1, laneLayers.length);
  lane
    .selectAll('rect.lane-bg')
    .data([0])
    .join('rect')
    .attr('class', 'lane-bg')
    .attr('x', x0)
    .attr('y', top)
    .attr('width', x1 - x0)
    .attr('height', rows * LANE_ROW + 6);
  // The lane stands for zero, which a log axis cannot show.
  lane
    .selectAll('text.lane-title')
    .data(['0'])
    .join('text')
    .attr('class', 'lane-title')
    .attr('x', x0 - 9)
    .attr('y', top + 3 + (rows * LANE_ROW) / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .text((d) => d);
  lane
    .selectAll('text.lane-caption')
    .data([caption])
    .join('text')
    .attr('class', 'lane-caption')
    .attr('x', x1)
    .attr('y', top - 3)
    .attr('text-anchor', 'end')
    .text((d) => d);

  const bars = traces.flatMap((t) => {
    const row = laneLayers.indexOf(t.line.key);
    if (row < 0) return [];
    // A pattern's id must be a plain name: route keys hold ':'.
    const fill = hatchPattern(svg, `hatch-${t.line.key.replace(/\W/g, '_')}`, t.line.colour);
    return t.dead.map(([from, to], k) => ({
      key: `${t.role}-${t.line.key}-${k}`,
      role: t.role,
      fill,
      colour: t.line.colour,
      x: x(from) - 1,
      width: Math.max(3, x(to) - x(from) + 2),
      y: top + 3 + row * LANE_ROW + 1,
    }));
  });
  lane
    .selectAll<SVGRectElement, (typeof bars)[number]>('rect.dead')
    .data(bars, (d) => d.key)
    .join('rect')
    .attr('class', (d) => `dead ${d.role}`)
    .attr('x', (d) => d.x)
    .attr('y', (d) => d.y)
    .attr('width', (d) => d.width)
    .attr('height', LANE_ROW - 3)
    .attr('fill', (d) => d.fill)
    .attr('stroke', (d) => d.colour);
  lane
    .selectAll<SVGTextElement, string>('text.lane-label')
    .data(laneLayers, (d) => d)
    .join('text')
    .attr('class', 'lane-label')
    .attr('x', x1 + 4)
    .attr('y', (_, row) => top + 3 + row * LANE_ROW + LANE_ROW / 2)
    .attr('dy', '0.3em')
    .attr('fill', (d) => traces.find((t) => t.line.key === d)?.line.colour ?? 'currentColor')
    .text((d) => d);
}

/** Layer names at the right end of the current run's lines, pushed apart so none overlap. */
function drawEndLabels(
  svg: Svg,
  traces: readonly Trace[],
  x: d3.ScaleLinear<number, number>,
  y: d3.ScaleLogarithmic<number, number>,
  plotBottom: number,
): void {
  const ends = traces
    .filter((t) => t.role === 'current' && t.latest !== undefined && t.segments.length > 0)
    .map((t) => {
      const segment = t.segments[t.segments.length - 1];
      const [sx, sy] = segment[segment.length - 1];
      return { t, sx, sy };
    });
  const placed = spreadLabels(
    ends.map((e) => y(e.sy)),
    11,
    MARGIN.top,
    plotBottom,
  );
  const labels = ends.map((e, i) => ({ ...e, ly: placed[i] }));
  layer(svg, 'end-dots')
    .selectAll<SVGCircleElement, (typeof labels)[number]>('circle')
    .data(labels, (d) => d.t.line.key)
    .join('circle')
    .attr('r', 3)
    .attr('fill', (d) => d.t.line.colour)
    .attr('cx', (d) => x(d.sx))
    .attr('cy', (d) => y(d.sy));
  layer(svg, 'end-labels')
    .selectAll<SVGTextElement, (typeof labels)[number]>('text')
    .data(labels, (d) => d.t.line.key)
    .join('text')
    .attr('x', (d) => x(d.sx) + 7)
    .attr('y', (d) => d.ly)
    .attr('dy', '0.35em')
    .attr('fill', (d) => d.t.line.colour)
    .text((d) => d.t.line.key)
    .selectAll('title')
    .data((d) => [d])
    .join('title')
    .text((d) => `${d.t.line.key}: ${formatNorm(d.t.latest)}`);
}
