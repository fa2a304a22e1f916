import {
  describeConfigErrors,
  SEMANTICS,
  TAPS,
  type ConfigInput,
  type ExperimentConfig,
} from '../../src/model/config/config';
import { withSettings } from '../../src/model/config/configUpdate';
import { parseConfigText } from '../../src/model/config/configText';
import { choiceFlag, intFlag, UsageError } from './args';

/** The flags every training CLI shares; each overrides the same setting of --config. */
export const CONFIG_FLAGS = {
  config: { type: 'string' },
  semantics: { type: 'string' },
  tap: { type: 'string' },
  epochs: { type: 'string' },
  train: { type: 'string' },
  test: { type: 'string' },
  seed: { type: 'string' },
  shots: { type: 'string' },
} as const;

export interface ConfigFlagValues {
  config?: string;
  semantics?: string;
  tap?: string;
  epochs?: string;
  train?: string;
  test?: string;
  seed?: string;
  shots?: string;
}

/** Flags → the overrides they name (only those given). */
function flagOverrides(values: ConfigFlagValues): ConfigInput {
  const patch: Record<string, unknown> = {
    semantics: choiceFlag('semantics', values.semantics, SEMANTICS),
    tap: choiceFlag('tap', values.tap, TAPS),
    epochs: intFlag('epochs', values.epochs, 1, 100),
    trainSize: intFlag('train', values.train, 1, 1_000_000),
    testSize: intFlag('test', values.test, 1, 1_000_000),
    seed: intFlag('seed', values.seed, 0, 2 ** 31 - 1),
    shots: intFlag('shots', values.shots, 0, 1_000_000),
  };
  return Object.fromEntries(
    Object.entries(patch).filter(([, v]) => v !== undefined),
  ) as ConfigInput;
}

/** --config's text with the other flags applied, validated once; a UsageError says what is wrong. */
export function configFromFlags(
  values: ConfigFlagValues,
  text: string,
  usage: string,
): ExperimentConfig {
  const parsed = parseConfigText(text);
  if (!parsed.ok)
    throw new UsageError(`--config "${text}": ${describeConfigErrors(parsed.errors)}\n\n${usage}`);
  const result = withSettings(parsed.config, flagOverrides(values));
  if (!result.ok) throw new UsageError(`${describeConfigErrors(result.errors)}\n\n${usage}`);
  return result.config;
}
