import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { RunArchive, RunArchiveState } from '../../state/runs/runArchive';

/** The page's run archive (created beside the controller in main.tsx). */
export const RunArchiveContext = createContext<RunArchive | null>(null);

export function useRunArchive(): RunArchive {
  const archive = useContext(RunArchiveContext);
  if (!archive)
    throw new Error('useRunArchive: no RunArchiveContext.Provider above this component');
  return archive;
}

export function useArchive<T>(select: (state: RunArchiveState) => T): T {
  return useStore(useRunArchive().store, select);
}
