import { useLayoutEffect, useRef } from 'react';
import { downloadText } from '../export/download';
import { ExportMenu } from '../export/ExportMenu';
import { exportSvgElement } from '../export/inlineSvg';
import { useWidth } from '../useWidth';

export interface FigureProps {
  readonly title: string;
  readonly subject: string;
  /** What the figure shows, written into the exported SVG's <desc>. */
  readonly description: string;
  readonly fileStem: string;
  readonly draw: (svg: SVGSVGElement, size: { width: number; height: number }) => void;
  readonly csv: () => string;
  readonly json: () => string;
  readonly empty: boolean;
}

const HEIGHT = 300;

/** One of the view's charts in a panel, with its export menu (SVG, PNG, the data as CSV and JSON). */
export function TrainabilityFigure({
  title,
  subject,
  description,
  fileStem,
  draw,
  csv,
  json,
  empty,
}: FigureProps) {
  const box = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const width = useWidth(box);
  useLayoutEffect(() => {
    if (!svg.current || width <= 0) return;
    // measured, so a browser test can tell this view's own main-thread work from the page's
    const start = performance.now();
    draw(svg.current, { width, height: HEIGHT });
    performance.measure('trainability-draw', { start, end: performance.now() });
  }, [draw, width]);
  return (
    <section className="trainability-panel" aria-label={title} data-figure={subject}>
      <div className="trainability-figure-head">
        <h3>{title}</h3>
        <ExportMenu
          label={title}
          subject={subject}
          fileStem={fileStem}
          render={(_size, background) => {
            if (!svg.current || empty) throw new Error('no results yet: press Run');
            return exportSvgElement(svg.current, { background, title, description });
          }}
          extras={[
            {
              label: 'CSV',
              save: () => {
                const file = `${fileStem}.csv`;
                downloadText(csv(), file, 'text/csv');
                return file;
              },
            },
            {
              label: 'JSON',
              save: () => {
                const file = `${fileStem}.json`;
                downloadText(json(), file, 'application/json');
                return file;
              },
            },
          ]}
        />
      </div>
      <div ref={box} className="trainability-chart">
        <svg ref={svg} role="img" aria-label={title} />
      </div>
    </section>
  );
}
