/*
 * The Explore results as a figure for a paper: one line per configuration with its measured
 * access per layer and its test accuracy (mean, seeds, 95% CI), the chance line, and the
 * full-access comparison under it. Drawn with explicit attributes, not the page's CSS, so the
 * exported SVG looks the same anywhere.
 */
import * as d3 from 'd3';
import {
  hasFullAccess,
  summarySentence,
  sweepSummary,
  type ObservedAccess,
  type SweepRow,
} from '../../model/sweep/sweepRows';

const INK = '#1b2330';
const MUTED = '#6b7584';
const FULL = '#2f6fdf';
const CUT = '#9aa3af';
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
const WIDTH = 720;
const MARGIN = 16;
/** Above this many configurations the lines are too thin for labels: colour and marks only. */
const LABELLED_ROWS = 128;

export interface SweepFigureInput {
  readonly rows: readonly SweepRow[];
  readonly references: readonly SweepRow[];
  readonly layers: readonly string[];
  /** Names the dataset (ExploreView: "… on MNIST"). */
  readonly title: string;
  /** Accuracy by guessing: 1 / the dataset's classes (sweepDataset.ts). */
  readonly chance: number;
}

const mark = (a: ObservedAccess | undefined) =>
  a === undefined ? '–' : a === 'mixed' ? '◐' : a ? '●' : '○';

/** Draws into `svg` (emptied first) and sets its width and height. */
export function drawSweepFigure(svg: SVGSVGElement, input: SweepFigureInput): void {
  const { rows, references, layers } = input;
  const all = [...references, ...rows];
  const labelled = all.length <= LABELLED_ROWS;
  const rowH = labelled ? 16 : Math.max(2, Math.min(6, 1200 / all.length));
  const nameW = labelled ? 170 : 0;
  const accessW = labelled ? layers.length * 26 : 0;
  const plotLeft = MARGIN + nameW + accessW + 8;
  const plotRight = WIDTH - MARGIN - 48;
  const top = 76;
  const plotH = all.length * rowH;
  const summary = summarySentence(sweepSummary(rows));
  const height = top + plotH + 34 + 2 * 16 + MARGIN;
  const x = d3.scaleLinear([0, 1], [plotLeft, plotRight]);

  const root = d3.select(svg);
  root.selectAll('*').remove();
  root
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .attr('width', WIDTH)
    .attr('height', height)
    .attr('viewBox', `0 0 ${WIDTH} ${height}`)
    .attr('font-family', FONT)
    .attr('fill', INK);
  root
    .append('text')
    .attr('x', MARGIN)
    .attr('y', 22)
    .attr('font-size', 15)
    .attr('font-weight', 600)
    .text(input.title);
  const legend = root.append('g').attr('font-size', 11).attr('fill', MUTED);
  [
    `● gradient, ○ none, ◐ seeds disagree (measured). Blue: every quanv layer gets gradient; grey: some layer is cut.`,
    `Dot: mean; small dots: seeds; bar: 95% CI (Student t), cut at 0% and 100%; dashed line: chance (${formatChance(input.chance)}).`,
  ].forEach((line, i) =>
    legend
      .append('text')
      .attr('x', MARGIN)
      .attr('y', 40 + 14 * i)
      .text(line),
  );
  if (labelled) {
    layers.forEach((l, i) =>
      root
        .append('text')
        .attr('x', MARGIN + nameW + i * 26 + 10)
        .attr('y', top - 2)
        .attr('font-size', 10)
        .attr('text-anchor', 'middle')
        .attr('fill', MUTED)
        .text(l),
    );
  }

  const plot = root.append('g');
  plot
    .append('line')
    .attr('x1', x(input.chance))
    .attr('x2', x(input.chance))
    .attr('y1', top)
    .attr('y2', top + plotH)
    .attr('stroke', MUTED)
    .attr('stroke-dasharray', '3 3');
  all.forEach((r, i) => {
    const y = top + i * rowH + rowH / 2;
    const reference = r.model !== 'resqunn';
    const colour = reference ? INK : hasFullAccess(r) ? FULL : CUT;
    const line = plot
      .append('g')
      .attr('data-row', r.config)
      .attr('data-full', String(!reference && hasFullAccess(r)));
    if (labelled) {
      line
        .append('text')
        .attr('x', MARGIN)
        .attr('y', y + 4)
        .attr('font-size', 11)
        .attr('font-style', reference ? 'italic' : 'normal')
        .text(reference ? `${r.name} (reference)` : `${r.name}  ${r.edges || '(none)'}`);
      layers.forEach((l, j) =>
        line
          .append('text')
          .attr('x', MARGIN + nameW + j * 26 + 10)
          .attr('y', y + 4)
          .attr('font-size', 11)
          .attr('text-anchor', 'middle')
          .attr('fill', colour)
          .text(reference ? '' : mark(r.measuredAccess[l])),
      );
    }
    const { mean, ci95, values } = r.testAccuracy;
    const clamp = (v: number) => x(Math.max(0, Math.min(1, v)));
    if (ci95) {
      line
        .append('line')
        .attr('x1', clamp(ci95[0]))
        .attr('x2', clamp(ci95[1]))
        .attr('y1', y)
        .attr('y2', y)
        .attr('stroke', colour)
        .attr('stroke-width', Math.max(1, Math.min(3, rowH / 3)));
    }
    if (labelled) {
      for (const v of values) {
        line
          .append('circle')
          .attr('cx', clamp(v))
          .attr('cy', y)
          .attr('r', 1.5)
          .attr('fill', colour)
          .attr('opacity', 0.5);
      }
    }
    if (values.length > 0) {
      line
        .append('circle')
        .attr('cx', clamp(mean))
        .attr('cy', y)
        .attr('r', labelled ? 3.5 : Math.max(1, rowH / 2))
        .attr('fill', colour);
      if (labelled) {
        line
          .append('text')
          .attr('x', plotRight + 6)
          .attr('y', y + 4)
          .attr('font-size', 10)
          .attr('fill', MUTED)
          .text(`${(mean * 100).toFixed(1)}%`);
      }
    }
  });

  const axis = root.append('g').attr('transform', `translate(0,${top + plotH + 4})`);
  axis.call(
    d3
      .axisBottom(x)
      .ticks(5)
      .tickFormat((v) => `${Math.round(Number(v) * 100)}%`),
  );
  axis.selectAll('text').attr('fill', INK).attr('font-family', FONT);
  axis.selectAll('line,path').attr('stroke', MUTED);
  root
    .append('text')
    .attr('x', (plotLeft + plotRight) / 2)
    .attr('y', top + plotH + 34)
    .attr('font-size', 11)
    .attr('text-anchor', 'middle')
    .text('final test accuracy');
  const words = summary.split(' ');
  const half = Math.ceil(words.length / 2);
  [words.slice(0, half).join(' '), words.slice(half).join(' ')].forEach((t, i) =>
    root
      .append('text')
      .attr('x', MARGIN)
      .attr('y', top + plotH + 34 + 16 * (i + 1))
      .attr('font-size', 11)
      .attr('data-summary', i === 0 ? 'start' : 'end')
      .text(t),
  );
}

/** 10%, 33.3%: chance as the legends write it. */
export function formatChance(chance: number): string {
  return `${Number((chance * 100).toFixed(1))}%`;
}
