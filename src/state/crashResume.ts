/*
 * What the page does when its training worker dies mid-run: a fresh worker continues the run
 * from its last step (ResumePoint in src/engine/protocol.ts: replayed from the seed, or later from
 * a checkpoint), keeping every step once, and the notice says what really happened. A run that
 * cannot be continued (none yet, a newer configuration still on its way, an error) is started
 * again and kept apart, as before.
 */
import type { ResumePoint, RunState } from '../engine/protocol';
import { currentRun, type LabState } from './labStore';

export interface PendingResume {
  readonly point: ResumePoint;
  /** The crash notice's identity, to rewrite once the replay is done. */
  readonly noticeAt: number;
  /** The notice's words once the resumed run reaches `state`. */
  doneText(state: RunState): string;
}

export type CrashPlan =
  | { readonly kind: 'restart'; readonly notice: string }
  | {
      readonly kind: 'resume';
      readonly config: string;
      readonly notice: string;
      readonly pending: Omit<PendingResume, 'noticeAt'>;
    };

/**
 * `previous`: a resume already under way when this crash came (the new worker died replaying):
 * its intent to train on is kept, since the run's state then says 'loading'.
 */
export function crashResume(
  state: LabState,
  configText: string,
  message: string,
  silent: boolean,
  previous: PendingResume | null,
): CrashPlan {
  const what = silent ? 'stopped' : 'crashed';
  const run = currentRun(state);
  const reached = run?.steps.at(-1)?.step ?? 0;
  const newerAsked = state.requestedTag > state.answeredTag;
  if (!run || reached === 0 || newerAsked || run.config !== configText || run.state === 'error') {
    return {
      kind: 'restart',
      notice: `The training worker ${what} (${message}); a new one started your configuration from step 0, and the metrics so far are kept.`,
    };
  }
  const play =
    previous?.point.runId === run.runId ? previous.point.play : state.runState === 'training';
  const head = `The training worker ${what} at step ${reached} (${message}); a new one`;
  return {
    kind: 'resume',
    config: run.config,
    notice: `${head} is replaying the run to step ${reached}…`,
    pending: {
      point: { runId: run.runId, step: reached, play },
      doneText: (s) => {
        if (s === 'error')
          return `${head} could not replay the run to step ${reached} (see below).`;
        if (s === 'done') return `${head} replayed to step ${reached}; the run is done.`;
        if (s === 'training') return `${head} replayed to step ${reached} and training continues.`;
        return `${head} replayed to step ${reached}; the run waits, paused, there.`;
      },
    },
  };
}
