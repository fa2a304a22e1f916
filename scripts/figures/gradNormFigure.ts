import * as d3 from 'd3';
import type { RunRecord } from '../../src/engine/runRecord';
import type { LayerId } from '../../src/model/metrics';
import { gradientTrace, type GradientTrace } from '../../src/ui/charts/series';
import {
  caption,
  decadeTicks,
  figureTop,
  formatPower,
  formatStep,
  logDomain,
  pathOf,
  stepTicks,
  xAxis,
  yAxis,
} from './plots';
import { el, g, num, text } from './svg';
import { layerColour, THEME } from './theme';
import { figure, type ConfigRun, type Figure } from './figureRun';

/* Figure (b) Gradient-norm curves, small multiples with a shared log axis and a "no gradient" lane. */

interface Trace extends GradientTrace {
  readonly id: LayerId;
}

/** Every layer's trace, Q1 … Qn then H, with every step (a figure is not downsampled). */
function traces(record: RunRecord): Trace[] {
  const ids = new Set<LayerId>();
  for (const s of record.steps) for (const k of Object.keys(s.gradNorms)) ids.add(k as LayerId);
  const order = [...ids].sort((a, b) =>
    a === 'H' ? 1 : b === 'H' ? -1 : Number(a.slice(1)) - Number(b.slice(1)),
  );
  const everyStep = Math.max(1, record.steps.length);
  return order.map((id) => ({ id, ...gradientTrace(record.steps, id, everyStep) }));
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
  const heading = figureTop(
    { title, subtitle },
    layerIds.map((id) => ({ label: id, colour: layerColour(id) })),
    { x: 14, width: width - 28 },
    { x: left, width: width - left - right },
    26,
  );
  const plotTop = heading.top;
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
  return figure(
    {
      title,
      width,
      height,
      description: `${title}: ${panels.map((p) => `${p.name} (${p.config})`).join('; ')}. ${subtitle}.`,
    },
    heading.markup,
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
  );
}
