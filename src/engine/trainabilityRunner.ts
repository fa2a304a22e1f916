/*
 * Runs a trainability study in slices: chunks of samples until about `sliceMs` has passed, then
 * a progress message and a yield, so a cancel (or any message) is read between slices. The
 * worker wires it to postMessage; tests call it directly in Node.
 */
import { validateSettings } from '../model/trainability/settings';
import { TrainabilityStudy, type TrainabilityRow } from '../model/trainability/study';
import type { TrainabilityCommand, TrainabilityEvent } from './trainabilityProtocol';

export interface TrainabilityRunnerHost {
  post(event: TrainabilityEvent): void;
  /** Lets queued messages in (a macrotask in the worker). */
  yieldNow(): Promise<void>;
  now(): number;
}

export function createTrainabilityRunner(host: TrainabilityRunnerHost, sliceMs = 100) {
  let current = 0;
  const cancelled = new Set<number>();

  async function run(id: number, raw: unknown): Promise<void> {
    const checked = validateSettings((raw ?? {}) as Parameters<typeof validateSettings>[0]);
    if (!checked.ok) {
      host.post({ type: 'error', id, message: checked.errors.join('; ') });
      return;
    }
    current = id;
    const study = new TrainabilityStudy(checked.settings);
    const started = host.now();
    while (!study.done) {
      const rows: TrainabilityRow[] = [];
      const sliceStart = host.now();
      do {
        const row = study.step(host.now);
        if (row) rows.push(row);
      } while (!study.done && host.now() - sliceStart < sliceMs);
      host.post({ type: 'progress', id, rows, fits: study.fits, progress: study.progress });
      await host.yieldNow();
      if (cancelled.has(id) || current !== id) {
        host.post({ type: 'cancelled', id });
        return;
      }
    }
    host.post({ type: 'done', id, seconds: (host.now() - started) / 1000 });
  }

  return {
    handle(command: TrainabilityCommand): Promise<void> {
      if (command.type === 'cancel') {
        cancelled.add(command.id);
        return Promise.resolve();
      }
      return run(command.id, command.settings).catch((e: unknown) => {
        host.post({
          type: 'error',
          id: command.id,
          message: e instanceof Error ? e.message : String(e),
        });
      });
    },
  };
}
