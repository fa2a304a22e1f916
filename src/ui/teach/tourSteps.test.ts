import { describe, expect, it } from 'vitest';
import { predictHasGradient } from '../../model/accessibility/accessibility';
import { fullAccessCount } from '../../model/accessibility/accessibilityTable';
import { formatConfigText, parseConfigText } from '../../model/config/configText';
import type { ExperimentConfig } from '../../model/config/config';
import { threeLayerChoices, TOUR } from './tourSteps';

function parsed(text: string): ExperimentConfig {
  const result = parseConfigText(text);
  if (!result.ok) throw new Error(`${text}: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.config;
}

const step = (id: string) => {
  const found = TOUR.find((s) => s.id === id);
  if (!found) throw new Error(`no tour step ${id}`);
  return found;
};

describe('the guided tour', () => {
  it('has the five steps of the lesson, in order', () => {
    expect(TOUR.map((s) => s.id)).toEqual([
      'quanvolution',
      'stacking',
      'no-gradient',
      'residual',
      'placement',
    ]);
  });

  it('runs only valid configurations, written in their canonical form', () => {
    const configs = TOUR.flatMap((s) => [s.config, ...(s.choices ?? []).map((c) => c.config)]);
    for (const text of configs) expect(formatConfigText(parsed(text))).toBe(text);
  });

  it('keeps every run short: at most 40 steps', () => {
    for (const s of TOUR) {
      const c = parsed(s.config);
      expect(Math.ceil(c.trainSize / c.batchSize) * c.epochs).toBeLessThanOrEqual(40);
    }
  });

  it('says what the analysis predicts: Q1 cut without the edge 1-2, alive with it', () => {
    expect(parsed(step('quanvolution').config).layers).toHaveLength(1);
    const cut = parsed(step('no-gradient').config);
    expect(cut.semantics).toBe('measured');
    expect(predictHasGradient(cut)).toEqual({ Q1: false, Q2: true });
    expect(predictHasGradient(parsed(step('residual').config))).toEqual({ Q1: true, Q2: true });
    expect(predictHasGradient(parsed(step('placement').config))).toEqual({
      Q1: true,
      Q2: true,
      Q3: true,
    });
  });

  it('offers the 8 three-layer configurations without X edges, each predicted as the model does', () => {
    const choices = threeLayerChoices();
    expect(choices).toHaveLength(8);
    for (const choice of choices) {
      const predicted = predictHasGradient(parsed(choice.config));
      expect([predicted.Q1, predicted.Q2, predicted.Q3]).toEqual(choice.row.gradient);
    }
  });

  it('counts in its text what the analysis counts, and X edges indeed never change it', () => {
    const full = threeLayerChoices().filter((c) => c.row.gradient.every(Boolean)).length;
    // Each of the 3 edges from X may be added to any configuration without changing access.
    expect(fullAccessCount(3, 'chained')).toBe(full * 2 ** 3);
    const text = step('placement').paragraphs.join(' ');
    expect(text).toContain(`${full} give every layer gradient`);
    expect(text).toContain(`${fullAccessCount(3, 'chained')} of all 64`);
  });
});
