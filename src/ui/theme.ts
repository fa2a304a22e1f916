/*
 * The page's colour scheme: the system's (auto) unless a light or dark one was picked on the
 * page, for a projector whose room the system cannot know. The pick is kept in localStorage and
 * put on <html data-theme>, which tokens.ts's rules and global.css read.
 */

import { createStore } from 'zustand/vanilla';

export type ThemeChoice = 'auto' | 'light' | 'dark';

/** The storage key of the pick; index.html's first-paint script reads it too. */
export const THEME_KEY = 'resqunn-theme';
export const THEME_ORDER: readonly ThemeChoice[] = ['auto', 'light', 'dark'];

export function savedTheme(storage: Pick<Storage, 'getItem'> | null = safeStorage()): ThemeChoice {
  const value = storage?.getItem(THEME_KEY);
  return value === 'light' || value === 'dark' ? value : 'auto';
}

/** Puts `choice` on the document and keeps it for the next visit. */
export function applyTheme(
  choice: ThemeChoice,
  root: HTMLElement = document.documentElement,
  storage: Pick<Storage, 'setItem' | 'removeItem'> | null = safeStorage(),
): void {
  if (choice === 'auto') delete root.dataset.theme;
  else root.dataset.theme = choice;
  try {
    if (choice === 'auto') storage?.removeItem(THEME_KEY);
    else storage?.setItem(THEME_KEY, choice);
  } catch {
    // Storage full or refused: the pick lasts for this page only.
  }
}

/** The choice after `choice`, in the switch's order (auto → light → dark → auto). */
export function nextTheme(choice: ThemeChoice): ThemeChoice {
  return THEME_ORDER[(THEME_ORDER.indexOf(choice) + 1) % THEME_ORDER.length];
}

function safeStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The page's pick, for the switch and the "d" shortcut; setTheme changes it. */
export const themeStore = createStore<{ readonly choice: ThemeChoice }>(() => ({
  choice: savedTheme(),
}));

export function setTheme(choice: ThemeChoice): void {
  applyTheme(choice);
  themeStore.setState({ choice });
}
