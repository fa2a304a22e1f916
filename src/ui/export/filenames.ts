/*
 * Names of exported files: they say what they hold, e.g.
 * `resqunn_gradnorms_n2-k2-2-e1-2_seed1.svg` — the app, the figure or data, the configuration
 * (its text form as a slug) and the seed, then the PNG scale. Safe on every common file system:
 * only `a-z 0-9 - _ .`.
 */

import { fnv1a32Text } from '../../util/fnv1a';

/** What an export holds: a chart, the diagram, or the run's data. */
export type ExportSubject =
  'gradnorms' | 'loss' | 'accuracy' | 'architecture' | 'steps' | 'run' | 'config' | (string & {});

const MAX_SLUG = 80;

/**
 * A configuration's text (`n=2;k=2,2;e=1-2`) as a file-name slug (`n2-k2-2-e1-2`): `=` dropped,
 * separators become `-`, a decimal point becomes `p` (`lr=0.005` → `lr0p005`); the seed is left
 * out (filenames carry it separately). Over-long slugs are cut and keep a short hash of the
 * whole text, so two different configurations never share a name.
 */
export function configSlug(text: string): string {
  const parts = text
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '' && !/^seed\s*=/.test(p));
  const slug = parts
    .join('-')
    .toLowerCase()
    .replace(/=/g, '')
    .replace(/\./g, 'p')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug === '') return 'config';
  if (slug.length <= MAX_SLUG) return slug;
  return `${slug.slice(0, MAX_SLUG - 9).replace(/-+$/, '')}-${fnv1a32Text(text)}`;
}

/** The seed written in a configuration's text, or the default 1 when it is not written. */
export function configSeed(text: string): number {
  const match = /(?:^|;)\s*seed\s*=\s*(\d+)\s*(?:;|$)/.exec(text);
  return match ? Number(match[1]) : 1;
}

export interface FilenameParts {
  readonly subject: ExportSubject;
  /** The configuration's text form. */
  readonly config: string;
  readonly ext: 'svg' | 'png' | 'csv' | 'json' | 'zip' | 'qasm';
  /** PNG pixel scale (1, 2, 4): written as `_2x`. */
  readonly scale?: number;
  /** Anything else that tells two exports apart, e.g. `column` or `run3`. */
  readonly variant?: string;
}

export function exportFilename(parts: FilenameParts): string {
  const fields = [
    'resqunn',
    safeToken(parts.subject),
    configSlug(parts.config),
    `seed${configSeed(parts.config)}`,
  ];
  if (parts.variant) fields.push(safeToken(parts.variant));
  if (parts.scale !== undefined) fields.push(`${parts.scale}x`);
  return `${fields.join('_')}.${parts.ext}`;
}

/** A free-form word as a file-name token: lower case, `a-z 0-9 -` only. */
export function safeToken(word: string): string {
  const token = word
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return token === '' ? 'x' : token;
}
