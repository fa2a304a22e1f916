import * as d3 from 'd3';
import type { RunRecord } from '../../src/engine/runRecord';
import type { LayerAccess, QuanvLayerId } from '../../src/model/accessibility';
import { NO_GRADIENT, type LayerId } from '../../src/model/metrics';
import {
  caption,
  decadeTicks,
  figureHeader,
  formatPercent,
  formatPower,
  formatStep,
  legend,
  logDomain,
  movingAverage,
  pathOf,
  stepTicks,
  paragraph,
  textWidth,
  xAxis,
  yAxis,
  type LegendEntry,
  type Point,
} from './plots';
import { el, g, num, svgDocument, text } from './svg';
import { layerColour, THEME } from './theme';

/**
 * The paper's kinds of figure, drawn from run records: pure functions of the data (same runs,
 * same bytes), as standalone SVG documents.
 */

/** One configuration's run, with what the graph predicts for it. */
export interface ConfigRun {
  /** The configuration's text form. */
  readonly config: string;
  /** Its paper name, e.g. `X+O1 | O1+O2`. */
  readonly name: string;
  /** Its edges, e.g. `0-1,1-2` (empty: none). */
  readonly edges: string;
  readonly layers: number;
  readonly predicted: Readonly<Partial<Record<QuanvLayerId, LayerAccess>>>;
  readonly record: RunRecord;
}

export interface Figure {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
  readonly title: string;
}

const quanvIds = (n: number): QuanvLayerId[] =>
  Array.from({ length: n }, (_, i) => `Q${i + 1}` as QuanvLayerId);

/** What the run measured per quanv layer: any step with a norm ≥ 1e-12 counts as gradient. */
export function measuredAccess(
  record: RunRecord,
  layers: number,
): Partial<Record<QuanvLayerId, LayerAccess>> {
  const out: Partial<Record<QuanvLayerId, LayerAccess>> = {};
  for (const id of quanvIds(layers)) {
    const norms = record.steps
      .map((s) => s.gradNorms[id])
      .filter((v): v is number => v !== undefined);
    out[id] =
      norms.length === 0 ? 'frozen' : norms.some((v) => v >= NO_GRADIENT) ? 'gradient' : 'none';
  }
  return out;
}

/** Whether every trainable quanv layer got gradient (false when none is trainable). */
export function allReached(access: Partial<Record<QuanvLayerId, LayerAccess>>): boolean {
  const values = Object.values(access).filter((a) => a !== 'frozen');
  return values.length > 0 && values.every((a) => a === 'gradient');
}

export function testAccuracy(record: RunRecord): number {
  return record.epochs.at(-1)?.testAccuracy ?? NaN;
}

// ---------------------------------------------------------------------------------------------
// (a) Gradient accessibility: predicted and measured, every configuration.

export function accessibilityFigure(
  rows: readonly ConfigRun[],
  settings: { layers: number; subtitle: string },
): Figure {
  const n = settings.layers;
  const ids = quanvIds(n);
  const rowH = 18;
  const cell = 24;
  const left = 14;
  const nameW = Math.max(90, ...rows.map((r) => textWidth(r.name, THEME.label, true))) + 14;
  const edgeW = Math.max(44, ...rows.map((r) => textWidth(r.edges || '—', THEME.tick))) + 16;
  const groupGap = 20;
  const predictedX = left + nameW + edgeW;
  const measuredX = predictedX + n * cell + groupGap;
  const tableRight = measuredX + n * cell;
  const width = Math.ceil(Math.max(THEME.column, tableRight + 14));
  const title = `Gradient accessibility, ${n} quanv layers`;
  const head = figureHeader(title, settings.subtitle, left, width - 2 * left);
  const headTop = head.bottom + 22;
  const top = headTop + 36;
  const results = rows.map((r) => ({ row: r, measured: measuredAccess(r.record, n) }));
  const mismatches = results.filter(({ row, measured }) =>
    ids.some((id) => (row.predicted[id] ?? 'frozen') !== measured[id]),
  ).length;
  const reached = results.filter((r) => allReached(r.measured)).length;

  const mark = (access: LayerAccess | undefined, id: QuanvLayerId, cx: number, cy: number) => {
    if (access === 'gradient') return el('circle', { cx, cy, r: 5, fill: layerColour(id) });
    if (access === 'none')
      return el('circle', {
        cx,
        cy,
        r: 4.4,
        fill: '#ffffff',
        stroke: THEME.dead,
        'stroke-width': 1.4,
      });
    return el('line', { x1: cx - 4, x2: cx + 4, y1: cy, y2: cy, stroke: THEME.dead });
  };

  const body = results.map(({ row, measured }, i) => {
    const y = top + i * rowH;
    const cy = y + rowH / 2;
    const all = allReached(measured);
    return g(
      { class: 'row' },
      all
        ? el('rect', {
            x: left - 6,
            y,
            width: tableRight - left + 12,
            height: rowH,
            fill: THEME.highlight,
          })
        : i % 2 === 1
          ? el('rect', {
              x: left - 6,
              y,
              width: tableRight - left + 12,
              height: rowH,
              fill: '#f7f8fa',
            })
          : null,
      el(
        'text',
        {
          x: left,
          y: cy,
          dy: '0.35em',
          'font-size': THEME.label,
          'font-weight': all ? 700 : null,
          fill: THEME.ink,
        },
        text(row.name),
      ),
      el(
        'text',
        { x: left + nameW, y: cy, dy: '0.35em', 'font-size': THEME.tick, fill: THEME.muted },
        text(row.edges || '—'),
      ),
      ...ids.map((id, k) => mark(row.predicted[id], id, predictedX + k * cell + cell / 2, cy)),
      ...ids.map((id, k) => {
        const cx = measuredX + k * cell + cell / 2;
        const wrong = (row.predicted[id] ?? 'frozen') !== measured[id];
        return g(
          {},
          mark(measured[id], id, cx, cy),
          wrong
            ? el('rect', {
                x: cx - 8,
                y: cy - 8,
                width: 16,
                height: 16,
                fill: 'none',
                stroke: THEME.mismatch,
                'stroke-width': 1.5,
              })
            : null,
        );
      }),
    );
  });

  const header = g(
    { class: 'header' },
    el(
      'text',
      { x: left, y: headTop + 26, 'font-size': THEME.tick, fill: THEME.muted },
      text('configuration'),
    ),
    el(
      'text',
      { x: left + nameW, y: headTop + 26, 'font-size': THEME.tick, fill: THEME.muted },
      text('edges'),
    ),
    ...(
      [
        ['predicted', predictedX],
        ['measured', measuredX],
      ] as const
    ).flatMap(([label, x0]) => [
      el(
        'text',
        {
          x: x0 + (n * cell) / 2,
          y: headTop + 6,
          'text-anchor': 'middle',
          'font-size': THEME.tick,
          fill: THEME.muted,
        },
        text(label),
      ),
      el('line', {
        x1: x0 + 3,
        x2: x0 + n * cell - 3,
        y1: headTop + 11,
        y2: headTop + 11,
        stroke: THEME.axis,
      }),
      ...ids.map((id, k) =>
        el(
          'text',
          {
            x: x0 + k * cell + cell / 2,
            y: headTop + 26,
            'text-anchor': 'middle',
            'font-size': THEME.label,
            'font-weight': 700,
            fill: layerColour(id),
          },
          text(id),
        ),
      ),
    ]),
  );

  const bottom = top + rows.length * rowH + 12;
  const summary =
    `${reached} of ${rows.length} configurations give every quanv layer gradient; ` +
    (mismatches === 0
      ? `prediction and measurement agree in all ${rows.length}.`
      : `prediction and measurement disagree in ${mismatches}.`);
  const entries: LegendEntry[] = [
    { label: 'gradient', colour: layerColour('Q1'), mark: 'dot' },
    { label: 'no gradient (‖∇θ‖ < 10⁻¹²)', colour: THEME.dead, mark: 'ring' },
    { label: 'every layer reached', colour: THEME.highlight, mark: 'box' },
  ];
  if (mismatches > 0) entries.push({ label: 'mismatch', colour: THEME.mismatch, mark: 'ring' });
  const note = paragraph(summary, left, bottom + 6, width - 2 * left);
  const key = legend(entries, left, note.bottom + 10, width - 2 * left);
  const height = Math.ceil(note.bottom + 10 + key.height + 10);
  return {
    title,
    width,
    height,
    svg: svgDocument(
      {
        width,
        height,
        title,
        description: `${title}. ${settings.subtitle}. ${summary}`,
        fontFamily: THEME.font,
      },
      head.markup,
      header,
      ...body,
      note.markup,
      key.markup,
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// (b) Gradient-norm curves, small multiples with a shared log axis and a "no gradient" lane.

interface Trace {
  readonly id: LayerId;
  readonly segments: Point[][];
  readonly dead: [number, number][];
}

function traces(record: RunRecord): Trace[] {
  const ids = new Set<LayerId>();
  for (const s of record.steps) for (const k of Object.keys(s.gradNorms)) ids.add(k as LayerId);
  const order = [...ids].sort((a, b) =>
    a === 'H' ? 1 : b === 'H' ? -1 : Number(a.slice(1)) - Number(b.slice(1)),
  );
  return order.map((id) => {
    const segments: Point[][] = [];
    const dead: [number, number][] = [];
    let live: Point[] | null = null;
    for (const s of record.steps) {
      const v = s.gradNorms[id];
      if (v === undefined) {
        live = null;
        continue;
      }
      if (v >= NO_GRADIENT) {
        if (!live) segments.push((live = []));
        live.push([s.step, v]);
      } else {
        live = null;
        const last = dead.at(-1);
        if (last && last[1] === s.step - 1) last[1] = s.step;
        else dead.push([s.step, s.step]);
      }
    }
    return { id, segments, dead };
  });
}

export function gradNormFigure(panels: readonly ConfigRun[], subtitle: string): Figure {
  const count = panels.length;
  const width = count > 1 ? THEME.wide : THEME.column;
  const left = 56;
  const right = 30;
  const gap = 22;
  const panelW = (width - left - right - gap * (count - 1)) / count;
  const all = panels.map((p) => traces(p.record));
  const layerIds = [...new Set(all.flatMap((ts) => ts.map((t) => t.id)))];
  const title = 'Gradient norm per layer during training';
  const head = figureHeader(title, subtitle, 14, width - 28);
  const key = legend(
    layerIds.map((id) => ({ label: id, colour: layerColour(id) })),
    left,
    head.bottom + 8,
    width - left - right,
  );
  const plotTop = head.bottom + 8 + key.height + 26;
  const plotH = 150;
  const plotBottom = plotTop + plotH;
  const laneLayers = layerIds.filter((id) =>
    all.some((ts) => ts.some((t) => t.id === id && t.dead.length > 0)),
  );
  const laneRow = 9;
  const laneTop = plotBottom + 22;
  const laneH = Math.max(1, laneLayers.length) * laneRow + 6;
  const axisY = laneTop + laneH + 6;
  const height = Math.ceil(axisY + 44);
  const norms = all.flatMap((ts) => ts.flatMap((t) => t.segments.flat().map((p) => p[1])));
  const domain = logDomain(norms);
  const y = d3.scaleLog().domain(domain).range([plotBottom, plotTop]).clamp(true);
  const lastStep = Math.max(2, ...panels.map((p) => p.record.steps.at(-1)?.step ?? 1));

  const parts = panels.map((panel, i) => {
    const x0 = left + i * (panelW + gap);
    const x = d3
      .scaleLinear()
      .domain([1, lastStep])
      .range([x0, x0 + panelW]);
    const ticks = decadeTicks(domain, plotH);
    return g(
      { class: 'panel' },
      el(
        'text',
        {
          x: x0 + panelW / 2,
          y: plotTop - 10,
          'text-anchor': 'middle',
          'font-size': THEME.label,
          'font-weight': 700,
          fill: THEME.ink,
        },
        text(panel.name),
      ),
      i === 0
        ? yAxis((v) => y(v), x0, x0 + panelW, { ticks, format: formatPower })
        : yAxis((v) => y(v), x0, x0 + panelW, { ticks, format: () => '' }),
      el('rect', {
        x: x0,
        y: laneTop,
        width: panelW,
        height: laneH,
        rx: 3,
        fill: THEME.lane,
      }),
      i === 0
        ? el(
            'text',
            {
              x: x0 - 5,
              y: laneTop + laneH / 2,
              dy: '0.35em',
              'text-anchor': 'end',
              'font-size': THEME.tick,
              fill: THEME.muted,
            },
            text('0'),
          )
        : null,
      ...all[i].flatMap((t) => {
        const row = laneLayers.indexOf(t.id);
        return [
          ...t.segments.map((segment) =>
            segment.length === 1
              ? el('circle', {
                  cx: x(segment[0][0]),
                  cy: y(segment[0][1]),
                  r: 2,
                  fill: layerColour(t.id),
                })
              : el('path', {
                  d: pathOf(segment.map(([s, v]) => [x(s), y(v)])),
                  fill: 'none',
                  stroke: layerColour(t.id),
                  'stroke-width': 1.6,
                  'stroke-linejoin': 'round',
                }),
          ),
          ...t.dead.map(([from, to]) =>
            el('rect', {
              x: x(from) - 1.5,
              y: laneTop + 3 + row * laneRow,
              width: Math.max(3, x(to) - x(from) + 3),
              height: laneRow - 3,
              rx: 1.5,
              fill: layerColour(t.id),
              'fill-opacity': 0.75,
            }),
          ),
        ];
      }),
      ...laneLayers.map((id, row) =>
        i === count - 1
          ? el(
              'text',
              {
                x: x0 + panelW + 4,
                y: laneTop + 3 + row * laneRow + (laneRow - 3) / 2,
                dy: '0.35em',
                'font-size': 9,
                'font-weight': 700,
                fill: layerColour(id),
              },
              text(id),
            )
          : null,
      ),
      xAxis((v) => x(v), axisY, [x0, x0 + panelW], {
        ticks: stepTicks([1, lastStep], Math.max(2, Math.floor(panelW / 60))),
        format: formatStep,
      }),
    );
  });
  return {
    title,
    width,
    height,
    svg: svgDocument(
      {
        width,
        height,
        title,
        description: `${title}: ${panels.map((p) => `${p.name} (${p.config})`).join('; ')}. ${subtitle}.`,
        fontFamily: THEME.font,
      },
      head.markup,
      key.markup,
      ...parts,
      el(
        'text',
        {
          transform: `translate(14,${num((plotTop + plotBottom) / 2)}) rotate(-90)`,
          'text-anchor': 'middle',
          'font-size': THEME.tick,
          fill: THEME.muted,
        },
        text('‖∇θ‖ (log)'),
      ),
      caption(
        laneLayers.length > 0 ? 'lane 0: no gradient, ‖∇θ‖ < 10⁻¹²' : 'every layer got gradient',
        width - right,
        laneTop - 6,
        'end',
      ),
      caption('training step', left + (width - left - right) / 2, axisY + 36, 'middle'),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// (c) Test accuracy per configuration, horizontal bars.

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
function barRows(
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

export function accuracyFigure(
  rows: readonly ConfigRun[],
  settings: { layers: number; subtitle: string; stats?: SeedStats },
): Figure {
  const n = settings.layers;
  const width = THEME.column + 40;
  const left = 14;
  const bars = rows.map((r) => {
    const all = allReached(measuredAccess(r.record, n));
    const stats = settings.stats?.get(r.config);
    return {
      label: r.name,
      value: stats?.mean ?? testAccuracy(r.record),
      ci: stats?.ci95,
      colour: all ? THEME.accent : THEME.dead,
      bold: all,
    };
  });
  const labelW = Math.max(70, ...bars.map((b) => textWidth(b.label, THEME.label, b.bold))) + 10;
  const title = `Test accuracy per configuration, ${n} quanv layers`;
  const head = figureHeader(title, settings.subtitle, left, width - 2 * left);
  const key = legend(
    [
      { label: 'every quanv layer gets gradient', colour: THEME.accent, mark: 'box' },
      { label: 'some layers cut', colour: THEME.dead, mark: 'box' },
    ],
    left,
    head.bottom + 8,
    width - 2 * left,
  );
  const top = head.bottom + 8 + key.height + 20;
  const chart = barRows(bars, { x: left, y: top, width: width - left, labelW });
  const height = Math.ceil(top + chart.height + 26);
  return {
    title,
    width,
    height,
    svg: svgDocument(
      {
        width,
        height,
        title,
        description: `${title}. ${settings.subtitle}. ${bars.map((b) => `${b.label}: ${formatPercent(b.value)}${b.ci ? ` (95% CI ${formatPercent(b.ci[0])} to ${formatPercent(b.ci[1])})` : ''}`).join('; ')}.`,
        fontFamily: THEME.font,
      },
      head.markup,
      key.markup,
      chart.markup,
      caption(
        'test accuracy after training',
        left + labelW + (width - left - labelW - 34) / 2,
        height - 10,
        'middle',
      ),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// (d), (e) Training loss curves beside test accuracy bars, for a few labelled runs.

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
  const head = figureHeader(settings.title, settings.subtitle, 14, width - 28);
  const key = legend(
    entries.map((e) => ({ label: e.label, colour: e.colour, mark: e.dashed ? 'dashed' : 'line' })),
    left,
    head.bottom + 8,
    width - left - 14,
  );
  const top = head.bottom + 8 + key.height + 30;
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
  return {
    title: settings.title,
    width,
    height,
    svg: svgDocument(
      {
        width,
        height,
        title: settings.title,
        description: `${settings.title}. ${settings.subtitle}. ${entries.map((e) => `${e.label} (${e.record.config}): test accuracy ${formatPercent(testAccuracy(e.record))}`).join('; ')}.`,
        fontFamily: THEME.font,
      },
      head.markup,
      key.markup,
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
    ),
  };
}
