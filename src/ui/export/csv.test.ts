import { describe, expect, it } from 'vitest';
import type { StepMetrics } from '../../model/metrics';
import { csvField, layerColumns, runStepsCsv } from './csv';

const step = (n: number, gradNorms: StepMetrics['gradNorms']): StepMetrics => ({
  step: n,
  epoch: 1,
  loss: 2.3 / n,
  batchAccuracy: 0.125 * n,
  gradNorms,
  millis: 5,
});

describe('runStepsCsv', () => {
  it('writes one row per step with every layer’s gradient norm', () => {
    const csv = runStepsCsv({
      steps: [step(1, { Q1: 0, Q2: 0.5, H: 1.25e-3 }), step(2, { Q1: 1e-13, Q2: 0.25, H: 2 })],
    });
    expect(csv.split('\n')).toEqual([
      'step,epoch,loss,batchAccuracy,gradNorm_Q1,gradNorm_Q2,gradNorm_H',
      '1,1,2.3,0.125,0,0.5,0.00125',
      '2,1,1.15,0.25,1e-13,0.25,2',
      '',
    ]);
  });

  it('leaves a frozen layer’s cell empty and orders layers Q1…Qn, H', () => {
    const csv = runStepsCsv({ steps: [step(1, { H: 1, Q10: 2, Q2: 3 })] });
    expect(csv.split('\n')[0]).toBe(
      'step,epoch,loss,batchAccuracy,gradNorm_Q2,gradNorm_Q10,gradNorm_H',
    );
    const mixed = runStepsCsv({
      steps: [step(1, { Q2: 1, H: 1 }), step(2, { Q1: 1, Q2: 1, H: 1 })],
    });
    expect(mixed.split('\n')[1]).toBe('1,1,2.3,0.125,,1,1');
  });

  it('writes numbers exactly, so the CSV reproduces the JSON', () => {
    const loss = 0.1 + 0.2;
    const csv = runStepsCsv({ steps: [{ ...step(1, { H: Math.PI }), loss }] });
    const cells = csv.split('\n')[1].split(',');
    expect(Number(cells[2])).toBe(loss);
    expect(Number(cells[4])).toBe(Math.PI);
  });

  it('has a header even without steps', () => {
    expect(runStepsCsv({ steps: [] })).toBe('step,epoch,loss,batchAccuracy\n');
  });
});

describe('csv helpers', () => {
  it('quotes fields that need it', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('plain')).toBe('plain');
  });

  it('lists layer columns in network order', () => {
    expect(layerColumns([step(1, { H: 1, Q3: 1, Q1: 1 })])).toEqual(['Q1', 'Q3', 'H']);
  });
});
