import { describe, expect, it } from 'vitest';
import { sweepPlan } from '../../model/sweep/sweepPlan';
import { EXPLORE_DEFAULTS, exploreOptions, type ExploreFormValues } from './exploreOptions';
import { planFormValues } from './planFormValues';

const planOf = (options: unknown) => {
  const planned = sweepPlan(options);
  if (!planned.ok) throw new Error(planned.errors.join('; '));
  return planned.plan;
};

describe('the Explore form shows what a sweep ran', () => {
  it("reads an API sweep's settings, not the form's defaults (issue 26)", () => {
    const plan = planOf({ layers: 2, steps: 5, seeds: 2, config: 'n=2;k=2,2' });
    const v = planFormValues(plan, EXPLORE_DEFAULTS);
    expect(v).toMatchObject({
      layers: 2,
      family: 'ryrz',
      depth: 1,
      budget: 'steps',
      steps: 5,
      seeds: 2,
      seed: 1,
      filter: 'all',
      references: false,
    });
  });

  it.each<Partial<ExploreFormValues>>([
    {},
    { layers: 3, family: 'basic', depth: 2, steps: 7, seeds: 4, seed: 9, tap: 'raw' },
    { filter: 'contains', contains: '1-2', references: false, extra: 'lr=0.05' },
    { layers: 3, filter: 'full', kernel: 3, batch: 4, test: 20 },
    { budget: 'epochs', epochs: 2, train: 100, batch: 8, shots: 64 },
  ])('gives back the form that ran the sweep (%o)', (changes) => {
    const form = { ...EXPLORE_DEFAULTS, ...changes };
    const plan = planOf(exploreOptions(form));
    const back = planFormValues(plan, EXPLORE_DEFAULTS);
    // The same sweep, whichever way the form now words it.
    expect(planOf(exploreOptions(back))).toEqual(plan);
    expect(back).toMatchObject(changes);
  });
});
