import { DEFAULT_CONFIG, type ExperimentConfig } from '../../model/config/config';
import { withSettings } from '../../model/config/configUpdate';

/*
 * What a page opened without a configuration link trains: the default network (docs/model.md)
 * for 4 epochs instead of 1, so that the run lasts long enough at the teaching pace to watch
 * (4 × 32 steps, ~13 s at 10 steps/s) and the accuracy chart draws a curve, not one dot.
 * The schema's default stays 1 epoch, so existing links keep their meaning.
 */
export const FIRST_RUN_EPOCHS = 4;

export function firstRunConfig(): ExperimentConfig {
  const result = withSettings(DEFAULT_CONFIG, { epochs: FIRST_RUN_EPOCHS });
  if (!result.ok) throw new Error('the first run’s configuration is invalid');
  return result.config;
}
