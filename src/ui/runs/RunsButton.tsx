import { useEffect, useRef, useState } from 'react';
import { useArchive } from './RunArchiveContext';
import { RunsDialog } from './RunsDialog';
import { listedRuns } from './runSummary';
import './runs.css';

/** The header's way into the runs: how many are kept, and the dialog to compare them. */
export function RunsButton() {
  // Fragments of quick edits are not counted: the list leaves them out unless asked.
  const count = useArchive((s) => listedRuns(s.runs, false, []).listed.length);
  const memory = useArchive((s) => s.storage === 'memory');
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  // The dialog leaves the page when it closes, so the browser cannot hand focus back itself;
  // and while it is open the page behind it is inert, so focus returns once it has gone.
  useEffect(() => {
    if (open) wasOpen.current = true;
    else if (wasOpen.current) {
      wasOpen.current = false;
      button.current?.focus();
    }
  }, [open]);
  return (
    <>
      <button
        type="button"
        ref={button}
        className="runs-button"
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
        title={memory ? 'Runs are kept in memory only' : 'Runs are saved in this browser'}
      >
        Compare runs <span className="runs-count">{count}</span>
        {memory && <span aria-label="not saved"> ⚠</span>}
      </button>
      {open && <RunsDialog onClose={() => setOpen(false)} />}
    </>
  );
}
