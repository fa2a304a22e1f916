import type { ChangeEvent } from 'react';
import type { LabController } from '../../state/controller';
import type { RunArchive } from '../../state/runs/runArchive';
import { useController } from '../LabContext';
import { checkFileSize, readImport } from './importFile';
import { useRunArchive } from './RunArchiveContext';
import type { ReportStatus, RunsStatus } from './runsStatus';

/** Imports runs (saved run files) or a configuration (a text file) into the page. */
export function ImportRunInput({ onStatus }: { onStatus: ReportStatus }) {
  const archive = useRunArchive();
  const controller = useController();
  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    onStatus(await importedFile(file, archive, controller));
  };
  return (
    <label className="runs-file">
      Import run or configuration…
      <input
        type="file"
        accept=".json,application/json,.txt,text/plain"
        aria-label="Import run or configuration file"
        onChange={(e) => void importFile(e)}
      />
    </label>
  );
}

async function importedFile(
  file: File,
  archive: RunArchive,
  controller: LabController,
): Promise<RunsStatus> {
  const sizeProblem = checkFileSize(file.name, file.size);
  const result = sizeProblem ?? readImport(file.name, await file.text());
  if (result.kind === 'refused') return { text: result.message, error: true };
  if (result.kind === 'runs') {
    const added = await archive.importRuns(result.records);
    const skipped = result.records.length - added;
    // One unfinished run with a checkpoint: it becomes the current run at its step, so play
    // continues it.
    const single = result.records.length === 1 ? result.records[0] : null;
    const unfinished = single?.checkpoint && single.checkpoint.step < single.totalSteps;
    const resumed = single && unfinished ? controller.resume(single) : null;
    return {
      text:
        `Imported ${added} run${added === 1 ? '' : 's'} from ${file.name}` +
        (skipped > 0 ? ` (${skipped} already here)` : '') +
        (resumed?.ok ? `; it continues from step ${resumed.from}: press play` : '') +
        '.',
      error: false,
    };
  }
  const applied = controller.configure(result.text);
  return applied.ok
    ? { text: `Configuration ${result.text} loaded from ${file.name}.`, error: false }
    : { text: `${file.name}: ${applied.errors.join('; ')}. Nothing was changed.`, error: true };
}
