/*
 * What the page does when its training worker dies mid-run: a fresh worker continues the run
 * from its last step (ResumePoint in src/engine/protocol.ts: replayed from the run's latest
 * checkpoint, or from the seed when it has none), keeping every step once, and the notice says what really happened. A run that
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
  // The run's latest checkpoint saves replaying the steps before it (the same numbers either way).
  const checkpoint =
    run.checkpoint && run.checkpoint.config === run.config && run.checkpoint.step <= reached
      ? run.checkpoint
      : undefined;
  const from = checkpoint ? ` from the run's checkpoint at step ${checkpoint.step}` : '';
  return {
    kind: 'resume',
    config: run.config,
    notice: `${head} is replaying the run to step ${reached}${from}…`,
    pending: {
      point: { runId: run.runId, step: reached, play, ...(checkpoint && { checkpoint }) },
      doneText: (s) => {
        if (s === 'error')
          return `${head} could not replay the run to step ${reached}${from} (see below).`;
        const replayed = `${head} replayed to step ${reached}${from}`;
        if (s === 'done') return `${replayed}; the run is done.`;
        if (s === 'training') return `${replayed} and training continues.`;
        return `${replayed}; the run waits, paused, there.`;
      },
    },
  };
}
