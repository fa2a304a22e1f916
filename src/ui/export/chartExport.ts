import { PRINT } from '../tokens';
import { exportSvgElement, type Background, type ExportedSvg } from './inlineSvg';

/*
 * A chart exported at a chosen size: the chart module draws it afresh into an off-screen SVG of
 * that size (so axes, ticks and labels are laid out for it, not scaled), a legend is added above
 * it, and the result is inlined like any other SVG.
 */

export type ExportSize = 'shown' | 'column' | 'wide';

/**
 * Figure sizes in CSS pixels, legend included. At a 3.4 in journal column, 340 px puts the charts'
 * 10.5 px axis labels at about 7.5 pt; `wide` is the same at a two-column width.
 */
export const EXPORT_SIZES: Readonly<Record<Exclude<ExportSize, 'shown'>, [number, number]>> = {
  column: [340, 230],
  wide: [680, 290],
};

export const SIZE_LABELS: Readonly<Record<ExportSize, string>> = {
  shown: 'as shown',
  column: 'one column (340 px)',
  wide: 'two columns (680 px)',
};

export interface LegendItem {
  readonly label: string;
  readonly colour: string;
  readonly dashed?: boolean;
  /** A faint line (per-batch loss). */
  readonly faint?: boolean;
}

export type DrawChart = (svg: SVGSVGElement, width: number, height: number) => void;

const SVG_NS = 'http://www.w3.org/2000/svg';
const LEGEND_ROW = 16;

export interface ChartExportRequest {
  /** The chart's on-screen box: its size is `shown`, and the off-screen copy sits beside it. */
  readonly box: HTMLElement;
  readonly draw: DrawChart;
  readonly size: ExportSize;
  readonly background: Background;
  readonly legend: readonly LegendItem[];
  /** Drawn at the top of the figure, and its <title>. */
  readonly title: string;
  /** The configuration and the run, drawn under the title, a line each. */
  readonly subtitle: readonly string[];
  readonly description: string;
}

const TITLE_LINE = 17;
const SUBTITLE_LINE = 13;

export function exportChart(request: ChartExportRequest): ExportedSvg {
  const { box, size } = request;
  const [width, height] =
    size === 'shown'
      ? [
          Math.max(200, box.clientWidth),
          Math.max(120, box.clientHeight + headerHeight(request) + legendHeight(request)),
        ]
      : EXPORT_SIZES[size];
  // Beside the live chart, so the page's CSS for charts applies; off-screen, so nothing moves.
  const host = document.createElement('div');
  host.className = box.className;
  host.setAttribute('aria-hidden', 'true');
  Object.assign(host.style, {
    position: 'fixed',
    left: '-20000px',
    top: '0px',
    width: `${width}px`,
    height: `${height}px`,
    pointerEvents: 'none',
  });
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'chart');
  host.appendChild(svg);
  (box.parentElement ?? document.body).appendChild(host);
  try {
    const legendH = legendRows(request.legend, width).length * LEGEND_ROW + 6;
    const headerH = headerHeight(request);
    const top = headerH + legendH;
    request.draw(svg, width, height - top);
    const chart = document.createElementNS(SVG_NS, 'g');
    chart.setAttribute('transform', `translate(0,${top})`);
    while (svg.firstChild) chart.appendChild(svg.firstChild);
    svg.appendChild(chart);
    const legend = drawLegend(request.legend, width);
    legend.setAttribute('transform', `translate(0,${headerH})`);
    svg.insertBefore(legend, chart);
    svg.insertBefore(drawHeader(request.title, request.subtitle, width), legend);
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
    return exportSvgElement(svg, {
      background: request.background,
      title: request.title,
      description: request.description,
    });
  } finally {
    host.remove();
  }
}

function legendHeight(request: ChartExportRequest): number {
  return legendRows(request.legend, Math.max(200, request.box.clientWidth)).length * LEGEND_ROW + 6;
}

/** Items placed left to right, wrapping to a new row when the width is used up. */
export function legendRows(
  items: readonly LegendItem[],
  width: number,
): { item: LegendItem; x: number }[][] {
  const rows: { item: LegendItem; x: number }[][] = [];
  let row: { item: LegendItem; x: number }[] = [];
  let x = 40;
  for (const item of items) {
    const w = itemWidth(item);
    if (row.length > 0 && x + w > width - 8) {
      rows.push(row);
      row = [];
      x = 40;
    }
    row.push({ item, x });
    x += w + 14;
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

/** Swatch, gap and an estimate of the label's width at 11 px. */
function itemWidth(item: LegendItem): number {
  return 18 + 5 + item.label.length * 6.2;
}

function svgText(x: number, y: number, size: string, fill: string, words: string): SVGTextElement {
  const text = document.createElementNS(SVG_NS, 'text');
  text.setAttribute('x', String(x));
  text.setAttribute('y', String(y));
  text.setAttribute('font-size', size);
  text.setAttribute('fill', fill);
  text.textContent = words;
  return text;
}

function headerHeight(request: ChartExportRequest): number {
  return TITLE_LINE + request.subtitle.length * SUBTITLE_LINE + 4;
}

/** The title, then the subtitle's lines; a line too long for the width is condensed to fit. */
function drawHeader(title: string, subtitle: readonly string[], width: number): SVGGElement {
  const g = document.createElementNS(SVG_NS, 'g');
  g.setAttribute('class', 'export-header');
  const room = width - 16;
  const fit = (text: SVGTextElement, words: string, size: number, bold: boolean) => {
    // An estimate of the rendered width: about 0.58 em a character (0.62 bold) in system-ui.
    if (words.length * size * (bold ? 0.62 : 0.58) > room) {
      text.setAttribute('textLength', String(room));
      text.setAttribute('lengthAdjust', 'spacingAndGlyphs');
    }
    g.appendChild(text);
  };
  const heading = svgText(8, 14, '12.5px', PRINT.ink, title);
  heading.setAttribute('font-weight', '700');
  fit(heading, title, 12.5, true);
  subtitle.forEach((line, i) =>
    fit(
      svgText(8, TITLE_LINE + 11 + i * SUBTITLE_LINE, '10.5px', PRINT.muted, line),
      line,
      10.5,
      false,
    ),
  );
  return g;
}

function drawLegend(items: readonly LegendItem[], width: number): SVGGElement {
  const g = document.createElementNS(SVG_NS, 'g');
  g.setAttribute('class', 'export-legend');
  legendRows(items, width).forEach((row, r) => {
    const y = 4 + r * LEGEND_ROW + LEGEND_ROW / 2;
    for (const { item, x } of row) {
      const line = document.createElementNS(SVG_NS, 'line');
      line.setAttribute('x1', String(x));
      line.setAttribute('x2', String(x + 18));
      line.setAttribute('y1', String(y));
      line.setAttribute('y2', String(y));
      line.setAttribute('stroke', item.colour);
      line.setAttribute('stroke-width', item.faint ? '1.2' : '2.2');
      if (item.faint) line.setAttribute('stroke-opacity', '0.55');
      if (item.dashed) line.setAttribute('stroke-dasharray', '4 2.5');
      g.appendChild(line);
      const text = svgText(x + 23, y, '11px', PRINT.ink, item.label);
      text.setAttribute('dy', '0.35em');
      g.appendChild(text);
    }
  });
  return g;
}
