/*
 * The page's place besides its configuration, kept in the address so Back, Forward and a shared
 * link restore it: `view=explore` or `view=trainability` (the tab; the single run is the default
 * and is left out) and `tour=N` (step N of the guided tour, counted from 1). Pure functions of the query.
 */

export type PageView = 'single' | 'explore' | 'trainability';

export interface PageParts {
  readonly view: PageView;
  /** The tour step shown, from 0; null when the tour is closed. */
  readonly tour: number | null;
}

export const PAGE_PARAMS: readonly string[] = ['view', 'tour'];

function param(search: string, name: string): string | null {
  for (const part of search.replace(/^\?/, '').split('&')) {
    const at = part.indexOf('=');
    if ((at < 0 ? part : part.slice(0, at)) === name) return at < 0 ? '' : part.slice(at + 1);
  }
  return null;
}

/**
 * The view and tour step a query asks for; what it gets wrong falls back to the default (the
 * single run, no tour) rather than failing the page. `#explore`, the older form of the tab, is
 * still read. A tour step past the tour's end shows its last step.
 */
export function readPageParts(search: string, hash: string, tourLength: number): PageParts {
  const asked = param(search, 'view');
  // A Trainability study's own link (`trainability=…`) opens its tab too.
  const view: PageView =
    asked === 'explore' || hash === '#explore'
      ? 'explore'
      : asked === 'trainability' || param(search, 'trainability') !== null
        ? 'trainability'
        : 'single';
  const raw = param(search, 'tour');
  const step = raw === null ? NaN : Number(raw);
  const tour =
    Number.isInteger(step) && step >= 1 && tourLength > 0 ? Math.min(step, tourLength) - 1 : null;
  return { view, tour };
}

/** `search` with the view and tour written (or left out where default), other parameters kept. */
export function searchWithPageParts(search: string, parts: PageParts): string {
  const others = search
    .replace(/^\?/, '')
    .split('&')
    .filter((part) => part !== '' && !PAGE_PARAMS.includes(part.split('=')[0]));
  const own = [
    ...(parts.view === 'single' ? [] : [`view=${parts.view}`]),
    ...(parts.tour === null ? [] : [`tour=${parts.tour + 1}`]),
  ];
  // The page's own parameters go first, so the long configuration code stays last.
  const all = [...own, ...others];
  return all.length > 0 ? `?${all.join('&')}` : '';
}
