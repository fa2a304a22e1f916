import { useState } from 'react';
import { useRunArchive } from './RunArchiveContext';
import type { ReportStatus } from './runsStatus';

/** Deletes every saved run from this browser, once the user confirms. */
export function ClearSavedRuns({
  disabled,
  onStatus,
}: {
  disabled: boolean;
  onStatus: ReportStatus;
}) {
  const archive = useRunArchive();
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" onClick={() => setConfirming(true)} disabled={disabled}>
        Clear saved runs
      </button>
    );
  }
  return (
    <span className="runs-confirm">
      Delete every saved run from this browser?
      <button
        type="button"
        className="danger"
        onClick={() => {
          setConfirming(false);
          void archive
            .clearSaved()
            .then(() => onStatus({ text: 'Saved runs cleared.', error: false }));
        }}
      >
        Delete saved runs
      </button>
      <button type="button" onClick={() => setConfirming(false)}>
        Keep them
      </button>
    </span>
  );
}
