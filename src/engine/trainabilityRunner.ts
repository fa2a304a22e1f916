/*
 * Runs a trainability study in slices: chunks of samples until about `sliceMs` has passed, then
 * a progress message and a yield, so a cancel (or any message) is read between slices. The
 * worker wires it to postMessage; tests call it directly in Node.
 */
import { validateSettings } from '../model/trainability/settings';
import { TrainabilityStudy, type TrainabilityRow } from '../model/trainability/study';
import type { TrainabilitySettings } from '../model/trainability/settings';
import { studyCommands } from './studyCommands';
import type { TrainabilityEvent } from './trainabilityProtocol';

export interface TrainabilityRunnerHost {
  post(event: TrainabilityEvent): void;
  /** Lets queued messages in (a macrotask in the worker). */
  yieldNow(): Promise<void>;
  now(): number;
}

export function createTrainabilityRunner(host: TrainabilityRunnerHost, sliceMs = 100) {
  async function run(id: number, raw: unknown, stopped: () => boolean): Promise<void> {
    const checked = validateSettings((raw ?? {}) as Parameters<typeof validateSettings>[0]);
    if (!checked.ok) {
      host.post({ type: 'error', id, message: checked.errors.join('; ') });
      return;
    }
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
      if (stopped()) {
        host.post({ type: 'cancelled', id });
        return;
      }
    }
    host.post({ type: 'done', id, seconds: (host.now() - started) / 1000 });
  }

  return studyCommands<TrainabilitySettings>(run, host.post);
}
