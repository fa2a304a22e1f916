import { useStore } from 'zustand';
import { nextTheme, setTheme, themeStore } from './theme';

const NAMES = { auto: 'Auto', light: 'Light', dark: 'Dark' } as const;

/** The header's colour-scheme switch: auto (the system's), light, dark; "d" does the same. */
export function ThemeSwitch() {
  const choice = useStore(themeStore, (s) => s.choice);
  return (
    <button
      type="button"
      className="theme-switch"
      onClick={() => setTheme(nextTheme(choice))}
      title="Colour scheme (d): auto follows the system; pick light or dark for a projector"
    >
      Theme: {NAMES[choice]}
    </button>
  );
}
