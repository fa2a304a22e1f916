import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STACK_SETTINGS,
  formatStackText,
  parseStackText,
  validateStackSettings,
} from './stackSettings';

describe('validateStackSettings', () => {
  it('takes the defaults', () => {
    const r = validateStackSettings({});
    expect(r.ok && r.settings).toEqual(DEFAULT_STACK_SETTINGS);
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

  it('refuses a base configuration that is not a ResQuNN on MNIST', () => {
    const bad = validateStackSettings({ base: 'n=2;k=2,5' });
    expect(!bad.ok && bad.errors.join()).toMatch(/^config: /);
    const classical = validateStackSettings({ base: 'n=2;k=2,2;m=classical' });
    expect(!classical.ok && classical.errors.join()).toMatch(/ResQuNN/);
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

  it('names an unknown key', () => {
    expect(parseStackText('L=3;q=1').errors).toEqual([
      "'q' is not a stack setting (L, K, seed, b, e)",
    ]);
  });
});
