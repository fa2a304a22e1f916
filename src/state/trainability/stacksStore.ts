/*
 * The deep-stack panel's state: whether it is the Trainability view's open panel, the settings
 * in its form, the study's rows and norms as they arrive from the worker, progress and status,
 * and any refusal of the settings.
 */
import { createStore } from 'zustand/vanilla';
import { DEFAULT_STACK_SETTINGS, type StackSettings } from '../../model/trainability/stackSettings';
import type { StackRow } from '../../model/trainability/stackStudy';
import type { TrainabilityStatus } from './trainabilityStore';

export interface StacksState {
  readonly open: boolean;
  readonly settings: StackSettings;
  /** The settings of the study whose rows are shown. */
  readonly shown: StackSettings | null;
  readonly status: TrainabilityStatus;
  readonly progress: number;
  readonly rows: readonly StackRow[];
  /** norms[stack][layer − 1][sample]. */
  readonly norms: readonly (readonly (readonly number[])[])[];
  readonly errors: readonly string[];
  readonly seconds: number | null;
}

export function createStacksStore(settings: StackSettings = DEFAULT_STACK_SETTINGS, open = false) {
  return createStore<StacksState>(() => ({
    open,
    settings,
    shown: null,
    status: 'idle',
    progress: 0,
    rows: [],
    norms: [],
    errors: [],
    seconds: null,
  }));
}

export type StacksStore = ReturnType<typeof createStacksStore>;
