import { createStore } from 'zustand/vanilla';
import type { ExperimentConfig } from '../model/config/config';

/**
 * The configuration the page shows and edits. Only validated configurations enter: the UI's
 * edits, the URL and `window.resqunnLab.configure` all pass validateConfig first (through the
 * controller), so components can trust what they read here.
 */
export interface ConfigState {
  readonly config: ExperimentConfig;
  /** Its compact text form, as in the URL and the engine's `configure` command. */
  readonly text: string;
  /**
   * Why the page's link could not be used in full, shown once as a banner with the link as it
   * came (the query part), to copy; null when it could.
   */
  readonly linkProblem: LinkProblem | null;
  /**
   * Fields that hold a value the validator refused, by label, with the reason. The run keeps the
   * last valid configuration meanwhile, so Play waits until these are fixed or undone.
   */
  readonly refusedFields: Readonly<Record<string, string>>;
}

export interface LinkProblem {
  readonly message: string;
  readonly link: string;
}

export function createConfigStore(
  config: ExperimentConfig,
  text: string,
  linkProblem: LinkProblem | null,
) {
  return createStore<ConfigState>(() => ({ config, text, linkProblem, refusedFields: {} }));
}

export type ConfigStore = ReturnType<typeof createConfigStore>;
