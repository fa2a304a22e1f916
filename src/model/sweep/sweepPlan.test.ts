import { describe, expect, it } from 'vitest';
import { pairConfigText, shardPairs, sweepPairs, sweepPlan } from './sweepPlan';

const plan = (options: unknown) => {
  const r = sweepPlan(options);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.plan;
};

describe('sweepPlan', () => {
  it('every edge set of n layers, K seeds from the base seed', () => {
    const p = plan({ layers: 2, seeds: 3, seed: 5, steps: 4 });
    expect(p.configs).toHaveLength(8);
    expect(p.seeds).toEqual([5, 6, 7]);
    // Without a base text, the app's default configuration (basic, L = 3), not ryrz at L = 1.
    expect(p.configs[0]).toBe('n=2;k=2,2;d=3,3;a=basic,basic;train=40;test=50;b=10;seed=5');
    expect(plan({ layers: 3 }).configs).toHaveLength(64);
  });

  it('passes the base configuration text through (settings it does not name)', () => {
    const p = plan({ layers: 2, config: 'n=2;k=3,2;d=2,1;lr=0.05;e=0-1', steps: 2 });
    expect(p.configs[0]).toBe('n=2;k=3,2;d=2,1;train=20;test=50;b=10;lr=0.05');
    expect(p.configs.some((c) => c.includes('e=0-1'))).toBe(true);
  });

  it('accepts shots and circuit families: as an option or in the base text', () => {
    const p = plan({ layers: 2, shots: 1000, config: 'n=2;k=2,2;a=strong,random', steps: 2 });
    expect(p.configs.every((c) => c.includes('a=strong,random') && c.endsWith('shots=1000'))).toBe(
      true,
    );
    expect(plan({ layers: 1, config: 'n=1;shots=50', steps: 2 }).configs[0]).toContain('shots=50');
    const refused = sweepPlan({ layers: 2, shots: -1 });
    expect(refused.ok).toBe(false);
  });

  it('filters: contains an edge, full access only; references appended', () => {
    const contains = plan({ layers: 2, filter: { contains: '1-2' } });
    expect(contains.configs).toHaveLength(4);
    expect(contains.configs.every((c) => /e=[^;]*1-2/.test(c))).toBe(true);
    const full = plan({ layers: 2, filter: { access: 'full' } });
    expect(full.configs.map((c) => c.match(/e=([^;]*)/)?.[1])).toEqual([
      '1-2',
      '0-1,1-2',
      '0-2,1-2',
      '0-1,0-2,1-2',
    ]);
    const refs = plan({ layers: 2, references: true });
    expect(refs.configs.slice(-2).map((c) => c.match(/m=(\w+)/)?.[1])).toEqual([
      'frozen',
      'classical',
    ]);
  });

  it('refuses bad options with messages that name them', () => {
    const errors = (o: unknown) => {
      const r = sweepPlan(o);
      return r.ok ? [] : r.errors;
    };
    expect(errors({ layers: 5 })[0]).toMatch(/layers must be a whole number from 1 to 4/);
    expect(errors({})[0]).toMatch(/layers is required/);
    expect(errors({ layers: 2, seedz: 3 })[0]).toMatch(/unknown sweep option "seedz"/);
    expect(errors({ layers: 2, seeds: 0 })[0]).toMatch(/seeds must be a whole number/);
    expect(errors({ layers: 2, steps: 5, train: 100 })[0]).toMatch(/steps or train/);
    expect(errors({ layers: 2, tap: 'sideways' })[0]).toMatch(/tap/);
    expect(errors({ layers: 2, filter: { contains: '2-1' } })[0]).toMatch(/filter.contains/);
    expect(errors('layers 2')[0]).toMatch(/must be an object/);
  });

  it('deals pairs round-robin: shards are disjoint and cover the work', () => {
    const p = plan({ layers: 2, seeds: 3 });
    const all = sweepPairs(p);
    expect(all).toHaveLength(24);
    expect(all[4]).toEqual({ index: 4, config: 1, seed: 2 });
    const shards = [1, 2, 3, 4, 5].map((i) => shardPairs(p, i, 5));
    expect(shards.map((s) => s.length)).toEqual([5, 5, 5, 5, 4]);
    expect(shards[1].map((x) => x.index)).toEqual([1, 6, 11, 16, 21]);
    expect(
      shards
        .flat()
        .map((x) => x.index)
        .sort((a, b) => a - b),
    ).toEqual(all.map((x) => x.index));
    expect(pairConfigText(p, all[5])).toMatch(/seed=3$/);
  });
});
