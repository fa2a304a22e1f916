import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, validateSettings } from './settings';
import {
  formatNumberList,
  formatSettingsText,
  parseNumberList,
  parseSettingsText,
} from './settingsText';

describe('settings text', () => {
  it('round-trips settings through text', () => {
    const s = {
      ...DEFAULT_SETTINGS,
      circuit: 'cerezo' as const,
      qubits: [2, 3, 4, 5, 8],
      costs: ['global', 'local'] as const,
      seed: 9,
    };
    const text = formatSettingsText(s);
    expect(text).toBe('c=cerezo;n=2-5,8;L=1,5,20;cost=global,local;K=200;init=uniform;seed=9');
    const parsed = parseSettingsText(text);
    expect(parsed.errors).toEqual([]);
    const checked = validateSettings(parsed.raw);
    expect(checked.ok && checked.settings).toEqual(s);
  });

  it('carries the WebGPU backend; a link without one means the CPU', () => {
    const s = { ...DEFAULT_SETTINGS, backend: 'webgpu' as const };
    const text = formatSettingsText(s);
    expect(text).toBe(
      'c=mcclean;n=2-6;L=1,5,20;cost=projector;K=200;init=uniform;seed=1;backend=webgpu',
    );
    const back = validateSettings(parseSettingsText(text).raw);
    expect(back.ok && back.settings).toEqual(s);
    const old = validateSettings(parseSettingsText(formatSettingsText(DEFAULT_SETTINGS)).raw);
    expect(old.ok && old.settings.backend).toBe('cpu');
    expect(validateSettings(parseSettingsText('backend=cuda').raw)).toEqual({
      ok: false,
      errors: ["backend 'cuda' is not one of cpu, webgpu"],
    });
  });

  it('lists: ranges and single values, nothing else', () => {
    expect(parseNumberList('2-4,7')).toEqual([2, 3, 4, 7]);
    expect(parseNumberList('4-2')).toBeNull();
    expect(parseNumberList('two')).toBeNull();
    expect(formatNumberList([1, 2, 5, 6, 7])).toBe('1,2,5-7');
  });

  it('names an unknown key and a bad list', () => {
    expect(parseSettingsText('c=mcclean;depth=3;n=x').errors).toEqual([
      "'depth' is not a trainability setting (c, n, L, cost, K, init, seed, backend)",
      "n 'x' is not a list like 2-6 or 1,5,20",
    ]);
  });
});
