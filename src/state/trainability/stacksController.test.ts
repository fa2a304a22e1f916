import { describe, expect, it } from 'vitest';
import type { StacksCommand } from '../../engine/stacksProtocol';
import { createStacksController, readStacksLink, searchWithStacks } from './stacksController';

function harness(search = '') {
  let url = search;
  const sent: StacksCommand[] = [];
  let workers = 0;
  const controller = createStacksController(
    () => {
      workers += 1;
      return { postMessage: (c) => sent.push(c), onmessage: null, terminate: () => {} };
    },
    { read: () => url, write: (s) => (url = s) },
  );
  return { controller, sent, url: () => url, workers: () => workers };
}

describe('stacks controller', () => {
  it('keeps the settings in the link, and a link gives them back', () => {
    const h = harness('?view=trainability');
    expect(h.controller.update({ layers: 8, samples: 5, edges: '1-8,3-8' })).toEqual([]);
    expect(h.url()).toBe('?view=trainability');
    h.controller.setOpen(true);
    expect(h.url()).toBe(
      '?view=trainability&stacks=L=8;K=5;seed=1;b=8;e=1-8,3-8/n=2;k=2,2;d=3,3;a=basic,basic',
    );
    const again = harness(h.url());
    expect(again.controller.fromLink).toBe(true);
    expect(again.controller.store.getState().open).toBe(true);
    expect(again.controller.store.getState().settings).toEqual(
      h.controller.store.getState().settings,
    );
    h.controller.setOpen(false);
    expect(h.url()).toBe('?view=trainability');
  });

  it('opens on a configuration with its layers and edges', () => {
    const h = harness();
    expect(h.controller.openConfig('n=3;k=2,2,2;e=0-1,1-3')).toEqual([]);
    const s = h.controller.store.getState();
    expect(s.open).toBe(true);
    expect(s.settings.layers).toBe(3);
    expect(s.settings.edges).toEqual([
      { from: 0, to: 1 },
      { from: 1, to: 3 },
    ]);
    expect(readStacksLink(h.url())?.settings).toEqual(s.settings);
  });

  it('refuses bad settings before any worker starts', () => {
    const h = harness();
    const refused = h.controller.update({ layers: 12, samples: 0 });
    expect(refused.join()).toMatch(/layers: .*\(got 12\).*K: .*\(got 0\)/);
    expect(h.controller.store.getState().errors).toEqual(refused);
    expect(h.workers()).toBe(0);
    h.controller.run();
    expect(h.sent).toEqual([
      { type: 'run', id: 1, settings: h.controller.store.getState().settings },
    ]);
  });

  it('names what a bad link asks', () => {
    const r = readStacksLink('?stacks=L=1;Z=2');
    expect(r?.settings).toBeNull();
    expect(r?.errors.join()).toMatch(/'Z' is not a stack setting.*layers: .*\(got 1\)/);
    expect(searchWithStacks('?stacks=x&c=n=2', null)).toBe('?c=n=2');
  });
});
