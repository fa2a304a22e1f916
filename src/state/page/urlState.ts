import type { BackendName } from '../../engine/backend';
import type { ConfigResult, ExperimentConfig } from '../../model/config/config';
import {
  formatConfigText,
  parseConfigText,
  parseConfigUrlCode,
} from '../../model/config/configText';
import { unknownName } from '../../model/config/configMessages';
import { PACE_PARAM } from './pace';
import { PAGE_PARAMS } from './pageParams';

/*
 * The configuration lives in the page's address, `?c=n=2;k=2,2;e=1-2`, so a link reproduces an
 * experiment. A link is data, never code: it goes through the same parser and validator as
 * anything typed, and a link that fails them is reported and ignored.
 */

const CONFIG_PARAM = 'c';

export type LinkReading =
  | { readonly kind: 'absent' }
  | { readonly kind: 'ok'; readonly config: ExperimentConfig }
  /** Some `key=value` parts were refused and left out; the rest gives `config`. */
  | {
      readonly kind: 'partial';
      readonly config: ExperimentConfig;
      readonly errors: readonly string[];
      readonly ignored: readonly string[];
    }
  | { readonly kind: 'refused'; readonly errors: readonly string[] };

/**
 * The longest `c` value read; longer ones are refused before parsing (a code is ~100 chars; with
 * custom circuits a few hundred per layer).
 */
export const MAX_CODE_LENGTH = 2000;

/** The raw (still %-escaped) values of a parameter; URLSearchParams would turn + into space. */
function rawParams(search: string, name: string): string[] {
  const found: string[] = [];
  for (const part of search.replace(/^\?/, '').split('&')) {
    const at = part.indexOf('=');
    const key = at < 0 ? part : part.slice(0, at);
    if (key === name) found.push(at < 0 ? '' : part.slice(at + 1));
  }
  return found;
}

function rawParam(search: string, name: string): string | null {
  return rawParams(search, name)[0] ?? null;
}

export function readConfigLink(search: string): LinkReading {
  const code = rawParam(search, CONFIG_PARAM);
  if (code === null) return { kind: 'absent' };
  if (code.length > MAX_CODE_LENGTH) {
    const length = code.length.toLocaleString('en-US');
    return {
      kind: 'refused',
      errors: [
        `the configuration code is ${length} characters long, too long to be one (at most ${MAX_CODE_LENGTH.toLocaleString('en-US')})`,
      ],
    };
  }
  const result: ConfigResult = parseConfigUrlCode(code);
  if (result.ok) return { kind: 'ok', config: result.config };
  const errors = result.errors.map((e) => e.message);
  const salvaged = salvage(code);
  return salvaged ? { kind: 'partial', errors, ...salvaged } : { kind: 'refused', errors };
}

/**
 * Parts that say what every layer is (count, kernels, depths, trainable flags, families, custom circuits): leaving
 * one out would change the valid layers too, not only the bad value (`a=quantumfoo,basic` would
 * turn layer 2's basic into ryrz at L = 1), so a link with a bad one is refused, never salvaged.
 */
const LAYER_PARTS: readonly string[] = ['n', 'k', 'd', 't', 'a', 'g'];

/**
 * The code with the fewest `key=value` parts left out that still validates: each round drops
 * the part whose absence leaves the fewest errors, never a layer part (LAYER_PARTS). Null when
 * nothing valid is left but the defaults, or the code cannot be decoded at all.
 */
function salvage(code: string): { config: ExperimentConfig; ignored: string[] } | null {
  let text: string;
  try {
    text = decodeURIComponent(code);
  } catch {
    return null;
  }
  let kept = text.split(';').filter((p) => p.trim() !== '');
  const ignored: string[] = [];
  while (kept.length > 1) {
    let best: { index: number; errors: number; result: ConfigResult } | null = null;
    for (let i = 0; i < kept.length; i++) {
      if (LAYER_PARTS.includes(kept[i].split('=')[0].trim())) continue;
      const result = parseConfigText(kept.filter((_, j) => j !== i).join(';'));
      const errors = result.ok ? 0 : result.errors.length;
      if (!best || errors < best.errors) best = { index: i, errors, result };
    }
    if (!best) return null;
    const drop = best.index;
    ignored.push(kept[drop].trim());
    kept = kept.filter((_, j) => j !== drop);
    if (best.result.ok) return { config: best.result.config, ignored };
  }
  return null;
}

/**
 * The page's parameters: `c`, the configuration, `backend`, the tfjs backends to try, `pace`
 * (pace.ts), the page's place (`view`, `tour`: pageParams.ts) and the Trainability view's study
 * (`trainability`) and its deep-stack study (`stacks`).
 */
const LINK_PARAMS: readonly string[] = [
  CONFIG_PARAM,
  'backend',
  PACE_PARAM,
  ...PAGE_PARAMS,
  'trainability',
  'stacks',
];

/**
 * What the link asks that the page does not do, each as a clause: a parameter it does not read,
 * a repeated one (the first counts), a backend it does not know.
 */
export function linkParamProblems(search: string): string[] {
  const problems: string[] = [];
  const counts = new Map<string, number>();
  for (const part of search.replace(/^\?/, '').split('&')) {
    if (part === '') continue;
    const name = safeDecode(part.split('=')[0]);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  for (const [name, count] of counts) {
    if (!LINK_PARAMS.includes(name)) {
      problems.push(
        `${unknownName('parameter', name, LINK_PARAMS)} was ignored (the page reads c=, backend=, pace=, view=, tour=, trainability= and stacks=)`,
      );
    } else if (count > 1) {
      problems.push(`'${name}=' appears ${count} times: only the first was used`);
    }
  }
  const backends = rawParam(search, 'backend');
  if (backends !== null) {
    const unknown = safeDecode(backends)
      .split(',')
      .map((s) => s.trim())
      .filter((s) => !(BACKEND_NAMES as readonly string[]).includes(s));
    if (unknown.length > 0) {
      const names = unknown.map((u) => `'${u}'`).join(', ');
      problems.push(
        `backend ${names} is not one of ${BACKEND_NAMES.join(', ')}, so it was ignored`,
      );
    }
  }
  return problems;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The banner's sentence for a link that could not be used in full; null when it could. */
export function linkProblemMessage(
  reading: LinkReading,
  paramProblems: readonly string[] = [],
): string | null {
  const notes = paramProblems.length > 0 ? ` Also: ${paramProblems.join('; ')}.` : '';
  switch (reading.kind) {
    case 'refused': {
      const list = reading.errors.length > 0 ? reading.errors.join('; ') : 'it could not be read';
      return `This link's configuration could not be used: ${list}. Showing the defaults instead.${notes}`;
    }
    case 'partial': {
      const parts = reading.ignored.map((p) => `'${p}'`).join(', ');
      return (
        `Part of this link's configuration could not be used: ${reading.errors.join('; ')}. ` +
        `Ignored ${parts}; the rest of the link is applied.${notes}`
      );
    }
    default:
      return paramProblems.length > 0 ? `In this link, ${paramProblems.join('; ')}.` : null;
  }
}

/**
 * `search` with `c` set to the configuration's text, other parameters kept. The text form uses
 * only characters a query allows unescaped, so links stay readable.
 */
export function searchWithConfig(search: string, config: ExperimentConfig): string {
  const text = formatConfigText(config);
  const safe = /^[a-z0-9=;,._~:-]*$/i.test(text) ? text : encodeURIComponent(text);
  const others = search
    .replace(/^\?/, '')
    .split('&')
    .filter((part) => part !== '' && part.split('=')[0] !== CONFIG_PARAM);
  return `?${[...others, `${CONFIG_PARAM}=${safe}`].join('&')}`;
}

/**
 * Why the configuration's link would not open, or null: a code past MAX_CODE_LENGTH is refused
 * by readConfigLink, so the page says so where the code grows (the gate editor).
 */
export function linkLengthProblem(config: ExperimentConfig): string | null {
  const length = formatConfigText(config).length;
  if (length <= MAX_CODE_LENGTH) return null;
  const format = (v: number) => v.toLocaleString('en-US');
  return (
    `the link's configuration code is ${format(length)} characters, over the ${format(MAX_CODE_LENGTH)} ` +
    'a link may carry: it will not open as this configuration; remove gates (or layers) to share it'
  );
}

/** The tfjs backends by name (the engine's own order is BACKEND_ORDER in engine/backend.ts). */
export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/**
 * `?backend=wasm,cpu`: the tfjs backends to try, in order, for people comparing backends and
 * for tests. Unknown names are dropped; none left means the engine's own order.
 */
export function readBackendOrder(search: string): BackendName[] | undefined {
  const raw = rawParam(search, 'backend');
  if (!raw) return undefined;
  const names = decodeURIComponent(raw)
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is BackendName => (BACKEND_NAMES as readonly string[]).includes(s));
  return names.length > 0 ? [...new Set(names)] : undefined;
}
