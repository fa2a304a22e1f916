import { MNIST_DATASET } from '../../data/formats/datasetRef';
import { sameEdge } from './configEdges';
import {
  CONFIG_LIMITS,
  DATASET_SIZE_LIMIT,
  type ConfigInput,
  type ConfigResult,
  type Edge,
  type ExperimentConfig,
  type LayerSpec,
} from './configSchema';
import { validateConfig } from './configValidate';

/*
 * Edits of a valid configuration, for the UI. Each one builds the edited plain input and passes it
 * through validateConfig again, so an edit can never produce an unchecked configuration; the
 * result carries the reason when the edit is refused.
 */

/** A plain, unbranded copy of every setting: the object form a file or a patch starts from. */
export function toConfigInput(config: ExperimentConfig): ConfigInput {
  return {
    layers: config.layers.map((layer) => ({ ...layer })),
    edges: config.edges.map((edge) => ({ ...edge })),
    tap: config.tap,
    semantics: config.semantics,
    stride: config.stride,
    padding: config.padding,
    model: config.model,
    trainSize: config.trainSize,
    testSize: config.testSize,
    batchSize: config.batchSize,
    learningRate: config.learningRate,
    epochs: config.epochs,
    seed: config.seed,
    shots: config.shots,
    dataset: config.dataset,
  };
}

/** The configuration with some settings replaced (whole values: `layers` replaces every layer). */
export function withSettings(config: ExperimentConfig, patch: ConfigInput): ConfigResult {
  return validateConfig({ ...toConfigInput(config), ...patch });
}

/** How many images a dataset holds for training and for testing. */
export interface DatasetCounts {
  readonly train: number;
  readonly test: number;
}

/**
 * The configuration on `dataset`, its sizes cut to what the data holds (and the batch to the
 * training set): `counts` where the caller knows them, else the most the validator allows for that
 * data (the built-in split's sizes for MNIST, the import limit for a user's dataset).
 */
export function withDataset(
  config: ExperimentConfig,
  dataset: string,
  counts?: DatasetCounts,
): ConfigResult {
  const builtIn = dataset === MNIST_DATASET;
  const train = counts?.train ?? (builtIn ? CONFIG_LIMITS.trainSize.max : DATASET_SIZE_LIMIT);
  const test = counts?.test ?? (builtIn ? CONFIG_LIMITS.testSize.max : DATASET_SIZE_LIMIT);
  const trainSize = Math.min(config.trainSize, train);
  return withSettings(config, {
    dataset,
    trainSize,
    testSize: Math.min(config.testSize, test),
    batchSize: Math.min(config.batchSize, trainSize),
  });
}

/** Adds a residual edge; refused with the edge's problem (backwards, duplicate, …). */
export function withEdge(config: ExperimentConfig, edge: Edge): ConfigResult {
  return withSettings(config, { edges: [...config.edges, { from: edge.from, to: edge.to }] });
}

/** Removes a residual edge; removing an absent edge leaves the configuration as it is. */
export function withoutEdge(config: ExperimentConfig, edge: Edge): ConfigResult {
  return withSettings(config, { edges: config.edges.filter((e) => !sameEdge(e, edge)) });
}

/**
 * n quanv layers: new layers copy the last one (so a 3×3 network stays 3×3), and edges that no
 * longer fit (into a removed layer) are dropped rather than refused.
 */
export function withLayerCount(config: ExperimentConfig, layerCount: number): ConfigResult {
  const { min, max } = CONFIG_LIMITS.layers;
  if (!Number.isInteger(layerCount) || layerCount < min || layerCount > max) {
    const message = `the network needs ${min} to ${max} quanv layers (got ${layerCount})`;
    return { ok: false, errors: [{ path: 'layers', message }] };
  }
  const layers: LayerSpec[] = config.layers.slice(0, layerCount);
  const last = config.layers[config.layers.length - 1];
  while (layers.length < layerCount) layers.push({ ...last });
  const edges = config.edges.filter((edge) => edge.to <= layerCount);
  return withSettings(config, { layers, edges });
}

/** Changes one layer's settings; `index` is 0-based (Q1 is index 0). */
export function withLayer(
  config: ExperimentConfig,
  index: number,
  patch: Partial<LayerSpec>,
): ConfigResult {
  if (!Number.isInteger(index) || index < 0 || index >= config.layers.length) {
    const message = `there is no layer ${index + 1}: the network has ${config.layers.length} quanv layers`;
    return { ok: false, errors: [{ path: `layers[${index}]`, message }] };
  }
  // Choosing a family or depth chooses that family's circuit: a custom one gives way.
  const chooses = 'family' in patch || 'depth' in patch;
  const edited = (layer: LayerSpec): LayerSpec => {
    const next = { ...layer, ...patch };
    if (chooses && !('circuit' in patch)) delete (next as { circuit?: unknown }).circuit;
    return next;
  };
  const layers = config.layers.map((layer, i) => (i === index ? edited(layer) : layer));
  return withSettings(config, { layers });
}
