import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { TrainabilityController } from '../../state/trainability/trainabilityController';
import type { TrainabilityState } from '../../state/trainability/trainabilityStore';

/** The page's Trainability controller (tests can supply theirs). */
export const TrainabilityContext = createContext<TrainabilityController | null>(null);

export function useTrainabilityController(): TrainabilityController {
  const c = useContext(TrainabilityContext);
  if (!c)
    throw new Error(
      'useTrainabilityController: no TrainabilityContext.Provider above this component',
    );
  return c;
}

export function useTrainability<T>(select: (s: TrainabilityState) => T): T {
  return useStore(useTrainabilityController().store, select);
}
