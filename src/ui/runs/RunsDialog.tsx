import { useEffect, useMemo, useRef, useState } from 'react';
import type { ArchivedRun } from '../../state/runs/runArchive';
import { useController } from '../LabContext';
import { ClearSavedRuns } from './ClearSavedRuns';
import { ImportRunInput } from './ImportRunInput';
import { useArchive } from './RunArchiveContext';
import { RunCompare } from './RunCompare';
import { RunsTable } from './RunsTable';
import type { RunsStatus } from './runsStatus';
import { layersOf, listedRuns } from './runSummary';

/**
 * Every kept run: pick runs to overlay their gradient norms and loss (RunCompare), read their
 * final numbers side by side (RunsTable, each row's exports in RunActions), import runs or a
 * configuration from a file (ImportRunInput), clear saved runs (ClearSavedRuns).
 */
export function RunsDialog({ onClose }: { onClose: () => void }) {
  const controller = useController();
  const dialog = useRef<HTMLDialogElement>(null);
  useArchive((s) => s.revision);
  const runs = useArchive((s) => s.runs);
  const selected = useArchive((s) => s.selected);
  const storage = useArchive((s) => s.storage);
  const notice = useArchive((s) => s.notice);
  const [status, setStatus] = useState<RunsStatus | null>(null);
  const [showShort, setShowShort] = useState(false);
  const currentRunId = controller.lab.getState().currentRunId;
  const isCurrent = (run: ArchivedRun) =>
    run.source === 'session' && run.record.runId === currentRunId;
  const currentKeys = runs.filter(isCurrent).map((r) => r.key);
  const { listed, hidden } = listedRuns(runs, showShort, [...selected, ...currentKeys]);
  const layers = useMemo(() => layersOf(runs.map((r) => r.record)), [runs]);

  useEffect(() => {
    const element = dialog.current;
    // Closed by onClose (the dialog leaves the page with this component).
    if (element && !element.open) element.showModal();
  }, []);

  return (
    <dialog
      ref={dialog}
      className="runs-dialog"
      aria-labelledby="runs-title"
      onClose={onClose}
      onCancel={onClose}
    >
      <div className="runs-head">
        <h2 id="runs-title">Compare runs</h2>
        <span className="muted" data-testid="runs-storage">
          {listed.length} run{listed.length === 1 ? '' : 's'} ·{' '}
          {storage === 'indexeddb'
            ? 'saved in this browser'
            : storage === 'memory'
              ? 'kept in memory only'
              : 'loading saved runs…'}
        </span>
        <button type="button" className="runs-close" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      {notice && (
        <p className="runs-notice" role="alert">
          {notice}
        </p>
      )}
      <div className="runs-toolbar">
        <ImportRunInput onStatus={setStatus} />
        <ClearSavedRuns disabled={runs.length === 0} onStatus={setStatus} />
        {(hidden > 0 || showShort) && (
          <label className="runs-short">
            <input
              type="checkbox"
              checked={showShort}
              onChange={(e) => setShowShort(e.currentTarget.checked)}
            />
            Show runs of 0–1 steps{hidden > 0 ? ` (${hidden} hidden)` : ''}
          </label>
        )}
        <span
          className={`runs-status${status?.error ? ' error' : ''}`}
          role={status?.error ? 'alert' : 'status'}
          data-testid="runs-status"
        >
          {status?.text}
        </span>
      </div>
      <RunCompare runs={runs} selected={selected} />
      <RunsTable
        listed={listed}
        layers={layers}
        selected={selected}
        isCurrent={isCurrent}
        onStatus={setStatus}
      />
    </dialog>
  );
}
