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
import { IMAGE_SIDE } from '../../src/model/config/config';
import { datasetFromPath, DEFAULT_DATASETS_DIR } from '../../src/data/formats/datasetDisk';
import { datasetId } from '../../src/data/formats/dataset';
import { DatasetError } from '../../src/data/formats/datasetError';

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
  /** The dataset --data named (resolveDataFlag), overriding the text's. */
  dataset?: string,
): ExperimentConfig {
  const parsed = parseConfigText(text);
  if (!parsed.ok)
    throw new UsageError(`--config "${text}": ${describeConfigErrors(parsed.errors)}\n\n${usage}`);
  const overrides = { ...flagOverrides(values), ...(dataset && { dataset }) };
  const result = withSettings(parsed.config, overrides);
  if (!result.ok) throw new UsageError(`${describeConfigErrors(result.errors)}\n\n${usage}`);
  return result.config;
}

/** `--data PATH` and where stored datasets live; for the commands that train on a user's data. */
export const DATA_FLAGS = {
  data: { type: 'string' },
  datasets: { type: 'string' },
  transposed: { type: 'string' },
} as const;

export const DATA_USAGE = `  --data PATH      train on your own data: IDX files, a CSV, a zip or folder of class folders
                   of PNG/JPEG images, or a stored dataset folder; it is stored once under
                   --datasets DIR (default .datasets/) and named in the configuration by name
                   and content hash (data=name.hash)
  --transposed yes|no  IDX images stored column by column, as EMNIST stores them (default:
                   yes for files named emnist-…, no otherwise)`;

export interface DataFlagValues {
  data?: string;
  datasets?: string;
  transposed?: string;
}

/**
 * Imports and stores --data's files (or reads a stored dataset folder) and returns the
 * configuration's name for it (`id`) and the stored folder; undefined without --data. A bad file
 * is a UsageError naming it.
 */
export async function resolveDataFlag(
  values: DataFlagValues,
  log: (line: string) => void,
): Promise<{ id: string; folder: string } | undefined> {
  const said = choiceFlag('transposed', values.transposed, ['yes', 'no'] as const);
  if (values.data === undefined) {
    if (said !== undefined) throw new UsageError('--transposed only applies with --data PATH');
    return undefined;
  }
  try {
    const root = values.datasets ?? DEFAULT_DATASETS_DIR;
    const { dataset, folder, imported } = await datasetFromPath(
      values.data,
      IMAGE_SIDE,
      root,
      said === undefined ? undefined : said === 'yes',
    );
    const id = datasetId(dataset);
    log(
      `${imported ? 'Imported and stored' : 'Using stored'} dataset ${id}: ${dataset.classes} classes, ` +
        `${dataset.train.count} train and ${dataset.test.count} test images ` +
        `(${dataset.split === 'files' ? 'test set from the files' : 'stated split: 20% of each class'}), ` +
        `${dataset.sourceSize.join('×')} → ${IMAGE_SIDE}×${IMAGE_SIDE} by area averaging, in ${folder}`,
    );
    return { id, folder };
  } catch (error) {
    if (error instanceof DatasetError) throw new UsageError(`--data: ${error.message}`);
    throw error;
  }
}
