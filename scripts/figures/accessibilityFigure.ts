import type { LayerAccess, QuanvLayerId } from '../../src/model/accessibility/accessibility';
import { figureHeader, legend, paragraph, textWidth, type LegendEntry } from './plots';
import { el, g, text } from './svg';
import { layerColour, THEME } from './theme';
import {
  type ConfigRun,
  type Figure,
  figure,
  quanvIds,
  observedAccess,
  allReached,
} from './figureRun';

/* Figure (a) Gradient accessibility: predicted and measured, every configuration. */

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
  const results = rows.map((r) => ({ row: r, measured: observedAccess(r.record, n) }));
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
  return figure(
    { title, width, height, description: `${title}. ${settings.subtitle}. ${summary}` },
    head.markup,
    header,
    ...body,
    note.markup,
    key.markup,
  );
}
