import { describe, expect, it } from 'vitest';
import { nodeHost, quietTfjs } from './nodeHost';
import { runInNode } from './nodeRunner';

/*
 * Finite shots end to end (docs/model.md §6, issue 11's "done when"): a run with 1,000 shots repeats
 * exactly from its seed; under `measured`, Q1 without a residual edge has exactly zero gradient,
 * with edge 1-2 a noisy non-zero one, and each step reports the shot-noise floor of each layer.
 */
const BASE = 'n=2;k=2,2;a=strong,random;shots=1000;train=16;test=8;b=8';

describe('a run with finite shots', () => {
  it('is deterministic, keeps a pathless layer at exactly zero, and reports the noise floor', async () => {
    quietTfjs();
    const host = nodeHost();
    const first = await runInNode(host, BASE, { steps: 2 });
    const again = await runInNode(host, BASE, { steps: 2 });
    expect(again.steps.map((s) => s.gradNorms)).toEqual(first.steps.map((s) => s.gradNorms));
    expect(again.steps.map((s) => s.loss)).toEqual(first.steps.map((s) => s.loss));
    for (const s of first.steps) {
      expect(s.gradNorms.Q1).toBe(0);
      expect(s.gradNorms.Q2).toBeGreaterThan(1e-3);
      expect(s.shotNoise?.Q2).toBeGreaterThan(0);
      expect(s.shotNoise?.Q1).toBe(0); // no cotangent reaches it: no noise either
    }
    const edged = await runInNode(host, `${BASE};e=1-2`, { steps: 2 });
    for (const s of edged.steps) {
      expect(s.gradNorms.Q1).toBeGreaterThan(1e-3);
      expect(s.shotNoise?.Q1).toBeGreaterThan(0);
    }
    // another seed draws other shots
    const other = await runInNode(host, `${BASE};seed=2`, { steps: 1 });
    expect(other.steps[0].loss).not.toBe(first.steps[0].loss);
  });
});
