/*
 * A trainability study's settings as one line of text, for the link:
 * `c=mcclean;n=2-6;L=1,5,20;cost=projector;K=200;init=uniform;seed=1`, then `;backend=webgpu`
 * for a study on WebGPU (absent means the CPU, as in links from before there was a choice).
 * Lists compress runs into ranges. Parsing gives the raw values to validateSettings; keys it
 * does not know are errors.
 */
import type { TrainabilitySettings } from './settings';

/** "2-6,8" → [2, 3, 4, 5, 6, 8]; null for anything else (a backwards range included). */
export function parseNumberList(text: string): number[] | null {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) return null;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo || hi - lo > 10_000) return null;
    for (let v = lo; v <= hi; v++) out.push(v);
  }
  return out;
}

/** [2, 3, 4, 5, 8] → "2-5,8". */
export function formatNumberList(xs: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < xs.length;) {
    let j = i;
    while (j + 1 < xs.length && xs[j + 1] === xs[j] + 1) j++;
    parts.push(j - i >= 2 ? `${xs[i]}-${xs[j]}` : xs.slice(i, j + 1).join(','));
    i = j + 1;
  }
  return parts.join(',');
}

export function formatSettingsText(s: TrainabilitySettings): string {
  return [
    `c=${s.circuit}`,
    `n=${formatNumberList(s.qubits)}`,
    `L=${formatNumberList(s.depths)}`,
    `cost=${s.costs.join(',')}`,
    `K=${s.samples}`,
    `init=${s.init}`,
    `seed=${s.seed}`,
    ...(s.backend === 'cpu' ? [] : [`backend=${s.backend}`]),
  ].join(';');
}

/** `key=value` parts separated by `;`, trimmed, empty parts skipped (a bare key has value ''). */
export function settingParts(text: string): [key: string, value: string][] {
  return text
    .split(';')
    .filter((part) => part.trim() !== '')
    .map((part) => {
      const at = part.indexOf('=');
      return at < 0 ? [part.trim(), ''] : [part.slice(0, at).trim(), part.slice(at + 1).trim()];
    });
}

export type RawSettings = Partial<Record<keyof TrainabilitySettings, unknown>>;

export function parseSettingsText(text: string): { raw: RawSettings; errors: string[] } {
  const raw: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const [key, value] of settingParts(text)) {
    const list = (name: string) => {
      const xs = parseNumberList(value);
      if (!xs) errors.push(`${name} '${value}' is not a list like 2-6 or 1,5,20`);
      return xs ?? undefined;
    };
    if (key === 'c') raw.circuit = value;
    else if (key === 'n') raw.qubits = list('n');
    else if (key === 'L') raw.depths = list('L');
    else if (key === 'cost') raw.costs = value.split(',').map((c) => c.trim());
    else if (key === 'K') raw.samples = Number(value);
    else if (key === 'init') raw.init = value;
    else if (key === 'seed') raw.seed = Number(value);
    else if (key === 'backend') raw.backend = value;
    else
      errors.push(`'${key}' is not a trainability setting (c, n, L, cost, K, init, seed, backend)`);
  }
  return { raw, errors };
}
