import { useController } from '../LabContext';
import { configFileJson } from '../runs/importFile';
import { downloadText } from './download';
import { exportFilename } from './filenames';
import { FigureExportMenu } from './FigureExportMenu';

/** The architecture diagram's export menu, with the configuration as a file of its own. */
export function DiagramExportMenu() {
  const controller = useController();
  return (
    <FigureExportMenu
      label="architecture diagram"
      subject="architecture"
      panel=".diagram-panel"
      figure=".diagram svg"
      title="ResQuNN Lab: architecture"
      about="the network, its residual connections and which layers get gradient"
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
    />
  );
}
