/*
 * Runs a trainability study in slices: chunks of samples until about `sliceMs` has passed, then
 * a progress message and a yield, so a cancel (or any message) is read between slices. The
 * worker wires it to postMessage; tests call it directly in Node. With a second thread the study
 * gives it half of every case's samples (its numbers do not change); a stopped study lets go of
 * that thread's work at once. On the WebGPU backend the samples run on the host's GPU device
 * instead (one chunk per step, read back once each), after the settings are checked again
 * against that device's limits.
 */
import {
  DEFAULT_MEMORY_BYTES,
  validateSettings,
  type TrainabilitySettings,
} from '../model/trainability/settings';
import {
  TrainabilityStudy,
  type SamplerFactory,
  type TrainabilityRow,
} from '../model/trainability/study';
import type { HelperLease } from '../sim/trainability/sampleHelper';
import { errorText } from '../util/errorText';
import type { GpuHandle } from '../sim/trainability/webgpu/gpuDevice';
import { WebgpuSampler } from '../sim/trainability/webgpu/webgpuSampler';
import { studyCommands } from './studyCommands';
import type { TrainabilityEvent } from './trainabilityProtocol';

/** Why a host without `webgpu` (Node: the CLI, tests) cannot run the WebGPU backend. */
export const NO_WEBGPU_HERE =
  "backend 'webgpu' needs WebGPU, which this runtime lacks (Node has no WebGPU): choose the CPU backend";

export interface TrainabilityRunnerHost {
  post(event: TrainabilityEvent): void;
  /** Lets queued messages in (a macrotask in the worker). */
  yieldNow(): Promise<void>;
  now(): number;
  /** A second thread for a study's samples, or one thread and why; absent: one thread. */
  secondThread?(): Promise<HelperLease>;
  /** A working GPU device; rejects with why there is none. Absent: no WebGPU here. */
  webgpu?(): Promise<GpuHandle>;
}

export function createTrainabilityRunner(host: TrainabilityRunnerHost, sliceMs = 100) {
  type Raw = Parameters<typeof validateSettings>[0];

  /** The GPU device and the sampler factory for a WebGPU study, or the error to report. */
  async function gpuSamplers(
    raw: Raw,
  ): Promise<{ factory: SamplerFactory; release: () => void; note: string } | string> {
    if (!host.webgpu) return NO_WEBGPU_HERE;
    let gpu: GpuHandle;
    try {
      gpu = await host.webgpu();
    } catch (e) {
      return `WebGPU: ${errorText(e)}`;
    }
    const checked = validateSettings(raw, DEFAULT_MEMORY_BYTES, gpu.limits);
    if (!checked.ok) return checked.errors.join('; ');
    // one case's buffers at a time: the study makes a sampler per case
    let last: WebgpuSampler | null = null;
    return {
      factory: (spec, samples) => {
        last?.destroy();
        last = new WebgpuSampler(gpu, spec, samples);
        return last;
      },
      release: () => last?.destroy(),
      note: `samples on WebGPU, ${gpu.description}`,
    };
  }

  async function run(id: number, raw: unknown, stopped: () => boolean): Promise<void> {
    const checked = validateSettings((raw ?? {}) as Raw);
    if (!checked.ok) {
      host.post({ type: 'error', id, message: checked.errors.join('; ') });
      return;
    }
    // the study's time includes its device's or second thread's start, the first time there is one
    const started = host.now();
    const onGpu = checked.settings.backend === 'webgpu' ? await gpuSamplers(raw as Raw) : null;
    if (typeof onGpu === 'string') {
      host.post({ type: 'error', id, message: onGpu });
      return;
    }
    const lease = onGpu ? null : ((await host.secondThread?.()) ?? null);
    const study = new TrainabilityStudy(checked.settings, lease?.run ?? null, onGpu?.factory);
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
          threadNote: onGpu?.note ?? (study.note || (lease?.note ?? '')),
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
      onGpu?.release();
    }
    host.post({ type: 'done', id, seconds: (host.now() - started) / 1000 });
  }

  return studyCommands<TrainabilitySettings>(run, host.post);
}
