import { createStore } from 'zustand/vanilla';
import type { ExperimentConfig } from '../model/config';

/**
 * The configuration the page shows and edits. Only validated configurations enter: the UI's
 * edits, the URL and `window.resqunnLab.configure` all pass validateConfig first (through the
 * controller), so components can trust what they read here.
 */
export interface ConfigState {
  readonly config: ExperimentConfig;
  /** Its compact text form, as in the URL and the engine's `configure` command. */
  readonly text: string;
  /** Why the page's link could not be used, shown once as a banner; null when it could. */
  readonly linkProblem: string | null;
}

export function createConfigStore(
  config: ExperimentConfig,
  text: string,
  linkProblem: string | null,
) {
  return createStore<ConfigState>(() => ({ config, text, linkProblem }));
}

export type ConfigStore = ReturnType<typeof createConfigStore>;
