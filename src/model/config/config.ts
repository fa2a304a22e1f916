/**
 * The experiment configuration as a typed value: import everything configuration-related from
 * here. The pieces live in small files (schema, validator, edges, edits); this module also holds
 * the defaults (docs/model.md §2) as a validated value.
 */
import type { ExperimentConfig } from './configSchema';
import { describeConfigErrors, validateConfig } from './configValidate';

export * from './configSchema';
export {
  describeConfigErrors,
  mapSide,
  validateConfig,
  validateSavedConfig,
} from './configValidate';
export {
  allEdgeSubsets,
  compareEdges,
  edgeProblem,
  edgeRefusal,
  formatEdgeList,
  parseEdgeList,
  possibleEdges,
  sameEdge,
} from './configEdges';
export { edgeLabel, nodeName } from './configMessages';
export {
  toConfigInput,
  withDataset,
  withEdge,
  withLayer,
  withLayerCount,
  withoutEdge,
  withSettings,
} from './configUpdate';
export type { DatasetCounts } from './configUpdate';

/**
 * The defaults (docs/model.md §2): two trainable 2×2 layers of the default circuit (`basic`,
 * L = 3), no residual edges, chained tap, measured gradients, stride 1, same padding, the ResQuNN
 * model; 500 training and 200 test images, batch 16, learning rate 0.01, 1 epoch, seed 1. Its text
 * form names the circuit (`n=2;k=2,2;d=3,3;a=basic,basic`): a text without it means ryrz, L = 1.
 */
export const DEFAULT_CONFIG: ExperimentConfig = defaultConfig();

function defaultConfig(): ExperimentConfig {
  const result = validateConfig({});
  if (!result.ok)
    throw new Error(`the default configuration is invalid: ${describeConfigErrors(result.errors)}`);
  return result.config;
}
