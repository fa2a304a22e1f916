import { CIRCUIT_FAMILIES, type CircuitFamily } from '../../sim/circuit/circuitProgram';
import { readCustomCircuit, type CustomCircuit } from '../../sim/circuit/customCircuit';
import { DATASET_REF_RULE, parseDatasetRef } from '../../data/formats/datasetRef';
import { compareEdges, edgeProblem } from './configEdges';
import { describeValue, listChoices, unknownName } from './configMessages';
import {
  CONFIG_KEYS,
  CONFIG_LIMITS,
  DEFAULT_LAYER,
  DEFAULT_LAYER_COUNT,
  DATASET_SIZE_LIMIT,
  DEFAULT_SETTINGS,
  EDGE_KEYS,
  IMPLICIT_CIRCUIT,
  IMAGE_SIDE,
  KERNELS,
  LAYER_KEYS,
  MODEL_KINDS,
  PADDINGS,
  SEMANTICS,
  TAPS,
  type ConfigError,
  type ConfigResult,
  type ConfigValues,
  type Depth,
  type Edge,
  type ExperimentConfig,
  type Kernel,
  type LayerSpec,
  type Padding,
  type Stride,
} from './configSchema';

/**
 * The one gate through which a configuration enters the app (UI, URL, file, CLI): a loose plain
 * object in, a frozen ExperimentConfig or every problem found out. Missing settings take their
 * defaults (no layers: the default layers), except that a layer given without its family or depth
 * is IMPLICIT_CIRCUIT's (ryrz, 1), which is what such a layer meant in anything saved before the
 * default circuit changed. Unknown keys are errors, so a typo is reported rather than silently
 * ignored. `maxLayers` raises the layer bound past CONFIG_LIMITS' 4 for the one use that needs
 * it, the deep-stack study (its networks are never drawn or swept; docs/model.md §9).
 */
export function validateConfig(
  raw: unknown,
  { maxLayers = CONFIG_LIMITS.layers.max }: { readonly maxLayers?: number } = {},
): ConfigResult {
  if (!isRecord(raw)) {
    const message = `a configuration must be an object of settings (got ${describeValue(raw)})`;
    return { ok: false, errors: [{ path: '', message }] };
  }
  const errors: ConfigError[] = [];
  const report = (path: string, message: string): void => void errors.push({ path, message });
  for (const key of Object.keys(raw)) {
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) {
      report(key, unknownName('setting', key, CONFIG_KEYS));
    }
  }
  // Each reader reports its problems and returns a stand-in, so every problem is found at once.
  const d = DEFAULT_SETTINGS;
  const limits = CONFIG_LIMITS;
  const layers = readLayers(raw.layers, maxLayers, report);
  // Edges are judged against the layer count even when a layer's own settings are wrong.
  const layerCount = Array.isArray(raw.layers) ? raw.layers.length : layers?.length;
  const layersCountValid = !errors.some((e) => e.path === 'layers');
  const edges = readEdges(raw.edges, layersCountValid ? layerCount : undefined, report);
  const tap = readChoice(raw.tap, d.tap, TAPS, 'tap', report);
  const semantics = readChoice(raw.semantics, d.semantics, SEMANTICS, 'semantics', report);
  const padding = readChoice(raw.padding, d.padding, PADDINGS, 'padding', report);
  const model = readChoice(raw.model, d.model, MODEL_KINDS, 'model', report);
  const stride = readInteger(raw.stride, d.stride, limits.stride, 'stride', 'stride', report);
  const dataset = readDataset(raw.dataset, report);
  // A user's dataset is checked against its real size when a run loads it (TrainingRun).
  const builtIn = dataset === d.dataset;
  const sizeLimit = (range: Range): Range =>
    builtIn ? range : { min: range.min, max: DATASET_SIZE_LIMIT };
  const trainSize = readInteger(
    raw.trainSize,
    d.trainSize,
    sizeLimit(limits.trainSize),
    'trainSize',
    'training set size',
    report,
    builtIn ? ' (the data split has 6,630 training images)' : '',
  );
  const testSize = readInteger(
    raw.testSize,
    d.testSize,
    sizeLimit(limits.testSize),
    'testSize',
    'test set size',
    report,
    builtIn ? ' (the data split has 2,000 test images)' : '',
  );
  const batchSize = readInteger(
    raw.batchSize,
    d.batchSize,
    limits.batchSize,
    'batchSize',
    'batch size',
    report,
  );
  const epochs = readInteger(raw.epochs, d.epochs, limits.epochs, 'epochs', 'epochs', report);
  const seed = readInteger(raw.seed, d.seed, limits.seed, 'seed', 'seed', report);
  const shots = readInteger(
    raw.shots,
    d.shots,
    limits.shots,
    'shots',
    'shots',
    report,
    ' (0 = exact expectation values; otherwise measurements per ⟨Z⟩ estimate)',
  );
  const learningRate = readLearningRate(raw.learningRate, report);
  const sizesValid = !errors.some((e) => e.path === 'trainSize' || e.path === 'batchSize');
  if (sizesValid && batchSize > trainSize) {
    report('batchSize', `batch size ${batchSize} exceeds the training set (${trainSize})`);
  }
  const shapeValid = !errors.some((e) => e.path === 'stride' || e.path === 'padding');
  if (layers && shapeValid) checkMapSizes(layers, stride as Stride, padding, report);
  if (errors.length > 0 || !layers) return { ok: false, errors };
  const values: ConfigValues = {
    layers: Object.freeze(layers.map((layer) => Object.freeze(layer))),
    edges: Object.freeze([...edges].sort(compareEdges).map((edge) => Object.freeze(edge))),
    tap,
    semantics,
    stride: stride as Stride,
    padding,
    model,
    trainSize,
    testSize,
    batchSize,
    learningRate,
    epochs,
    seed,
    shots,
    dataset,
  };
  // The one place a configuration is branded: everything above has been checked.
  return { ok: true, config: Object.freeze(values) as ExperimentConfig };
}

/**
 * A configuration as it was saved (a link's or file's text, once parsed, or a file's object form):
 * like validateConfig, except that naming no layers means DEFAULT_LAYER_COUNT 2×2 layers of
 * IMPLICIT_CIRCUIT rather than the default layers, so what was saved keeps its meaning whatever
 * the default circuit becomes.
 */
export function validateSavedConfig(raw: unknown): ConfigResult {
  if (!isRecord(raw) || raw.layers !== undefined) return validateConfig(raw);
  return validateConfig({
    ...raw,
    layers: Array.from({ length: DEFAULT_LAYER_COUNT }, () => ({})),
  });
}

/** All of a failed result's messages as one paragraph, for a notice or a CLI error. */
export function describeConfigErrors(errors: readonly ConfigError[]): string {
  return errors.map((e) => e.message).join('; ');
}

type Report = (path: string, message: string) => void;
type Range = { readonly min: number; readonly max: number };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readLayers(value: unknown, max: number, report: Report): LayerSpec[] | undefined {
  if (value === undefined) return Array.from({ length: DEFAULT_LAYER_COUNT }, () => DEFAULT_LAYER);
  const { min } = CONFIG_LIMITS.layers;
  if (!Array.isArray(value)) {
    report(
      'layers',
      `layers must be a list of ${min} to ${max} quanv layers (got ${describeValue(value)})`,
    );
    return undefined;
  }
  if (value.length < min || value.length > max) {
    report('layers', `the network needs ${min} to ${max} quanv layers (got ${value.length})`);
    return undefined;
  }
  const layers = value.map((layer: unknown, i) => readLayer(layer, i, report));
  return layers.every((l) => l !== undefined) ? (layers as LayerSpec[]) : undefined;
}

function readLayer(value: unknown, index: number, report: Report): LayerSpec | undefined {
  const path = `layers[${index}]`;
  const name = `layer ${index + 1}`;
  if (!isRecord(value)) {
    report(
      path,
      `${name} must be an object with kernel, depth, trainable and family (got ${describeValue(value)})`,
    );
    return undefined;
  }
  let ok = true;
  const fail: Report = (p, m) => {
    ok = false;
    report(p, m);
  };
  for (const key of Object.keys(value)) {
    if (!(LAYER_KEYS as readonly string[]).includes(key)) {
      fail(`${path}.${key}`, `${name}: ${unknownName('setting', key, LAYER_KEYS)}`);
    }
  }
  const kernel = value.kernel === undefined ? DEFAULT_LAYER.kernel : value.kernel;
  if (!(KERNELS as readonly unknown[]).includes(kernel)) {
    fail(
      `${path}.kernel`,
      `${name}: kernel ${describeValue(kernel)} is not supported: ` +
        'use 2 (a 2×2 window on 4 qubits) or 3 (3×3 on 9 qubits)',
    );
  }
  const depth = readInteger(
    value.depth,
    IMPLICIT_CIRCUIT.depth,
    CONFIG_LIMITS.depth,
    `${path}.depth`,
    `${name}: depth`,
    fail,
  );
  const trainable = value.trainable === undefined ? DEFAULT_LAYER.trainable : value.trainable;
  if (typeof trainable !== 'boolean') {
    fail(
      `${path}.trainable`,
      `${name}: trainable must be true or false (got ${describeValue(trainable)})`,
    );
  }
  const family = value.family === undefined ? IMPLICIT_CIRCUIT.family : value.family;
  if (!(CIRCUIT_FAMILIES as readonly unknown[]).includes(family)) {
    fail(
      `${path}.family`,
      `${name}: circuit family ${describeValue(family)} is not one of ` +
        `${listChoices(CIRCUIT_FAMILIES)} (docs/model.md §6: ryrz = RY·RZ + CNOT ring, basic = RX + ring, ` +
        'strong = Rot + ranged ring, random = random rotations and CNOTs (the lab’s first version), ' +
        'randomlayers = PennyLane’s RandomLayers)',
    );
  }
  let circuit: CustomCircuit | undefined;
  if (value.circuit !== undefined && ok) {
    const read = readCustomCircuit(value.circuit, kernel === 3 ? 9 : 4);
    if (read.ok) circuit = frozenCircuit(read.circuit);
    else for (const why of read.errors) fail(`${path}.circuit`, `${name}: custom circuit, ${why}`);
  }
  if (!ok) return undefined;
  const layer: LayerSpec = {
    kernel: kernel as Kernel,
    depth: depth as Depth,
    trainable: trainable as boolean,
    family: family as CircuitFamily,
  };
  return circuit ? { ...layer, circuit } : layer;
}

function frozenCircuit(circuit: CustomCircuit): CustomCircuit {
  return Object.freeze({
    encoding: circuit.encoding,
    gates: Object.freeze(circuit.gates.map((g) => Object.freeze({ ...g }))),
  });
}

function readEdges(value: unknown, layerCount: number | undefined, report: Report): Edge[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    report('edges', `edges must be a list of {from, to} pairs (got ${describeValue(value)})`);
    return [];
  }
  const edges: Edge[] = [];
  value.forEach((item: unknown, i) => {
    const edge = readEdge(item, i, report);
    if (!edge) return;
    // Without a valid layer count, range cannot be judged fairly: skip it rather than guess.
    const problem = layerCount === undefined ? null : edgeProblem(layerCount, edges, edge);
    if (problem) report(`edges[${i}]`, problem);
    edges.push(edge);
  });
  return edges;
}

function readEdge(value: unknown, index: number, report: Report): Edge | undefined {
  const path = `edges[${index}]`;
  const name = `edge #${index + 1}`;
  if (!isRecord(value)) {
    report(path, `${name} must be an object {from, to} (got ${describeValue(value)})`);
    return undefined;
  }
  let ok = true;
  for (const key of Object.keys(value)) {
    if (!(EDGE_KEYS as readonly string[]).includes(key)) {
      ok = false;
      report(`${path}.${key}`, `${name}: ${unknownName('field', key, EDGE_KEYS)}`);
    }
  }
  for (const key of EDGE_KEYS) {
    if (typeof value[key] !== 'number' || !Number.isInteger(value[key])) {
      ok = false;
      const got = describeValue(value[key]);
      report(`${path}.${key}`, `${name}: '${key}' must be a whole node number (got ${got})`);
    }
  }
  return ok ? { from: value.from as number, to: value.to as number } : undefined;
}

function readDataset(value: unknown, report: Report): string {
  if (value === undefined) return DEFAULT_SETTINGS.dataset;
  if (typeof value === 'string' && parseDatasetRef(value) !== undefined) return value;
  report('dataset', `dataset must be ${DATASET_REF_RULE} (got ${describeValue(value)})`);
  return DEFAULT_SETTINGS.dataset;
}

function readChoice<T extends string>(
  value: unknown,
  fallback: T,
  choices: readonly T[],
  key: string,
  report: Report,
): T {
  if (value === undefined) return fallback;
  if ((choices as readonly unknown[]).includes(value)) return value as T;
  report(key, `${key} must be ${listChoices(choices)} (got ${describeValue(value)})`);
  return fallback;
}

/** A whole number in range; on a problem, reports it and returns the fallback as a stand-in. */
function readInteger(
  value: unknown,
  fallback: number,
  { min, max }: Range,
  path: string,
  label: string,
  report: Report,
  hint = '',
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    report(
      path,
      `${label} must be a whole number from ${min} to ${max} (got ${describeValue(value)})`,
    );
    return fallback;
  }
  if (value < min || value > max) {
    report(path, `${label} ${value} is out of range (${min}..${max})${hint}`);
    return fallback;
  }
  return value;
}

function readLearningRate(value: unknown, report: Report): number {
  const fallback = DEFAULT_SETTINGS.learningRate;
  if (value === undefined) return fallback;
  const { max } = CONFIG_LIMITS.learningRate;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    report('learningRate', `learning rate must be a positive number (got ${describeValue(value)})`);
    return fallback;
  }
  if (value > max) {
    report('learningRate', `learning rate ${value} is too large (at most ${max})`);
    return fallback;
  }
  return value;
}

/**
 * Under `valid` padding each layer shrinks its map (stride shrinks it under both paddings, but
 * `same` never below 1×1); a window larger than its input would leave an empty map.
 */
function checkMapSizes(
  layers: readonly LayerSpec[],
  stride: Stride,
  padding: Padding,
  report: Report,
): void {
  let side = IMAGE_SIDE;
  for (const [i, { kernel }] of layers.entries()) {
    if (padding === 'valid' && side < kernel) {
      report(
        `layers[${i}].kernel`,
        `layer ${i + 1}: with 'valid' padding and stride ${stride} its input is only ` +
          `${side}×${side}, smaller than its ${kernel}×${kernel} window`,
      );
      return;
    }
    side = mapSide(side, kernel, stride, padding);
  }
}

/** Side of a map after one quanv layer: `same` keeps ⌈H/s⌉, `valid` drops the border. */
export function mapSide(side: number, kernel: number, stride: number, padding: Padding): number {
  return padding === 'same' ? Math.ceil(side / stride) : Math.floor((side - kernel) / stride) + 1;
}
