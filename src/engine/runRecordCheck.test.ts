import { describe, expect, it } from 'vitest';
import type { StepMetrics } from '../model/metrics';
import { emptyRunRecord, type RunRecord } from './runRecord';
import { checkRunRecord } from './runRecordCheck';

const step = (n: number): StepMetrics => ({
  step: n,
  epoch: 1,
  loss: 2 / n,
  batchAccuracy: 0.5,
  gradNorms: { Q1: 0.5, Q2: 0.25, H: 1 },
  millis: 3,
});

describe('checkRunRecord', () => {
  const good = () => {
    const record: RunRecord = { ...emptyRunRecord(7, 'n=2;k=2,2;e=1-2', 'wasm'), state: 'done' };
    record.steps.push(step(1), step(2));
    return JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
  };

  it('accepts a run as the app writes it', () => {
    const result = checkRunRecord(good());
    expect(result.ok).toBe(true);
  });

  it('keeps the flow of every route, and refuses an unknown route', () => {
    const run = good();
    const steps = run.steps as Record<string, unknown>[];
    steps[0].flowNorms = { 'c:1': 0, '1-2': 0.25, 'c:H': 0.5 };
    const result = checkRunRecord(run);
    expect(result.ok && result.record.steps[0].flowNorms).toEqual({
      'c:1': 0,
      '1-2': 0.25,
      'c:H': 0.5,
    });
    expect(result.ok && result.record.steps[1].flowNorms).toBe(undefined);
    steps[0].flowNorms = { 'q:9': 1 };
    const bad = checkRunRecord(run);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toMatch(/unknown route "q:9"/);
  });

  it('keeps the shot-noise floor of a run with shots, and refuses one for the head', () => {
    const run = good();
    const steps = run.steps as Record<string, unknown>[];
    steps[0].shotNoise = { Q1: 0, Q2: 0.03 };
    const result = checkRunRecord(run);
    expect(result.ok && result.record.steps[0].shotNoise).toEqual({ Q1: 0, Q2: 0.03 });
    expect(result.ok && result.record.steps[1].shotNoise).toBe(undefined);
    steps[0].shotNoise = { H: 1 };
    const bad = checkRunRecord(run);
    expect(!bad.ok && bad.message).toMatch(/unknown layer "H" in shotNoise/);
  });

  it('brings back non-finite numbers that JSON wrote as null', () => {
    const run = good();
    (run.steps as Record<string, unknown>[])[1].loss = null;
    const result = checkRunRecord(run);
    expect(result.ok && Number.isNaN(result.record.steps[1].loss)).toBe(true);
  });

  it('refuses what is not a run, with a reason', () => {
    const refuse = (v: unknown) => {
      const r = checkRunRecord(v);
      return r.ok ? 'accepted' : r.message;
    };
    expect(refuse([])).toMatch(/JSON object/);
    expect(refuse({ ...good(), format: 'other' })).toMatch(/not a ResQuNN Lab run/);
    expect(refuse({ ...good(), version: 2 })).toMatch(/newer version.*update the app/);
    expect(refuse({ ...good(), config: 'n=9' })).toMatch(/configuration is not valid/);
    expect(refuse({ ...good(), steps: 'many' })).toMatch(/steps are missing/);
    const badStep = good();
    (badStep.steps as Record<string, unknown>[])[0].gradNorms = { Z9: 1 };
    expect(refuse(badStep)).toMatch(/step 1: unknown layer/);
  });
});
