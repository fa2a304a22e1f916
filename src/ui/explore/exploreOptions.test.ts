import { describe, expect, it } from 'vitest';
import { sweepPlan } from '../../model/sweep/sweepPlan';
import { EXPLORE_DEFAULTS, exploreOptions, type ExploreFormValues } from './exploreOptions';
import { planDataset } from './sweepDataset';
import { formatChance } from './sweepFigure';

const FORM: ExploreFormValues = {
  ...EXPLORE_DEFAULTS,
  steps: 5,
  test: 20,
  batch: 8,
  seeds: 2,
  references: false,
};

describe('exploreOptions', () => {
  it("sweeps the single-run view's dataset unless the extra settings name one", () => {
    expect(exploreOptions(FORM, 'clothes.0a1b2c3d').config).toBe(
      'n=2;k=2,2;d=3,3;a=basic,basic;data=clothes.0a1b2c3d',
    );
    expect(exploreOptions({ ...FORM, extra: 'lr=0.05' }, 'clothes.0a1b2c3d').config).toBe(
      'n=2;k=2,2;d=3,3;a=basic,basic;lr=0.05;data=clothes.0a1b2c3d',
    );
    expect(exploreOptions({ ...FORM, extra: 'data=mnist' }, 'clothes.0a1b2c3d').config).toBe(
      'n=2;k=2,2;d=3,3;a=basic,basic;data=mnist',
    );
    const planned = sweepPlan(exploreOptions(FORM, 'clothes.0a1b2c3d'));
    expect(planned.ok && planDataset(planned.plan)).toBe('clothes.0a1b2c3d');
    expect(planned.ok && planDataset({ configs: [] })).toBe('mnist');
    expect(formatChance(1 / 3)).toBe('33.3%');
    expect(formatChance(0.1)).toBe('10%');
  });

  it('sets the circuit on every layer, the default one first, and passes shots only when finite', () => {
    const exact = exploreOptions(FORM);
    expect(exact.config).toBe('n=2;k=2,2;d=3,3;a=basic,basic');
    expect(exact).not.toHaveProperty('shots');
    const sampled = exploreOptions({ ...FORM, layers: 3, family: 'strong', shots: 1000 });
    expect(sampled.config).toBe('n=3;k=2,2,2;d=3,3,3;a=strong,strong,strong');
    expect(sampled.shots).toBe(1000);
    // ryrz at depth 1 is written out too (what a text without a= and d= means anyway).
    expect(exploreOptions({ ...FORM, family: 'ryrz', depth: 1 }).config).toBe(
      'n=2;k=2,2;d=1,1;a=ryrz,ryrz',
    );
  });

  it('gives options the sweep plan accepts, every configuration with the family and shots', () => {
    const planned = sweepPlan(
      exploreOptions({ ...FORM, family: 'basic', shots: 100, extra: 'lr=0.05;' }),
    );
    if (!planned.ok) throw new Error(planned.errors.join('; '));
    expect(planned.plan.configs).toHaveLength(8);
    for (const config of planned.plan.configs) {
      expect(config).toContain('d=3,3;a=basic,basic');
      expect(config).toContain('shots=100');
      expect(config).toContain('lr=0.05');
    }
  });
});
