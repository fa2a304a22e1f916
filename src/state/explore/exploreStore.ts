/*
 * The Explore view's state: which view is open, the sweep's plan and the results that have
 * arrived, and its progress. Rows are derived from plan + results (src/model/sweepRows.ts) where
 * they are drawn, so there is one source of truth for what a row says.
 */
import { createStore } from 'zustand/vanilla';
import type { SweepProgress } from '../../engine/sweepRunner';
import type { SweepPlan } from '../../model/sweep/sweepPlan';
import type { PairResult } from '../../model/sweep/sweepRows';

export type ExploreStatus = 'idle' | 'running' | 'paused' | 'done' | 'cancelled';

export interface ExploreState {
  /** Which view the page shows: the single run or the Explore view. */
  readonly view: 'single' | 'explore' | 'trainability';
  readonly status: ExploreStatus;
  readonly plan: SweepPlan | null;
  readonly results: readonly PairResult[];
  readonly progress: SweepProgress | null;
  readonly workers: number;
  /** Why the last start was refused; null otherwise. */
  readonly problem: string | null;
  /** Restored from storage rather than run in this page. */
  readonly restored: boolean;
  /** Why the sweep's results are not being saved (storage full or blocked); null while they are. */
  readonly saveProblem: string | null;
}

export function createExploreStore(view: ExploreState['view'] = 'single') {
  return createStore<ExploreState>(() => ({
    view,
    status: 'idle',
    plan: null,
    results: [],
    progress: null,
    workers: 0,
    problem: null,
    restored: false,
    saveProblem: null,
  }));
}

export type ExploreStore = ReturnType<typeof createExploreStore>;
