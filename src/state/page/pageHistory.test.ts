import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { createConfigStore } from '../configStore';
import { createExploreStore } from '../explore/exploreStore';
import { DEFAULT_CONFIG } from '../../model/config/config';
import { formatConfigText } from '../../model/config/configText';
import { startPageHistory, type HistoryController, type PageLocation } from './pageHistory';
import { readPageParts, searchWithPageParts } from './pageParams';
import type { TeachingState } from '../teachingStore';

/** A browser history in memory: entries, a cursor, and popstate on back/forward. */
function fakeHistory(first: string) {
  const entries = [first];
  let at = 0;
  const listeners = new Set<() => void>();
  const location: PageLocation = {
    read: () => entries[at],
    hash: () => '',
    write(search, mode) {
      if (search === entries[at]) return;
      if (mode === 'push') {
        entries.splice(at + 1);
        entries.push(search);
        at += 1;
      } else entries[at] = search;
    },
    onPop(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const go = (by: number) => {
    at += by;
    for (const l of listeners) l();
  };
  return { location, entries, back: () => go(-1), forward: () => go(1), at: () => at };
}

/** The controller's part the history uses: the config text lives in the address's `c`. */
interface FakeController extends HistoryController {
  readonly applied: string[];
  /** What the app's edits do (controller.update): a new entry. */
  edit(text: string): void;
}

function fakeController(location: PageLocation): FakeController {
  // The text stands for the configuration: the link's, as the real controller reads it.
  const opened = /c=([^&]*)/.exec(location.read())?.[1] ?? formatConfigText(DEFAULT_CONFIG);
  const config = createConfigStore(DEFAULT_CONFIG, opened, null);
  const applied: string[] = [];
  const withC = (search: string, text: string) => {
    const rest = search.replace(/c=[^&]*/, '').replace(/[?&]$/, '');
    return `${rest}${rest === '' ? '?' : '&'}c=${text}`;
  };
  const set = (text: string) => {
    applied.push(text);
    config.setState({ text });
  };
  return {
    config,
    applied,
    applyInPlace(text) {
      set(text);
      location.write(withC(location.read(), text), 'replace');
    },
    follow(search) {
      const text = /c=([^&]*)/.exec(search)?.[1];
      if (text && text !== config.getState().text) set(text);
    },
    edit(text) {
      set(text);
      location.write(withC(location.read(), text), 'push');
    },
  };
}

function setUp(first: string) {
  const history = fakeHistory(first);
  const controller = fakeController(history.location);
  const explore = createExploreStore();
  const teaching = createStore<TeachingState>(() => ({
    circuitOpen: false,
    tourStep: null,
    presenter: false,
  }));
  startPageHistory({
    location: history.location,
    controller,
    explore,
    teaching,
    tourLength: 5,
  });
  return { history, controller, explore, teaching };
}

describe('the page parameters', () => {
  it('read the tab and the tour step, falling back to the defaults', () => {
    expect(readPageParts('?view=explore&tour=2&c=n=1', '', 5)).toEqual({
      view: 'explore',
      tour: 1,
    });
    expect(readPageParts('?c=n=1', '#explore', 5)).toEqual({ view: 'explore', tour: null });
    expect(readPageParts('?view=nope&tour=0', '', 5)).toEqual({ view: 'single', tour: null });
    expect(readPageParts('?tour=2.5', '', 5).tour).toBeNull();
    expect(readPageParts('?tour=99', '', 5).tour).toBe(4);
  });

  it('write only what differs from the defaults, keeping the code last', () => {
    expect(searchWithPageParts('?c=n=1', { view: 'single', tour: null })).toBe('?c=n=1');
    expect(searchWithPageParts('?tour=3&c=n=1', { view: 'explore', tour: 0 })).toBe(
      '?view=explore&tour=1&c=n=1',
    );
    expect(searchWithPageParts('?view=explore', { view: 'single', tour: null })).toBe('');
  });
});

describe('the page history', () => {
  it('opens a link on its tab and tour step', () => {
    const { explore, teaching, history } = setUp('?tour=3&view=explore&c=a');
    expect(explore.getState().view).toBe('explore');
    expect(teaching.getState().tourStep).toBe(2);
    expect(history.entries).toEqual(['?view=explore&tour=3&c=a']);
  });

  it('gives a tab change an entry, and Back/Forward switch the tab', () => {
    const { explore, history } = setUp('?c=a');
    explore.setState({ view: 'explore' });
    expect(history.entries).toEqual(['?c=a', '?view=explore&c=a']);
    history.back();
    expect(explore.getState().view).toBe('single');
    history.forward();
    expect(explore.getState().view).toBe('explore');
    // Following the history made no entries of its own.
    expect(history.entries).toHaveLength(2);
  });

  it('Back undoes a configuration edit, Forward redoes it', () => {
    const { controller, history } = setUp('?c=a');
    controller.edit('b');
    controller.edit('c');
    expect(history.entries).toEqual(['?c=a', '?c=b', '?c=c']);
    history.back();
    expect(controller.config.getState().text).toBe('b');
    history.back();
    expect(controller.config.getState().text).toBe('a');
    history.forward();
    expect(controller.config.getState().text).toBe('b');
  });

  it('gives each tour step an entry and restores the link’s setup when the tour closes', () => {
    const { controller, teaching, history } = setUp('?c=shared');
    teaching.setState({ tourStep: 0 });
    controller.applyInPlace('tour1'); // what the tour card does for the step
    teaching.setState({ tourStep: 1 });
    controller.applyInPlace('tour2');
    expect(history.entries).toEqual(['?c=shared', '?tour=1&c=tour1', '?tour=2&c=tour2']);

    history.back();
    expect(teaching.getState().tourStep).toBe(0);
    expect(controller.config.getState().text).toBe('tour1');

    teaching.setState({ tourStep: null }); // ✕
    expect(controller.config.getState().text).toBe('shared');
    expect(history.entries.at(-1)).toBe('?c=shared');
    // Back from the closed tour reopens its step.
    history.back();
    expect(teaching.getState().tourStep).toBe(0);
    expect(controller.config.getState().text).toBe('tour1');
  });

  it('Back out of the tour restores the setup from the address, not twice', () => {
    const { controller, teaching, history } = setUp('?c=shared');
    teaching.setState({ tourStep: 0 });
    controller.applyInPlace('tour1');
    history.back();
    expect(teaching.getState().tourStep).toBeNull();
    expect(controller.config.getState().text).toBe('shared');
    expect(controller.applied).toEqual(['tour1', 'shared']);
    expect(history.entries).toHaveLength(2);
  });
});
