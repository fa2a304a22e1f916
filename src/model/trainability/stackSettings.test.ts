import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/configText';
import { validateConfig } from '../config/configValidate';
import {
  DEFAULT_STACK_SETTINGS,
  defaultEdges,
  formatStackText,
  parseStackText,
  stackDataset,
  stackNetwork,
  validateStackSettings,
  withStackDataset,
} from './stackSettings';

const DATA = 'fashion-mnist.1a2b3c4d';

describe('validateStackSettings', () => {
  it('takes the defaults', () => {
    const r = validateStackSettings({});
    expect(r.ok && r.settings).toEqual(DEFAULT_STACK_SETTINGS);
  });

  it('without edges of its own, a stack of any depth carries its middle layer to the head', () => {
    for (const [layers, from] of [
      [2, 1],
      [3, 1],
      [4, 2],
      [8, 4],
    ]) {
      const r = validateStackSettings({ layers });
      expect(r.ok && r.settings.edges).toEqual([{ from, to: layers }]);
    }
    expect(DEFAULT_STACK_SETTINGS.edges).toEqual(defaultEdges(DEFAULT_STACK_SETTINGS.layers));
    // Given edges are kept, and checked against the depth.
    const given = validateStackSettings({ layers: 2, edges: '2-4' });
    expect(!given.ok && given.errors.join()).toMatch(/2-4 refers to Q4/);
  });

  it('refuses layers outside 2–8 and K = 0, naming each', () => {
    for (const layers of [1, 9, 2.5]) {
      const r = validateStackSettings({ layers });
      expect(r.ok).toBe(false);
      expect(!r.ok && r.errors.join()).toMatch(/layers: .* from 2 to 8/);
    }
    const k = validateStackSettings({ samples: 0 });
    expect(!k.ok && k.errors.join()).toMatch(/K: the random initialisations .* from 1/);
  });

  it('checks the edges against n with the configuration’s own rules', () => {
    const past = validateStackSettings({ layers: 3, edges: '1-4' });
    expect(!past.ok && past.errors.join()).toMatch(/refers to Q4, but the network has only 3/);
    const back = validateStackSettings({ layers: 8, edges: '5-2' });
    expect(!back.ok && back.errors.join()).toMatch(/points backwards/);
    const ok = validateStackSettings({ layers: 8, edges: '3-8,1-8' });
    expect(ok.ok && ok.settings.edges).toEqual([
      { from: 1, to: 8 },
      { from: 3, to: 8 },
    ]);
  });

  it('refuses a base configuration that is not a ResQuNN', () => {
    const bad = validateStackSettings({ base: 'n=2;k=2,5' });
    expect(!bad.ok && bad.errors.join()).toMatch(/^config: /);
    const classical = validateStackSettings({ base: 'n=2;k=2,2;m=classical' });
    expect(!classical.ok && classical.errors.join()).toMatch(/ResQuNN/);
  });
});

describe('the stack’s data', () => {
  it('is the base configuration’s: MNIST by default, a user’s dataset by its data=', () => {
    expect(stackDataset(DEFAULT_STACK_SETTINGS)).toBe('mnist');
    const r = validateStackSettings({ base: `n=2;k=2,2;d=3,3;a=basic,basic;data=${DATA}` });
    expect(r.ok && stackDataset(r.settings)).toBe(DATA);
  });

  it('withStackDataset names it in the base, and back to MNIST within the split’s sizes', () => {
    const mine = withStackDataset(DEFAULT_STACK_SETTINGS.base, DATA);
    expect(mine).toContain(`data=${DATA}`);
    expect(stackDataset({ base: mine })).toBe(DATA);
    expect(withStackDataset(mine, DATA)).toBe(mine);
    // a user's dataset allows 50,000 training images; MNIST's split has 6,630
    const big = withStackDataset(`${mine};train=50000`, 'mnist');
    expect(stackDataset({ base: big })).toBe('mnist');
    expect(parseConfigText(big).ok).toBe(true);
    expect(withStackDataset('n=9', DATA)).toBe('n=9');
  });
});

describe('the n-layer network', () => {
  it('goes through the configuration’s validator, with the stack’s bound of 8 layers', () => {
    const base = parseConfigText('n=1;k=2;data=' + DATA);
    if (!base.ok) throw new Error('base');
    const eight = stackNetwork(
      base.config,
      { layers: 8, batch: 4, seed: 1 },
      [{ from: 1, to: 8 }],
      0,
    );
    expect(eight.ok && eight.config.layers).toHaveLength(8);
    expect(eight.ok && eight.config.dataset).toBe(DATA);
    expect(eight.ok && eight.config.semantics).toBe('exact');
    // the bound is the stack's, not every configuration's
    const layers = Array.from({ length: 5 }, () => ({}));
    expect(validateConfig({ layers }).ok).toBe(false);
    expect(validateConfig({ layers }, { maxLayers: 8 }).ok).toBe(true);
    expect(validateConfig({ layers: [...layers, ...layers] }, { maxLayers: 8 }).ok).toBe(false);
  });

  it('refuses a stride and padding that leave no map at depth n, before any work', () => {
    // 14 → 7 → 3 → 1: the fourth layer's 2×2 window does not fit a 1×1 map
    const r = validateStackSettings({ layers: 4, base: 'n=2;k=2,2;s=2;p=valid', edges: '' });
    expect(!r.ok && r.errors.join()).toMatch(/^config: layer 4: with 'valid' padding/);
    expect(validateStackSettings({ layers: 3, base: 'n=2;k=2,2;s=2;p=valid', edges: '' }).ok).toBe(
      true,
    );
  });
});

describe('stack text', () => {
  it('round-trips', () => {
    const r = validateStackSettings({ layers: 8, samples: 5, seed: 9, batch: 3, edges: '0-8,2-5' });
    if (!r.ok) throw new Error(r.errors.join());
    const text = formatStackText(r.settings);
    expect(text).toBe('L=8;K=5;seed=9;b=3;e=0-8,2-5');
    const parsed = parseStackText(text);
    expect(parsed.errors).toEqual([]);
    const again = validateStackSettings({ ...parsed.raw, base: r.settings.base });
    expect(again.ok && again.settings).toEqual(r.settings);
  });

  it('round-trips a base that names a user’s dataset', () => {
    const base = `n=2;k=2,2;d=3,3;a=basic,basic;data=${DATA}`;
    const r = validateStackSettings({ layers: 6, edges: '1-6', base });
    if (!r.ok) throw new Error(r.errors.join());
    const parsed = parseStackText(formatStackText(r.settings));
    const again = validateStackSettings({ ...parsed.raw, base: r.settings.base });
    expect(again.ok && again.settings).toEqual(r.settings);
    expect(again.ok && stackDataset(again.settings)).toBe(DATA);
  });

  it('names an unknown key', () => {
    expect(parseStackText('L=3;q=1').errors).toEqual([
      "'q' is not a stack setting (L, K, seed, b, e)",
    ]);
  });
});
