import type { EngineEvent } from './protocol';
import { RunRecorder, type RunRecord } from './runRecord';
import { TrainingEngine, type EngineHost } from './trainingEngine';

/**
 * Drives the engine in Node the way the page drives the worker: configure, then play or step,
 * and wait for the run to end. Used by the CLI and the tests, so they exercise the same protocol.
 */
export async function runInNode(
  host: EngineHost,
  configText: string,
  options: { steps?: number; onEvent?: (event: EngineEvent) => void } = {},
): Promise<RunRecord> {
  const recorder = new RunRecorder();
  let settle: (() => void) | null = null;
  const ended = new Promise<void>((resolve) => (settle = resolve));
  let failure: string | null = null;
  const engine = new TrainingEngine(
    {
      post(event) {
        recorder.apply(event);
        options.onEvent?.(event);
        // Neither starts a run (a data error comes before the run event): the caller gets the
        // message, which says what to fix, rather than "the engine produced no run".
        if (event.type === 'error' && ['invalid-config', 'data'].includes(event.error.kind)) {
          failure = event.error.message;
          settle?.();
        }
        if (event.type === 'state' && ['done', 'error'].includes(event.state)) settle?.();
        if (event.type === 'state' && event.state === 'paused' && options.steps !== undefined) {
          const run = recorder.latest();
          if (run && run.steps.length >= options.steps) settle?.();
        }
      },
    },
    host,
  );
  engine.handle({ type: 'configure', config: configText });
  engine.handle(
    options.steps === undefined ? { type: 'play' } : { type: 'step', count: options.steps },
  );
  await ended;
  engine.handle({ type: 'stop' });
  await engine.finished;
  if (failure) throw new Error(failure);
  const record = recorder.latest();
  if (!record) throw new Error('the engine produced no run');
  return record;
}
