/*
 * Runs a trainability study in slices: chunks of samples until about `sliceMs` has passed, then
 * a progress message and a yield, so a cancel (or any message) is read between slices. The
 * worker wires it to postMessage; tests call it directly in Node. With a second thread the study
 * gives it half of every case's samples (its numbers do not change); a stopped study lets go of
 * that thread's work at once.
 */
import { validateSettings } from '../model/trainability/settings';
import { TrainabilityStudy, type TrainabilityRow } from '../model/trainability/study';
import type { HelperLease } from '../sim/trainability/sampleHelper';
import type { TrainabilitySettings } from '../model/trainability/settings';
import { studyCommands } from './studyCommands';
import type { TrainabilityEvent } from './trainabilityProtocol';

export interface TrainabilityRunnerHost {
  post(event: TrainabilityEvent): void;
  /** Lets queued messages in (a macrotask in the worker). */
  yieldNow(): Promise<void>;
  now(): number;
  /** A second thread for a study's samples, or one thread and why; absent: one thread. */
  secondThread?(): Promise<HelperLease>;
}

export function createTrainabilityRunner(host: TrainabilityRunnerHost, sliceMs = 100) {
  async function run(id: number, raw: unknown, stopped: () => boolean): Promise<void> {
    const checked = validateSettings((raw ?? {}) as Parameters<typeof validateSettings>[0]);
    if (!checked.ok) {
      host.post({ type: 'error', id, message: checked.errors.join('; ') });
      return;
    }
    // the study's time includes its second thread's start, the first time there is one
    const started = host.now();
    const lease = (await host.secondThread?.()) ?? null;
    const study = new TrainabilityStudy(checked.settings, lease?.run ?? null);
    try {
      while (!study.done) {
        const rows: TrainabilityRow[] = [];
        const sliceStart = host.now();
        do {
          const row = await study.step(host.now);
          if (row) rows.push(row);
        } while (!study.done && !stopped() && host.now() - sliceStart < sliceMs);
        host.post({
          type: 'progress',
          id,
          rows,
          fits: study.fits,
          progress: study.progress,
          threads: study.threads,
          threadNote: study.note || (lease?.note ?? ''),
        });
        await host.yieldNow();
        if (stopped()) {
          host.post({ type: 'cancelled', id });
          return;
        }
      }
    } catch (e) {
      // a newer study took the second thread while this one waited for it
      if (stopped()) return host.post({ type: 'cancelled', id });
      throw e;
    } finally {
      lease?.release();
    }
    host.post({ type: 'done', id, seconds: (host.now() - started) / 1000 });
  }

  return studyCommands<TrainabilitySettings>(run, host.post);
}
