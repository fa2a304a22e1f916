import type { ArchivedRun } from '../../state/runs/runArchive';
import { downloadText } from '../export/download';
import { runJson } from '../export/exportData';
import { exportFilename } from '../export/filenames';
import { downloadModel } from '../export/modelDownload';
import { useController } from '../LabContext';
import type { ReportStatus } from './runsStatus';

/** One listed run's buttons: export it as JSON, export its model, continue it from its checkpoint. */
export function RunActions({
  run,
  name,
  current,
  onStatus,
}: {
  run: ArchivedRun;
  /** What the list calls its network. */
  name: string;
  /** It is the page's current run. */
  current: boolean;
  onStatus: ReportStatus;
}) {
  const controller = useController();
  const exportRun = () => {
    const file = exportFilename({
      subject: 'run',
      config: run.record.config,
      ext: 'json',
      variant: `run${run.number}`,
    });
    downloadText(runJson(run.record), file, 'application/json');
    onStatus({ text: `Saved ${file}.`, error: false });
  };

  /** Continues a kept run from its checkpoint (or from its seed, replayed, without one). */
  const continueRun = () => {
    const resumed = controller.resume(run.record);
    onStatus(
      resumed.ok
        ? {
            text: `Run #${run.number} continues from step ${resumed.from}: press play.`,
            error: false,
          }
        : {
            text: `Run #${run.number} cannot continue: ${resumed.errors.join('; ')}.`,
            error: true,
          },
    );
  };

  /** The run's model for PyTorch; a kept run that is not current is restored first. */
  const exportModel = async () => {
    if (!current && !controller.resume(run.record).ok) return;
    onStatus({ text: 'Exporting the model…', error: false });
    onStatus(await downloadModel(controller));
  };

  return (
    <>
      <button
        type="button"
        className="runs-export"
        onClick={exportRun}
        aria-label={`Export ${name}, run ${run.number}, as JSON`}
        title="Export as JSON"
      >
        ⤓ JSON
      </button>
      <button
        type="button"
        className="runs-export"
        onClick={() => void exportModel()}
        disabled={!current && !run.record.checkpoint}
        aria-label={`Export the model of ${name}, run ${run.number}, for PyTorch`}
        title={
          current || run.record.checkpoint
            ? 'The trained model for PyTorch (zip: model.json, model.py, test set)'
            : 'This run was saved without its parameters: train it again to export it'
        }
      >
        ⤓ Model
      </button>
      {!current && run.record.checkpoint && (
        <button
          type="button"
          className="runs-export"
          onClick={continueRun}
          aria-label={`Continue ${name}, run ${run.number}, from step ${run.record.checkpoint.step}`}
          title="Make it the current run at its checkpoint; play continues it"
        >
          ▶ Continue
        </button>
      )}
    </>
  );
}
