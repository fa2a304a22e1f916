import { describe, expect, it } from 'vitest';
import { SHORTCUTS, shortcutFor, type KeyPress } from './shortcuts';
import { nextTheme, savedTheme } from './theme';

const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  targetTag: 'BODY',
  targetEditable: false,
  ...more,
});

describe('keyboard shortcuts', () => {
  it('map the listed keys to their actions', () => {
    expect(shortcutFor(press('k'))).toBe('play');
    expect(shortcutFor(press('S'))).toBe('step');
    expect(shortcutFor(press('r'))).toBe('reset');
    expect(shortcutFor(press('2'))).toBe('explore');
    expect(shortcutFor(press('?'))).toBe('help');
    expect(shortcutFor(press('x'))).toBeNull();
  });

  it('leave typing, modified keys and Space (the run controls own it) alone', () => {
    expect(shortcutFor(press('r', { targetTag: 'INPUT' }))).toBeNull();
    expect(shortcutFor(press('r', { targetEditable: true }))).toBeNull();
    expect(shortcutFor(press('r', { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(press(' '))).toBeNull();
  });

  it('give every action one row and no key twice', () => {
    const keys = SHORTCUTS.flatMap((s) => s.keys);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(SHORTCUTS.map((s) => s.action)).size).toBe(SHORTCUTS.length);
  });
});

describe('the theme choice', () => {
  it('cycles auto → light → dark and reads only known values back', () => {
    expect(nextTheme('auto')).toBe('light');
    expect(nextTheme('dark')).toBe('auto');
    expect(savedTheme({ getItem: () => 'dark' })).toBe('dark');
    expect(savedTheme({ getItem: () => 'purple' })).toBe('auto');
    expect(savedTheme(null)).toBe('auto');
  });
});
