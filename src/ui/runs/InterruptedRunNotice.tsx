import { useController } from '../LabContext';
import { useArchive, useRunArchive } from './RunArchiveContext';
import { interruptedText, summarise } from './runSummary';
import '../Notices.css';
import { DismissButton } from '../DismissButton';

/**
 * After a reload that cut a run short: says so, and offers to resume it (from its last checkpoint,
 * the steps after it trained again: training is deterministic, so it picks up where it was) or to
 * reopen it from step 0. The cut run itself stays in Compare, marked.
 */
export function InterruptedRunNotice() {
  const archive = useRunArchive();
  const controller = useController();
  const key = useArchive((s) => s.reopen);
  const run = useArchive((s) => s.runs.find((r) => r.key === s.reopen));
  if (!key || !run) return null;
  const name = `${summarise(run.record).name} #${run.number}`;
  const reached = run.record.steps.at(-1)?.step ?? 0;
  const reopen = (resume: boolean) => {
    archive.dismissReopen();
    // From the run's checkpoint where it has one, the rest replayed from the seed (deterministic).
    if (resume) controller.resume(run.record);
    else controller.configure(run.record.config);
  };
  return (
    <div role="alert" className="notice notice-backend" data-testid="interrupted-run-notice">
      <strong>Run interrupted.</strong>{' '}
      <span>
        {name} was {interruptedText(run.record)} when the page closed; its steps are kept in Compare
        runs, marked.
      </span>
      <button type="button" onClick={() => reopen(true)}>
        Resume to step {reached}
      </button>
      <button type="button" onClick={() => reopen(false)}>
        Reopen from step 0
      </button>
      <DismissButton what="Run interrupted" onDismiss={() => archive.dismissReopen()} />
    </div>
  );
}
