import { formatEdgeList, parseEdgeList } from './configEdges';
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
 * shots (0 = exact, the default).
 * A missing a or d means IMPLICIT_CIRCUIT (ryrz, depth 1), never the default circuit: links and
 * files from before families keep their meaning, and one written today keeps it when the default
 * changes (so a default configuration's text carries `d=` and `a=`). Text naming no layers at all
 * has DEFAULT_LAYER_COUNT 2×2 layers of that implicit circuit.
 * The formatted text uses only `a-z 0-9 = ; , . -`, all of which RFC 3986 allows unescaped in a
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
} as const satisfies Record<string, ScalarKey>;

const LIST_KEYS = ['k', 'd', 't', 'a'] as const;
const TEXT_KEYS: readonly string[] = ['n', ...LIST_KEYS, 'e', ...Object.keys(SCALAR_KEYS)];

export function formatConfigText(config: ExperimentConfig): string {
  const { layers } = config;
  const parts = [`n=${layers.length}`, `k=${layers.map((l) => l.kernel).join(',')}`];
  if (layers.some((l) => l.depth !== IMPLICIT_CIRCUIT.depth)) {
    parts.push(`d=${layers.map((l) => l.depth).join(',')}`);
  }
  if (layers.some((l) => l.trainable !== DEFAULT_LAYER.trainable)) {
    parts.push(`t=${layers.map((l) => (l.trainable ? 1 : 0)).join(',')}`);
  }
  if (layers.some((l) => l.family !== IMPLICIT_CIRCUIT.family)) {
    parts.push(`a=${layers.map((l) => l.family).join(',')}`);
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
  for (const key of LIST_KEYS) {
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
  const trainable = (value: string, i: number): boolean | undefined => {
    if (value === '1' || value === '0') return value === '1';
    ok = false;
    fail('t', `t: ${describeValue(value)} for layer ${i + 1} must be 1 (trainable) or 0 (frozen)`);
    return undefined;
  };
  const layers = Array.from({ length: count }, (_, i) => {
    const layer: Record<string, unknown> = {};
    const [k, d, t, a] = LIST_KEYS.map((key) => lists.get(key)?.[i]);
    if (k !== undefined) layer.kernel = isNumeric(k) ? Number(k) : k;
    if (a !== undefined) layer.family = a;
    if (d !== undefined) layer.depth = isNumeric(d) ? Number(d) : d;
    if (t !== undefined) layer.trainable = trainable(t, i);
    return layer;
  });
  return ok ? layers : undefined;
}

/** Decimal notation only: Number() would also accept '', '0x10' and 'Infinity'. */
function isNumeric(text: string): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text);
}
