import { useRef } from 'react';
import { currentRun } from '../../state/labStore';
import { useController } from '../LabContext';
import { configFileJson } from '../runs/importFile';
import { downloadText } from './download';
import { figureDescription } from './exportData';
import { exportFilename } from './filenames';
import { ExportMenu } from './ExportMenu';
import { exportSvgElement } from './inlineSvg';

/**
 * The architecture diagram's export menu: place it anywhere inside the diagram's panel; it exports
 * the panel's diagram SVG as it is drawn (it scales as a whole, text included).
 */
export function DiagramExportMenu() {
  const controller = useController();
  const anchor = useRef<HTMLSpanElement>(null);
  return (
    <span ref={anchor} className="export-anchor">
      <ExportMenu
        label="architecture diagram"
        subject="architecture"
        extras={[
          {
            label: 'Configuration JSON',
            save: () => {
              const config = controller.config.getState().text;
              const file = exportFilename({ subject: 'config', config, ext: 'json' });
              downloadText(configFileJson(config), file, 'application/json');
              return file;
            },
          },
        ]}
        render={(_size, background) => {
          const panel = anchor.current?.closest('.diagram-panel') ?? document;
          const svg = panel.querySelector<SVGSVGElement>('.diagram svg');
          if (!svg) throw new Error('the diagram is not on the page');
          const run = currentRun(controller.lab.getState());
          const config = controller.config.getState().text;
          return exportSvgElement(svg, {
            background,
            title: 'ResQuNN Lab: architecture',
            description: figureDescription(
              'the network, its residual connections and which layers get gradient',
              config,
              run,
            ),
          });
        }}
      />
    </span>
  );
}
