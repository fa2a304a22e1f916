/*
 * The Explore view's runners: training workers of the app's own kind (src/engine/worker.ts), one
 * per core, each running whole configurations: configure, play, and wait for the run's end. The
 * page's single-run worker is not one of them, so the single-run view stays as it was.
 */
import { RunRecorder, type RunRecord } from '../../engine/runRecord';
import type { PairRunner } from '../../engine/sweepRunner';
import type { WorkerOptions } from '../../engine/worker';
import { createEngineClient, createTrainingWorker, type WorkerFactory } from '../engineClient';

export interface WorkerPool {
  readonly runners: PairRunner[];
  dispose(): void;
}

/** As many workers as the machine reports cores (at least one). */
export function poolSize(
  cores: number | undefined = globalThis.navigator?.hardwareConcurrency,
): number {
  return Math.max(1, Math.floor(cores ?? 1));
}

export function createWorkerPool(
  options: WorkerOptions,
  size: number,
  factory: WorkerFactory = createTrainingWorker,
): WorkerPool {
  const disposers: (() => void)[] = [];
  const runners = Array.from({ length: size }, (): PairRunner => {
    const recorder = new RunRecorder();
    let waiting: { resolve(r: RunRecord): void; reject(e: Error): void; after: number } | null =
      null;
    let lastRun = 0;
    const client = createEngineClient(
      options,
      {
        onEvent(event) {
          const record = recorder.apply(event);
          if (event.type === 'run') lastRun = event.runId;
          if (!waiting) return;
          if (event.type === 'error' && ['invalid-config', 'data'].includes(event.error.kind)) {
            waiting.reject(new Error(event.error.message));
            waiting = null;
            return;
          }
          if (
            event.type === 'state' &&
            (event.state === 'done' || event.state === 'error') &&
            event.runId > waiting.after &&
            record
          ) {
            recorder.runs.delete(event.runId); // keep only the run in flight
            waiting.resolve(record);
            waiting = null;
          }
        },
        onCrash(message) {
          const said = message.startsWith('the training worker');
          waiting?.reject(new Error(said ? message : `the training worker crashed (${message})`));
          waiting = null;
        },
      },
      factory,
    );
    disposers.push(() => client.dispose());
    return (config) =>
      new Promise<RunRecord>((resolve, reject) => {
        waiting = { resolve, reject, after: lastRun };
        client.send({ type: 'configure', config });
        client.send({ type: 'play' });
      });
  });
  return { runners, dispose: () => disposers.forEach((d) => d()) };
}
