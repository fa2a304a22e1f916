import { describe, expect, it } from 'vitest';
import { emptyRunRecord, type RunRecord } from '../../engine/runRecord';
import type { StepMetrics } from '../../model/metrics';
import { interruptedText, listedRuns, runName } from './runSummary';

const step = (n: number): StepMetrics => ({
  step: n,
  epoch: 1,
  loss: 1,
  batchAccuracy: 0.5,
  gradNorms: { Q1: 0.5, H: 1 },
  millis: 3,
});

const run = (key: string, steps: number): { key: string; record: RunRecord } => {
  const record = emptyRunRecord(1, 'n=1;k=2', 'wasm');
  for (let i = 1; i <= steps; i++) record.steps.push(step(i));
  return { key, record };
};

describe('the runs the comparison lists', () => {
  const runs = [run('a', 0), run('b', 1), run('c', 2), run('d', 40)];

  it('leaves 0–1-step fragments out unless asked', () => {
    const { listed, hidden } = listedRuns(runs, false, []);
    expect(listed.map((r) => r.key)).toEqual(['c', 'd']);
    expect(hidden).toBe(2);
    expect(listedRuns(runs, true, []).listed).toHaveLength(4);
  });

  it('keeps a fragment that is picked or current', () => {
    expect(listedRuns(runs, false, ['b']).listed.map((r) => r.key)).toEqual(['b', 'c', 'd']);
  });
});

describe('an interrupted run', () => {
  it('says where it stopped and where it was going', () => {
    const { record } = run('x', 48);
    record.totalSteps = 96;
    expect(interruptedText(record)).toBe('interrupted at step 48 of 96');
  });
});

describe('runName', () => {
  it('names the circuit unless it is ryrz at L = 1 everywhere, as the text form does', () => {
    expect(runName('n=2;k=2,2;e=1-2')).toBe('O1+O2');
    expect(runName('n=2;k=2,2;d=3,3;a=basic,basic;e=1-2')).toBe('O1+O2 · basic L3');
    expect(runName('n=2;k=2,3;a=strong,random')).toBe(
      'no residual · 2×2,3×3 · strong L1,random L1',
    );
  });
});
