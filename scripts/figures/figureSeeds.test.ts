import { describe, expect, it } from 'vitest';
import { emptyRunRecord, type RunRecord } from '../../src/engine/runRecord';
import { predictLayerAccess } from '../../src/model/accessibility/accessibility';
import { parseConfigText } from '../../src/model/config/configText';
import { composeFigures } from './compose';
import { allRuns, DEFAULT_SETTINGS, type FigureSettings } from './plan';

/* Figures (c) and (d) across seeds: mean bars, 95% CI error bars from 3 seeds on. */

function fake(config: string, seed: number): RunRecord {
  const parsed = parseConfigText(config);
  if (!parsed.ok) throw new Error(config);
  const norms: Record<string, number> = { H: 1 };
  for (const [id, a] of Object.entries(predictLayerAccess(parsed.config))) {
    norms[id] = a === 'gradient' ? 0.01 : 0;
  }
  const record = emptyRunRecord(1, config, 'wasm');
  record.steps.push({ step: 1, epoch: 1, loss: 2, batchAccuracy: 0, gradNorms: norms, millis: 0 });
  const full = Object.values(norms).every((v) => v > 0);
  const accuracy = (full ? 0.6 : 0.4) + 0.01 * seed;
  record.epochs.push({
    epoch: 1,
    step: 1,
    trainAccuracy: accuracy,
    testAccuracy: accuracy,
    trainLoss: 2,
    testLoss: 2,
  });
  record.state = 'done';
  return record;
}

const records = (settings: FigureSettings) =>
  new Map(allRuns(settings).map((c) => [c, fake(c, Number(/seed=(\d+)/.exec(c)?.[1] ?? 1))]));

describe('figures across seeds', () => {
  it('3 seeds: every configuration trained 3 times; (c) and (d) draw CIs, (c) states the comparison', () => {
    const settings = { ...DEFAULT_SETTINGS, steps: 1, test: 10, seeds: 3 };
    const one = allRuns({ ...settings, seeds: 1 });
    const runs = allRuns(settings);
    expect(runs).toHaveLength(3 * one.length);
    expect(runs.filter((c) => c.endsWith('seed=3'))).toHaveLength(one.length);
    const { figures } = composeFigures(settings, records(settings));
    const c = figures.find((f) => f.kind === 'c')!.figure.svg;
    const d = figures.find((f) => f.kind === 'd')!.figure.svg;
    expect(c.match(/class="ci95"/g)).toHaveLength(8);
    expect(d.match(/class="ci95"/g)).toHaveLength(4);
    expect(c).toContain('3 seeds, bars: mean and 95% CI');
    // Full access 0.6 + 0.01·seed against 0.4 + 0.01·seed, 12 runs each: +20 points; Welch's
    // half-width t(0.975, 22) · √(2 · s²/12), s² = 0.0008/11 the sample variance: 0.72 points.
    expect(c).toContain('full access − others: +20.0 pts [19.3, 20.7]');
    // Seeds 1, 2, 3 → mean 0.62 for a full-access configuration.
    expect(c).toContain('O1+O2: 62% (95% CI 60% to 64%)');
  });

  it('1 seed: no error bars, as before', () => {
    const settings = { ...DEFAULT_SETTINGS, steps: 1, test: 10 };
    const { figures } = composeFigures(settings, records(settings));
    expect(figures.some((f) => f.figure.svg.includes('ci95'))).toBe(false);
  });
});
