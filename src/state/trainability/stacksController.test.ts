import { describe, expect, it } from 'vitest';
import type { StacksCommand } from '../../engine/stacksProtocol';
import { parseConfigText } from '../../model/config/configText';
import { stackDataset, validateStackSettings } from '../../model/trainability/stackSettings';
import { createStacksController, readStacksLink, searchWithStacks } from './stacksController';

const DATA = 'tiny3.0a1b2c3d';

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

  it('keeps a user’s dataset in the link (the base’s data=), and a link gives it back', () => {
    const h = harness('?view=trainability');
    h.controller.setOpen(true);
    expect(h.controller.pageDataset(DATA)).toEqual([]);
    expect(stackDataset(h.controller.store.getState().settings)).toBe(DATA);
    expect(decodeURIComponent(h.url())).toMatch(new RegExp(`&stacks=L=4;.*/n=2;.*data=${DATA}`));
    const again = harness(h.url());
    expect(again.controller.store.getState().settings).toEqual(
      h.controller.store.getState().settings,
    );
    // the link's data stays when the page shows another; a change of the page's choice is taken
    expect(again.controller.pageDataset('mnist')).toEqual([]);
    expect(stackDataset(again.controller.store.getState().settings)).toBe(DATA);
    again.controller.pageDataset('other.ffffffff');
    expect(stackDataset(again.controller.store.getState().settings)).toBe('other.ffffffff');
  });

  it('follows the page’s dataset from nothing; an Explore row’s data stays until the page changes', () => {
    const h = harness();
    h.controller.pageDataset('mnist');
    expect(stackDataset(h.controller.store.getState().settings)).toBe('mnist');
    h.controller.openConfig(`n=2;k=2,2;e=1-2;data=${DATA}`);
    h.controller.pageDataset('mnist'); // the panel shows again: same page choice
    expect(stackDataset(h.controller.store.getState().settings)).toBe(DATA);
    expect(h.controller.adoptDataset('mnist')).toEqual([]);
    expect(stackDataset(h.controller.store.getState().settings)).toBe('mnist');
  });

  // Explore's rows: 1 to 4 layers, 2×2 or 3×3, any edges, family, tap, frozen layers, data.
  it.each([
    ['n=1;k=2;e=0-1', 2, '0-1'],
    ['n=1;k=3;d=2;a=strong', 2, ''],
    ['n=2;k=2,2;d=3,3;a=basic,basic;e=0-1,1-2', 2, '0-1,1-2'],
    ['n=3;k=2,3,2;a=random,ryrz,basic;tap=raw;e=0-3,1-2', 3, '0-3,1-2'],
    [`n=4;k=2,2,2,2;t=1,0,1,1;sem=measured;e=0-4,1-3,2-4,3-4;data=${DATA}`, 4, '0-4,1-3,2-4,3-4'],
    ['n=2;k=2,2;a=randomlayers,randomlayers;s=2;shots=100;e=1-2', 2, '1-2'],
  ])('an Explore row %s opens the study at n = %i with its edges as yours', (row, n, edges) => {
    const h = harness();
    expect(h.controller.openConfig(row)).toEqual([]);
    const s = h.controller.store.getState().settings;
    expect(s.layers).toBe(n);
    expect(s.edges.map((e) => `${e.from}-${e.to}`).join(',')).toBe(edges);
    // the base is the row's configuration: its circuit, tap, data
    const rowConfig = parseConfigText(row);
    const base = parseConfigText(s.base);
    if (!rowConfig.ok || !base.ok) throw new Error('unparsed');
    expect(base.config.layers).toEqual(rowConfig.config.layers);
    expect(base.config.tap).toBe(rowConfig.config.tap);
    expect(base.config.dataset).toBe(rowConfig.config.dataset);
    expect(h.controller.store.getState().errors).toEqual([]);
    // the link opens the same study, and deeper is one setting away
    expect(readStacksLink(h.url())?.settings).toEqual(s);
    expect(validateStackSettings({ ...s, layers: 8 }).ok).toBe(true);
  });
});
