import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { StacksController } from '../../state/trainability/stacksController';
import type { StacksState } from '../../state/trainability/stacksStore';

/** The page's deep-stack controller (tests can supply theirs). */
export const StacksContext = createContext<StacksController | null>(null);

export function useStacksController(): StacksController {
  const c = useContext(StacksContext);
  if (!c) throw new Error('useStacksController: no StacksContext.Provider above this component');
  return c;
}

export function useStacks<T>(select: (s: StacksState) => T): T {
  return useStore(useStacksController().store, select);
}
