/*
 * The Trainability view's state: the settings in the form, the study's rows and fits as they
 * arrive from the worker, its progress and status, and any refusal of the settings.
 */
import { createStore } from 'zustand/vanilla';
import { DEFAULT_SETTINGS, type TrainabilitySettings } from '../../model/trainability/settings';
import type { DepthFit, TrainabilityRow } from '../../model/trainability/study';
import type { GpuReport } from '../../sim/trainability/webgpu/gpuDevice';

export type TrainabilityStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

export interface TrainabilityState {
  readonly settings: TrainabilitySettings;
  /** The settings of the study whose rows are shown. */
  readonly shown: TrainabilitySettings | null;
  readonly status: TrainabilityStatus;
  readonly progress: number;
  readonly rows: readonly TrainabilityRow[];
  readonly fits: readonly DepthFit[];
  /** Why the settings were refused, or what failed. */
  readonly errors: readonly string[];
  readonly seconds: number | null;
  /** The threads the study's samples run on (null before its first progress), and why one. */
  readonly threads: 1 | 2 | null;
  readonly threadNote: string;
  /** Whether WebGPU runs in the study's worker (null until it answers). */
  readonly gpu: GpuReport | null;
}

export function createTrainabilityStore(settings: TrainabilitySettings = DEFAULT_SETTINGS) {
  return createStore<TrainabilityState>(() => ({
    settings,
    shown: null,
    status: 'idle',
    progress: 0,
    rows: [],
    fits: [],
    errors: [],
    seconds: null,
    threads: null,
    threadNote: '',
    gpu: null,
  }));
}

export type TrainabilityStore = ReturnType<typeof createTrainabilityStore>;
