/*
 * The messages between the page and the trainability worker. The settings are validated on the
 * page and again where they enter the worker (src/model/trainability/settings.ts). Whether
 * WebGPU runs in a worker here is asked of a small worker of its own (gpuProbeWorker.ts).
 */
import type { DepthFit, TrainabilityRow } from '../model/trainability/study';
import type { TrainabilitySettings } from '../model/trainability/settings';
import type { StudyCommand, StudyEnd } from './studyCommands';

export type TrainabilityCommand = StudyCommand<TrainabilitySettings>;

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
  | StudyEnd;
