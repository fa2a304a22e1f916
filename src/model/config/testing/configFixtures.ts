import type { ConfigResult, ConfigValues, ExperimentConfig } from '../configSchema';

/*
 * What the configuration tests share: the result helpers, and the settings as the first shared
 * links meant them, written out once here rather than read from DEFAULT_SETTINGS, so that a test
 * comparing against them fails when a default moves (and with it what saved links mean).
 */

/** The configuration of an accepted result (fails the test with the messages otherwise). */
export function ok(result: ConfigResult): ExperimentConfig {
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('; '));
  return result.config;
}

/** The messages of a refused result (fails the test if it was accepted). */
export function messages(result: ConfigResult): string[] {
  if (result.ok) throw new Error('expected the configuration to be refused');
  return result.errors.map((e) => e.message);
}

/** Every setting but the layers and edges, as links first shared meant it. */
export const FIRST_SETTINGS: Omit<ConfigValues, 'layers' | 'edges'> = Object.freeze({
  tap: 'chained',
  semantics: 'measured',
  stride: 1,
  padding: 'same',
  model: 'resqunn',
  trainSize: 500,
  testSize: 200,
  batchSize: 16,
  learningRate: 0.01,
  epochs: 1,
  seed: 1,
  shots: 0,
  dataset: 'mnist',
});
