import type { BackendName } from '../engine/backend';
import type { ConfigResult, ExperimentConfig } from '../model/config';
import { formatConfigText, parseConfigUrlCode } from '../model/configText';

/**
 * The configuration lives in the page's address, `?c=n=2;k=2,2;e=1-2`, so a link reproduces an
 * experiment. A link is data, never code: it goes through the same parser and validator as
 * anything typed, and a link that fails them is reported and ignored.
 */

export const CONFIG_PARAM = 'c';

export type LinkReading =
  | { readonly kind: 'absent' }
  | { readonly kind: 'ok'; readonly config: ExperimentConfig }
  | { readonly kind: 'refused'; readonly errors: readonly string[] };

/** The raw (still %-escaped) value of `c` in a query string; URLSearchParams would turn + into space. */
function rawParam(search: string, name: string): string | null {
  for (const part of search.replace(/^\?/, '').split('&')) {
    const at = part.indexOf('=');
    const key = at < 0 ? part : part.slice(0, at);
    if (key === name) return at < 0 ? '' : part.slice(at + 1);
  }
  return null;
}

export function readConfigLink(search: string): LinkReading {
  const code = rawParam(search, CONFIG_PARAM);
  if (code === null) return { kind: 'absent' };
  if (code.length > 2000) {
    return { kind: 'refused', errors: ['the configuration code is too long to be one'] };
  }
  const result: ConfigResult = parseConfigUrlCode(code);
  return result.ok
    ? { kind: 'ok', config: result.config }
    : { kind: 'refused', errors: result.errors.map((e) => e.message) };
}

/**
 * `search` with `c` set to the configuration's text, other parameters kept. The text form uses
 * only characters a query allows unescaped, so links stay readable.
 */
export function searchWithConfig(search: string, config: ExperimentConfig): string {
  const text = formatConfigText(config);
  const safe = /^[a-z0-9=;,.-]*$/i.test(text) ? text : encodeURIComponent(text);
  const others = search
    .replace(/^\?/, '')
    .split('&')
    .filter((part) => part !== '' && part.split('=')[0] !== CONFIG_PARAM);
  return `?${[...others, `${CONFIG_PARAM}=${safe}`].join('&')}`;
}

/** The banner's sentence for a link that could not be used. */
export function linkProblemMessage(errors: readonly string[]): string {
  const list = errors.length > 0 ? errors.join('; ') : 'it could not be read';
  return `This link's configuration could not be used: ${list}. Showing the defaults instead.`;
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
