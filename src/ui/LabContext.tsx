import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { ConfigState } from '../state/configStore';
import type { LabController } from '../state/controller';
import type { LabState } from '../state/labStore';

/** The one controller of the page, handed down instead of imported, so tests can supply theirs. */
export const LabContext = createContext<LabController | null>(null);

export function useController(): LabController {
  const controller = useContext(LabContext);
  if (!controller) throw new Error('useController: no LabContext.Provider above this component');
  return controller;
}

/**
 * A slice of the training state, as drawn (throttled); re-renders only when the slice changes.
 * Actions and scripts use `controller.lab`, which is always current.
 */
export function useLab<T>(select: (state: LabState) => T): T {
  return useStore(useController().view, select);
}

/**
 * A value read from the run recorder. The recorder is mutated in place, so the store cannot see
 * its changes; every change bumps `revision`, which makes zustand run the selector again. The
 * selector must return what changes with the recording (a primitive, a key, or the latest step's
 * own object): a value kept by reference would hide new steps.
 */
export function useRecorded<T>(select: (state: LabState) => T): T {
  return useLab(select);
}

/** A slice of the configuration state. */
export function useConfig<T>(select: (state: ConfigState) => T): T {
  return useStore(useController().config, select);
}
