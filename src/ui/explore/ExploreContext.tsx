import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { ExploreController } from '../../state/explore/exploreController';
import type { ExploreState } from '../../state/explore/exploreStore';

/** The page's Explore controller, handed down like the lab's (tests can supply theirs). */
export const ExploreContext = createContext<ExploreController | null>(null);

export function useExploreController(): ExploreController {
  const c = useContext(ExploreContext);
  if (!c) throw new Error('useExploreController: no ExploreContext.Provider above this component');
  return c;
}

export function useExplore<T>(select: (s: ExploreState) => T): T {
  return useStore(useExploreController().store, select);
}
