import type { LabController } from '../../state/controller';
import { downloadBlob } from './download';
import { exportFilename } from './filenames';
import { zipStore } from './zipStore';

/**
 * The current run's model for PyTorch as one zip download (a folder with model.json, model.py
 * and the test set; `python model/model.py` checks it). Resolves to what the page tells the user.
 */
export async function downloadModel(
  controller: LabController,
): Promise<{ text: string; error: boolean }> {
  const exported = await controller.exportModel();
  if (!exported.ok) return { text: exported.message, error: true };
  const file = exportFilename({
    subject: 'model',
    config: exported.config,
    ext: 'zip',
    variant: `step${exported.step}`,
  });
  const zip = zipStore(exported.files, 'model');
  downloadBlob(new Blob([zip], { type: 'application/zip' }), file);
  const accuracy = (exported.accuracy * 100).toFixed(1);
  return {
    text: `Saved ${file}: the model at step ${exported.step} (test accuracy ${accuracy}%). Unzip it and run python model/model.py.`,
    error: false,
  };
}
