/*
 * The page's keyboard shortcuts, one table: the "?" overlay lists it and useShortcuts obeys it,
 * so the two cannot disagree. Single keys without modifiers, ignored while typing in a field.
 */

export type ShortcutAction =
  | 'play'
  | 'step'
  | 'reset'
  | 'single'
  | 'explore'
  | 'circuit'
  | 'tour'
  | 'presenter'
  | 'theme'
  | 'help';

export interface Shortcut {
  readonly keys: readonly string[];
  readonly action: ShortcutAction;
  readonly description: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['Space', 'k'], action: 'play', description: 'Play or pause training' },
  { keys: ['s'], action: 'step', description: 'One training step (while paused)' },
  { keys: ['r'], action: 'reset', description: 'Reset the run to step 0' },
  { keys: ['1'], action: 'single', description: 'Single run view' },
  { keys: ['2'], action: 'explore', description: 'Explore view' },
  { keys: ['c'], action: 'circuit', description: 'Show or hide the circuit' },
  { keys: ['t'], action: 'tour', description: 'Open or close the guided tour' },
  { keys: ['p'], action: 'presenter', description: 'Presenter view (large type)' },
  { keys: ['d'], action: 'theme', description: 'Colour scheme: auto, light, dark' },
  { keys: ['?'], action: 'help', description: 'Show this list' },
];

export interface KeyPress {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  /** The focused element's tag and role, to leave typing and controls their own keys. */
  readonly targetTag: string;
  readonly targetEditable: boolean;
}

/**
 * The action a key press asks for, or null. Space is left to the run controls (which already
 * play/pause with it, and leave it to a focused button); 'k' does the same from anywhere.
 */
export function shortcutFor(press: KeyPress): ShortcutAction | null {
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  if (press.targetEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(press.targetTag))
    return null;
  if (press.key === ' ') return null;
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  const found = SHORTCUTS.find((s) => s.keys.includes(key));
  return found ? found.action : null;
}
