import { csvParse } from 'd3';
import { describe, expect, it } from 'vitest';
import { sweepCsv } from './sweepCsv';
import type { SweepRow } from './sweepRows';

/** A finished one-seed row of `config`. */
function row(config: string): SweepRow {
  return {
    edges: '1-2',
    name: 'O1+O2',
    model: 'resqunn',
    config,
    predicted: { Q1: true, Q2: true },
    gradNorm: { Q1: 0.1, Q2: 0.2, H: 0.3 },
    seeds: [1],
    measuredAccess: { Q1: true, Q2: true },
    testAccuracy: { mean: 0.5, sd: null, ci95: null, values: [0.5] },
    firstStepGradNorm: {},
    errors: [],
  } as unknown as SweepRow;
}

describe('the sweep CSV', () => {
  it('names the data every row trained on: MNIST, or the dataset by name and hash', () => {
    const parsed = csvParse(
      sweepCsv([row('n=2;k=2,2;e=1-2'), row('n=2;k=2,2;e=1-2;data=clothes.0a1b2c3d')]),
    );
    expect(parsed.columns.at(-1)).toBe('dataset');
    expect(parsed.map((r) => r.dataset)).toEqual(['mnist', 'clothes.0a1b2c3d']);
    expect(parsed[0].testAccuracy).toBe('0.5');
  });
});
