import { describe, expect, it } from 'vitest';
import { emptyRunRecord, type RunRecord } from '../../engine/runRecord';
import type { StepMetrics } from '../../model/metrics';
import { gradientTrace, lastStep, logExtent, runsToShow, smoothed } from './series';

function step(i: number, gradNorms: StepMetrics['gradNorms']): StepMetrics {
  return { step: i, epoch: 1, loss: 2, batchAccuracy: 0.1, gradNorms, millis: 5 };
}

describe('gradientTrace', () => {
  it('splits a layer into live segments and dead spans', () => {
    const steps = [
      step(1, { Q1: 0.1 }),
      step(2, { Q1: 0 }),
      step(3, { Q1: 1e-13 }),
      step(4, { Q1: 0.2 }),
      step(5, { Q1: 0.3 }),
    ];
    const trace = gradientTrace(steps, 'Q1', 100);
    expect(trace.segments).toEqual([
      [[1, 0.1]],
      [
        [4, 0.2],
        [5, 0.3],
      ],
    ]);
    expect(trace.dead).toEqual([[2, 3]]);
    expect(trace.latest).toBe(0.3);
  });

  it('leaves a frozen layer (no norm reported) out entirely', () => {
    const trace = gradientTrace([step(1, { H: 1 })], 'Q1', 100);
    expect(trace).toEqual({ segments: [], dead: [], latest: undefined });
  });
});

describe('runsToShow', () => {
  const run = (id: number, steps: number): RunRecord => {
    const r = emptyRunRecord(id, 'n=1', 'cpu');
    for (let i = 1; i <= steps; i++) r.steps.push(step(i, { Q1: 1 }));
    return r;
  };

  it('shows the current run and the latest earlier one that trained', () => {
    const runs = new Map([
      [1, run(1, 5)],
      [2, run(2, 0)],
      [3, run(3, 2)],
    ]);
    const shown = runsToShow(runs, 3);
    expect(shown.map((s) => [s.run.runId, s.role])).toEqual([
      [1, 'previous'],
      [3, 'current'],
    ]);
    expect(lastStep(shown, 1)).toBe(5);
  });
});

describe('smoothed', () => {
  it('starts at the first value (bias corrected) and follows the trend', () => {
    const out = smoothed(
      [
        [1, 4],
        [2, 4],
        [3, 4],
      ],
      0.9,
    );
    expect(out.map(([, y]) => y)).toEqual([4, 4, 4].map((v) => expect.closeTo(v, 10)));
  });
});

describe('logExtent', () => {
  it('covers whole decades', () => {
    const trace = { segments: [[[1, 0.003] as const, [2, 0.4] as const]], dead: [], latest: 0.4 };
    expect(logExtent([trace])).toEqual([0.001, 1]);
    expect(logExtent([])).toEqual([1e-4, 1]);
  });
});
