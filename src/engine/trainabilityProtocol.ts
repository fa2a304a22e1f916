/*
 * The messages between the page and the trainability worker. The settings are validated on the
 * page and again where they enter the worker (src/model/trainability/settings.ts). Besides the
 * studies' run and cancel, the page asks once whether WebGPU runs in the worker (`probe`), and
 * the answer (`gpu`) decides whether the form offers the WebGPU backend.
 */
import type { DepthFit, TrainabilityRow } from '../model/trainability/study';
import type { TrainabilitySettings } from '../model/trainability/settings';
import type { GpuReport } from '../sim/trainability/webgpu/gpuDevice';
import type { StudyCommand, StudyEnd } from './studyCommands';

export type TrainabilityCommand =
  StudyCommand<TrainabilitySettings> | { readonly type: 'probe'; readonly id: number };

export type TrainabilityEvent =
  /** A slice of work ended: the rows finished in it (maybe none), every fit so far, progress 0–1. */
  | {
      readonly type: 'progress';
      readonly id: number;
      readonly rows: readonly TrainabilityRow[];
      readonly fits: readonly DepthFit[];
      readonly progress: number;
      /** The threads the samples run on, and why one where the page could have two. */
      readonly threads: 1 | 2;
      readonly threadNote: string;
    }
  /** The answer to a probe: whether WebGPU runs here, with its limits, or why not. */
  | { readonly type: 'gpu'; readonly id: number; readonly report: GpuReport }
  | StudyEnd;
