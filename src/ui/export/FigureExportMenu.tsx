import { useRef } from 'react';
import { currentRun } from '../../state/labStore';
import { useController } from '../LabContext';
import { figureDescription } from './exportData';
import type { ExportSubject } from './filenames';
import { ExportMenu, type ExportMenuProps } from './ExportMenu';
import { exportSvgElement } from './inlineSvg';

export interface FigureExportMenuProps {
  /** For the button's name: `architecture diagram`. */
  readonly label: string;
  readonly subject: ExportSubject;
  /** The panel the menu sits in (a selector) and the figure's SVG inside it. */
  readonly panel: string;
  readonly figure: string;
  /** The exported document's <title>, and what it shows for its <desc>. */
  readonly title: string;
  readonly about: string;
  readonly extras?: ExportMenuProps['extras'];
}

/**
 * The export menu of a figure drawn once at its natural size (the architecture diagram, the
 * circuit): place it inside the figure's panel; it exports the panel's SVG as it is drawn, and
 * the figure scales as a whole, text included.
 */
export function FigureExportMenu({
  label,
  subject,
  panel,
  figure,
  title,
  about,
  extras,
}: FigureExportMenuProps) {
  const controller = useController();
  const anchor = useRef<HTMLSpanElement>(null);
  return (
    <span ref={anchor} className="export-anchor">
      <ExportMenu
        label={label}
        subject={subject}
        extras={extras}
        render={(_size, background) => {
          const root = anchor.current?.closest(panel) ?? document;
          const svg = root.querySelector<SVGSVGElement>(figure);
          if (!svg) throw new Error(`the ${label} is not on the page`);
          const run = currentRun(controller.lab.getState());
          const config = controller.config.getState().text;
          return exportSvgElement(svg, {
            background,
            title,
            description: figureDescription(about, config, run),
          });
        }}
      />
    </span>
  );
}
