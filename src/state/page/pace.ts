import { createStore } from 'zustand/vanilla';

/*
 * The teaching pace: how many training steps a second Play runs, so a class can watch a run
 * unfold (a default run of a few seconds was over before anyone looked). A page setting, kept
 * in the address as `pace=N` (or `pace=max`) so a teacher's link opens at the teacher's pace;
 * `step` is never slowed.
 */

/** The choices offered, in steps a second; null is "as fast as the backend goes". */
export const PACE_CHOICES: readonly (number | null)[] = [2, 5, 10, 20, 50, null];

/** The default: a first run's 4 epochs × 32 steps take 13 s or more, long enough to watch. */
export const DEFAULT_PACE = 10;

export const PACE_PARAM = 'pace';

/**
 * `?pace=`: a whole number of steps a second from 1 to 1000, or `max`. Absent or unreadable
 * gives the default (a wrong pace is not worth refusing a link for).
 */
export function readPace(search: string): number | null {
  for (const part of search.replace(/^\?/, '').split('&')) {
    const [key, value = ''] = part.split('=');
    if (key !== PACE_PARAM) continue;
    if (value === 'max') return null;
    const n = Number(value);
    return Number.isInteger(n) && n >= 1 && n <= 1000 ? n : DEFAULT_PACE;
  }
  return DEFAULT_PACE;
}

/** `search` with the pace written (left out at the default), other parameters kept. */
export function searchWithPace(search: string, pace: number | null): string {
  const others = search
    .replace(/^\?/, '')
    .split('&')
    .filter((part) => part !== '' && part.split('=')[0] !== PACE_PARAM);
  const own = pace === DEFAULT_PACE ? [] : [`${PACE_PARAM}=${pace ?? 'max'}`];
  // Before the configuration code, which stays last.
  const code = others.filter((p) => p.startsWith('c='));
  const rest = others.filter((p) => !p.startsWith('c='));
  const all = [...rest, ...own, ...code];
  return all.length > 0 ? `?${all.join('&')}` : '';
}

/** Words for a pace: "10 steps/s", "as fast as possible". */
export function paceLabel(pace: number | null): string {
  return pace === null ? 'as fast as possible' : `${pace} step${pace === 1 ? '' : 's'}/s`;
}

export function createPaceStore(pace: number | null) {
  return createStore<{ readonly stepsPerSecond: number | null }>(() => ({ stepsPerSecond: pace }));
}

export type PaceStore = ReturnType<typeof createPaceStore>;
