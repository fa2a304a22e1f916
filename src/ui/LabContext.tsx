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

/** A slice of the configuration state. */
export function useConfig<T>(select: (state: ConfigState) => T): T {
  return useStore(useController().config, select);
}
