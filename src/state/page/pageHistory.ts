import type { StoreApi } from 'zustand/vanilla';
import type { AddressBar } from '../controller';
import type { ConfigState } from '../configStore';
import type { ExploreState } from '../explore/exploreStore';
import { readPageParts, searchWithPageParts, type PageParts } from './pageParams';
import type { TeachingState } from '../teachingStore';

/*
 * The browser's history as the page's undo: each deliberate change (an edit of the
 * configuration, a tab, a tour step) is an entry of its own, and Back/Forward put the page back
 * as that entry left it. Configuration edits are pushed by the controller (AddressBar.write);
 * this module pushes the tab and the tour step, and follows popstate. Closing the tour puts back
 * the configuration the page had when the tour opened (the shared link's, typically), so a
 * tour does not cost a student the teacher's setup.
 */

/** The address bar with history: AddressBar's read/write, plus Back/Forward. */
export interface PageLocation extends AddressBar {
  readonly hash: () => string;
  /** Calls `listener` after Back or Forward changed the address; returns the unsubscriber. */
  onPop(listener: () => void): () => void;
}

/** What the history needs of the controller: the configuration and a way to follow a link. */
export interface HistoryController {
  readonly config: StoreApi<ConfigState>;
  /** Applies the configuration of `search` without writing the address (it is already there). */
  follow(search: string): void;
  /** Applies a configuration text in the current history entry. */
  applyInPlace(text: string): void;
}

export interface PageHistoryParts {
  readonly location: PageLocation;
  readonly controller: HistoryController;
  readonly explore: StoreApi<ExploreState>;
  readonly teaching: StoreApi<TeachingState>;
  readonly tourLength: number;
}

export function browserLocation(): PageLocation {
  return {
    read: () => window.location.search,
    hash: () => window.location.hash,
    write(search, mode) {
      if (search === window.location.search) return;
      // The `#explore` of older links is now `view=explore`: it goes once the page writes.
      const url = `${window.location.pathname}${search}`;
      if (mode === 'push') window.history.pushState(null, '', url);
      else window.history.replaceState(window.history.state, '', url);
    },
    onPop(listener) {
      window.addEventListener('popstate', listener);
      return () => window.removeEventListener('popstate', listener);
    },
  };
}

/** Starts keeping the page's place in the history; returns the function that stops it. */
export function startPageHistory(parts: PageHistoryParts): () => void {
  const { location, controller, explore, teaching, tourLength } = parts;
  const current = (): PageParts => ({
    view: explore.getState().view,
    tour: teaching.getState().tourStep,
  });
  const write = (mode: 'push' | 'replace') =>
    location.write(searchWithPageParts(location.read(), current()), mode);

  // The link's place first, then the address made canonical (no entry of its own).
  const opened = readPageParts(location.read(), location.hash(), tourLength);
  explore.setState({ view: opened.view });
  teaching.setState({ tourStep: opened.tour });
  write('replace');

  /** The configuration before the tour opened; null while the tour is closed. */
  let beforeTour: string | null = null;
  /** True while the page follows Back/Forward: those changes are the history's, not new. */
  let following = false;

  const stopExplore = explore.subscribe((state, previous) => {
    if (state.view !== previous.view && !following) write('push');
  });
  const stopTeaching = teaching.subscribe((state, previous) => {
    const { tourStep: step } = state;
    if (step === previous.tourStep) return;
    if (previous.tourStep === null) beforeTour = controller.config.getState().text;
    if (following) {
      if (step === null) beforeTour = null;
      return;
    }
    write('push');
    if (step === null && beforeTour !== null) {
      const saved = beforeTour;
      beforeTour = null;
      if (saved !== controller.config.getState().text) controller.applyInPlace(saved);
    }
  });
  const stopPop = location.onPop(() => {
    const search = location.read();
    const place = readPageParts(search, location.hash(), tourLength);
    following = true;
    try {
      explore.setState({ view: place.view });
      teaching.setState({ tourStep: place.tour });
      controller.follow(search);
    } finally {
      following = false;
    }
  });
  return () => {
    stopExplore();
    stopTeaching();
    stopPop();
  };
}
