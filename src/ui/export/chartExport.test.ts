import { describe, expect, it } from 'vitest';
import { EXPORT_SIZES, legendRows } from './chartExport';
import { chartLegend, chartSubtitle } from './ChartExportMenu';

describe('legendRows', () => {
  it('places items left to right and wraps when the width is used up', () => {
    const items = ['Q1', 'Q2', 'Q3', 'H'].map((label) => ({ label, colour: '#000' }));
    const wide = legendRows(items, 680);
    expect(wide).toHaveLength(1);
    expect(wide[0].map((p) => p.x)).toEqual([...wide[0].map((p) => p.x)].sort((a, b) => a - b));
    const narrow = legendRows(items, 120);
    expect(narrow.length).toBeGreaterThan(1);
    expect(narrow.flat()).toHaveLength(4);
  });

  it('fits the charts’ legends on one row at column width', () => {
    const run = null;
    for (const subject of ['gradnorms', 'loss', 'accuracy'] as const) {
      const legend = chartLegend(subject, run, 'n=3;k=2,2,2');
      expect(legendRows(legend, EXPORT_SIZES.column[0])).toHaveLength(1);
    }
    expect(chartLegend('gradnorms', null, 'n=3;k=2,2,2').map((i) => i.label)).toEqual([
      'Q1',
      'Q2',
      'Q3',
      'H',
    ]);
  });
});

describe('chartSubtitle', () => {
  it('names the configuration the way the paper does, and the run when there is one', () => {
    expect(chartSubtitle('n=2;k=2,2;e=1-2', null)).toEqual(['O1+O2 (n=2;k=2,2;e=1-2)']);
    const run = {
      runId: 3,
      steps: [
        { step: 1, epoch: 1 },
        { step: 2, epoch: 2 },
      ],
    } as unknown as Parameters<typeof chartSubtitle>[1];
    expect(chartSubtitle('n=2;k=2,2;e=1-2', run)).toEqual([
      'O1+O2 (n=2;k=2,2;e=1-2)',
      'run 3: 2 steps, epoch 2',
    ]);
  });
});
