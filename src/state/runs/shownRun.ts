/*
 * Which run's numbers belong to the configuration the page shows. After an edit the page shows
 * the new configuration at once, while the engine is still building its run: until that run
 * exists, the current run is the previous configuration's, and its gradient norms must not be
 * drawn on the new architecture (nor compared with its prediction).
 */
import type { RunRecord } from '../../engine/runRecord';
import { currentRun, type LabState } from '../labStore';

/** The current run when it runs `configText`; null while the engine has not started that run. */
export function shownRun(state: LabState, configText: string): RunRecord | null {
  const run = currentRun(state);
  return run && run.config === configText ? run : null;
}

export const RESTARTED_NOTE = 'Restarted: configuration changed';

/**
 * Says that an edit restarted the run, until the new run has produced a step: the page shows a
 * configuration whose run has not begun yet, or the current run has no steps and follows a run
 * of another configuration that had some.
 */
export function restartNote(state: LabState, configText: string): string | null {
  const run = currentRun(state);
  if (!run) return null;
  if (run.config !== configText) return run.steps.length > 0 ? RESTARTED_NOTE : null;
  if (run.steps.length > 0) return null;
  const earlier = [...state.recorder.runs.values()].filter((r) => r.runId < run.runId);
  const previous = earlier[earlier.length - 1];
  return previous && previous.steps.length > 0 && previous.config !== run.config
    ? RESTARTED_NOTE
    : null;
}
