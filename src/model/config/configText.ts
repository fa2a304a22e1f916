import { formatEdgeList, parseEdgeList } from './configEdges';
import { formatCustomCircuit } from '../../sim/circuit/customCircuit';
import { describeValue, unknownName } from './configMessages';
import {
  CONFIG_LIMITS,
  DEFAULT_LAYER,
  DEFAULT_SETTINGS,
  IMPLICIT_CIRCUIT,
  type ConfigError,
  type ConfigResult,
  type ConfigValues,
  type ExperimentConfig,
} from './configSchema';
import { validateSavedConfig } from './configValidate';

export { formatEdgeList, parseEdgeList } from './configEdges';

/*
 * The compact text form of a configuration, also the app's URL code:
 *
 *   n=2;k=2,2;e=0-1,1-2
 *
 * `key=value` parts separated by `;`, in any order when parsing. n (layer count) and k (kernels)
 * are always written; every other key is written only when it differs from what its absence
 * means: d (depths; missing: 1 everywhere), t (trainable flags, 1/0), a (circuit families: ryrz,
 * basic, strong, random, randomlayers; missing: ryrz everywhere), e (edges, `from-to`; empty or missing: none),
 * tap, sem, m (model), s (stride), p (padding), train, test, b (batch size), lr, ep (epochs), seed,
 * shots (0 = exact, the default), data (the dataset, `name.hash`; missing: the built-in MNIST),
 * g (custom circuits, src/sim/circuit/customCircuit.ts: `rx0_cx01_…` per layer, `-` for a layer
 * that runs its family; missing: every layer runs its family).
 * A missing a or d means IMPLICIT_CIRCUIT (ryrz, depth 1), never the default circuit: links and
 * files from before families keep their meaning, and one written today keeps it when the default
 * changes (so a default configuration's text carries `d=` and `a=`). Text naming no layers at all
 * has DEFAULT_LAYER_COUNT 2×2 layers of that implicit circuit.
 * The formatted text uses only `a-z 0-9 = ; , . - _ ~ :`, all of which RFC 3986 allows unescaped in a
 * URL's query or fragment. Parsing checks the text's own syntax, then hands the settings to
 * validateSavedConfig, so every other rule is worded exactly as for any other input.
 */

type ScalarKey = Exclude<keyof ConfigValues, 'layers' | 'edges'>;

/** Text key of each scalar setting, in the order formatConfigText writes them. */
const SCALAR_KEYS = {
  tap: 'tap',
  sem: 'semantics',
  m: 'model',
  s: 'stride',
  p: 'padding',
  train: 'trainSize',
  test: 'testSize',
  b: 'batchSize',
  lr: 'learningRate',
  ep: 'epochs',
  seed: 'seed',
  shots: 'shots',
  data: 'dataset',
} as const satisfies Record<string, ScalarKey>;

type LayerValues = ConfigValues['layers'][number];

/**
 * Text key of each per-layer setting, one comma-separated value per quanv layer, in the order
 * formatConfigText writes them: how a layer's value is written, how a written one is read back
 * (a plain value for the validator, or a message), and whether the list is written at all (only
 * when some layer differs from what the key's absence means).
 */
const LIST_KEYS = {
  k: {
    field: 'kernel',
    format: (l: LayerValues) => String(l.kernel),
    parse: numberOrText,
    written: () => true,
  },
  d: {
    field: 'depth',
    format: (l: LayerValues) => String(l.depth),
    parse: numberOrText,
    written: (l: LayerValues) => l.depth !== IMPLICIT_CIRCUIT.depth,
  },
  t: {
    field: 'trainable',
    format: (l: LayerValues) => (l.trainable ? '1' : '0'),
    parse: (value: string, layer: number): ParsedValue =>
      value === '1' || value === '0'
        ? { value: value === '1' }
        : {
            error: `t: ${describeValue(value)} for layer ${layer + 1} must be 1 (trainable) or 0 (frozen)`,
          },
    written: (l: LayerValues) => l.trainable !== DEFAULT_LAYER.trainable,
  },
  a: {
    field: 'family',
    format: (l: LayerValues) => l.family,
    parse: (value: string): ParsedValue => ({ value }),
    written: (l: LayerValues) => l.family !== IMPLICIT_CIRCUIT.family,
  },
  g: {
    field: 'circuit',
    format: (l: LayerValues) => (l.circuit ? formatCustomCircuit(l.circuit) : NO_CIRCUIT),
    // The validator reads the circuit's text and names the gate of any problem.
    parse: (value: string): ParsedValue => ({ value: value === NO_CIRCUIT ? undefined : value }),
    written: (l: LayerValues) => l.circuit !== undefined,
  },
} as const satisfies Record<string, ListKey>;

/** A layer without a custom circuit, in `g=`: it runs its family's. */
const NO_CIRCUIT = '-';

type ParsedValue = { readonly value: unknown } | { readonly error: string };

interface ListKey {
  readonly field: keyof LayerValues;
  readonly format: (layer: LayerValues) => string;
  readonly parse: (value: string, layer: number) => ParsedValue;
  readonly written: (layer: LayerValues) => boolean;
}

const TEXT_KEYS: readonly string[] = [
  'n',
  ...Object.keys(LIST_KEYS),
  'e',
  ...Object.keys(SCALAR_KEYS),
];

export function formatConfigText(config: ExperimentConfig): string {
  const { layers } = config;
  const parts = [`n=${layers.length}`];
  for (const [key, list] of Object.entries(LIST_KEYS) as [string, ListKey][]) {
    if (layers.some((l) => list.written(l)))
      parts.push(`${key}=${layers.map(list.format).join(',')}`);
  }
  if (config.edges.length > 0) parts.push(`e=${formatEdgeList(config.edges)}`);
  for (const [key, setting] of Object.entries(SCALAR_KEYS)) {
    if (config[setting] !== DEFAULT_SETTINGS[setting]) parts.push(`${key}=${config[setting]}`);
  }
  return parts.join(';');
}

export function parseConfigText(text: string): ConfigResult {
  const errors: ConfigError[] = [];
  const fail = (path: string, message: string): void => void errors.push({ path, message });
  const values = splitParts(text, fail);

  const raw: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(SCALAR_KEYS)) {
    const value = values.get(key);
    if (value === undefined) continue;
    raw[setting] = isNumeric(value) ? Number(value) : value;
  }
  const edgesText = values.get('e');
  if (edgesText !== undefined) {
    const edges = parseEdgeList(edgesText);
    if (edges.ok) raw.edges = edges.edges;
    else errors.push(...edges.errors);
  }
  const layers = readLayerLists(values, fail);
  if (layers) raw.layers = layers;
  // The text's own mistakes first: the settings they would give are not what the person meant.
  return errors.length > 0 ? { ok: false, errors } : validateSavedConfig(raw);
}

/**
 * A configuration from a URL's query or fragment value, percent-escapes allowed (a browser or a
 * chat client may have added them).
 */
export function parseConfigUrlCode(code: string): ConfigResult {
  let text: string;
  try {
    text = decodeURIComponent(code);
  } catch {
    const message = `the configuration code ${describeValue(code)} has a broken %-escape`;
    return { ok: false, errors: [{ path: '', message }] };
  }
  return parseConfigText(text);
}

type Fail = (path: string, message: string) => void;

function splitParts(text: string, fail: Fail): Map<string, string> {
  const values = new Map<string, string>();
  for (const part of text.split(';')) {
    if (part.trim() === '') continue; // tolerate `;;` and a trailing `;`
    const at = part.indexOf('=');
    if (at < 0) {
      fail('', `part ${describeValue(part.trim())} is not of the form key=value`);
      continue;
    }
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (!TEXT_KEYS.includes(key)) fail(key, unknownName('key', key, TEXT_KEYS));
    else if (values.has(key)) fail(key, `key '${key}' appears twice`);
    else values.set(key, value);
  }
  return values;
}

/**
 * n and the per-layer lists k, d, t, a as layer objects. n may be left out when a list gives the
 * count; with neither, undefined (validateSavedConfig then gives the implicit layers).
 */
function readLayerLists(
  values: ReadonlyMap<string, string>,
  fail: Fail,
): Record<string, unknown>[] | undefined {
  const lists = new Map<string, string[]>();
  for (const key of Object.keys(LIST_KEYS)) {
    const value = values.get(key);
    if (value === undefined) continue;
    if (value === '') fail(key, `${key} is empty: give one value per quanv layer`);
    else
      lists.set(
        key,
        value.split(',').map((v) => v.trim()),
      );
  }
  const nText = values.get('n');
  let count: number;
  let countSource: string;
  if (nText !== undefined) {
    const { min, max } = CONFIG_LIMITS.layers;
    count = /^\d+$/.test(nText) ? Number(nText) : NaN;
    if (!(count >= min && count <= max)) {
      fail('n', `n=${nText} is not a layer count: the network has ${min} to ${max} quanv layers`);
      return undefined;
    }
    countSource = `n=${count}`;
  } else {
    const first = [...lists.entries()][0];
    if (!first) return undefined;
    [countSource, count] = [`${first[0]} has ${first[1].length}`, first[1].length];
  }
  let ok = true;
  for (const [key, list] of lists) {
    if (list.length !== count) {
      ok = false;
      fail(key, `${key} has ${list.length} values but ${countSource}`);
    }
  }
  const layers = Array.from({ length: count }, (_, i) => {
    const layer: Record<string, unknown> = {};
    for (const [key, list] of Object.entries(LIST_KEYS) as [string, ListKey][]) {
      const text = lists.get(key)?.[i];
      if (text === undefined) continue;
      const parsed = list.parse(text, i);
      if ('error' in parsed) {
        ok = false;
        fail(key, parsed.error);
      } else layer[list.field] = parsed.value;
    }
    return layer;
  });
  return ok ? layers : undefined;
}

/** A number where the text is one, else the text itself, for the validator to name. */
function numberOrText(text: string): ParsedValue {
  return { value: isNumeric(text) ? Number(text) : text };
}

/** Decimal notation only: Number() would also accept '', '0x10' and 'Infinity'. */
function isNumeric(text: string): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text);
}
