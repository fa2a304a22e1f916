import { useExplore, useExploreController } from './ExploreContext';

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

/** Runs done of all, the workers, the time left, and pause / resume / cancel. */
export function ExploreProgress() {
  const explore = useExploreController();
  const status = useExplore((s) => s.status);
  const progress = useExplore((s) => s.progress);
  const workers = useExplore((s) => s.workers);
  const results = useExplore((s) => s.results);
  const saveProblem = useExplore((s) => s.saveProblem);
  if (!progress || status === 'idle') return null;
  // A failed run counts as done but not as a result: the summary says how many, and why.
  const failures = results.filter((r) => r.error !== null);
  const allFailed = status === 'done' && failures.length > 0 && failures.length === progress.done;
  const fraction = progress.total === 0 ? 0 : progress.done / progress.total;
  const left = allFailed
    ? `every run failed, in ${duration(progress.elapsedMs)}`
    : status === 'done'
      ? `finished in ${duration(progress.elapsedMs)}`
      : status === 'cancelled'
        ? 'cancelled'
        : progress.remainingMs === null
          ? 'estimating the time left…'
          : `about ${duration(progress.remainingMs)} left`;
  return (
    <div
      className="explore-progress"
      data-testid="explore-progress"
      data-status={allFailed ? 'failed' : status}
      data-failed={failures.length}
    >
      <progress value={progress.done} max={progress.total} aria-label="Sweep progress" />
      <span>
        {progress.done} / {progress.total} runs ({Math.round(fraction * 100)}%) on {workers} worker
        {workers === 1 ? '' : 's'}
        {saveProblem && (
          <span className="explore-failure" role="alert" data-testid="explore-save-problem">
            {saveProblem}
          </span>
        )}
        {failures.length > 0 && (
          <strong className="explore-failed"> · {failures.length} failed</strong>
        )}{' '}
        · {left}
      </span>
      {failures.length > 0 && (
        <span className="explore-failure" role="alert" data-testid="explore-failure">
          Failed (seed {failures[0].seed}): {failures[0].error}
        </span>
      )}
      {status === 'running' && (
        <button type="button" onClick={() => explore.pause()}>
          Pause
        </button>
      )}
      {status === 'paused' && (
        <button type="button" onClick={() => explore.resume()}>
          Resume
        </button>
      )}
      {(status === 'running' || status === 'paused') && (
        <button type="button" onClick={() => explore.cancel()}>
          Cancel
        </button>
      )}
    </div>
  );
}
