/**
 * A tiny SVG writer for the figures: elements as strings, attributes escaped, numbers rounded to
 * two decimals so the same data always gives the same bytes (no DOM needed in Node).
 */
import { PRINT } from '../../src/ui/tokens';

export type AttrValue = string | number | boolean | null | undefined;
export type Attrs = Readonly<Record<string, AttrValue>>;
export type Child = string | null | undefined | false;

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** A number as written in the SVG: at most two decimals, no `-0`. */
export function num(value: number): string {
  const r = Math.round(value * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

function attrText(attrs: Attrs): string {
  let out = '';
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    const written = value === true ? key : typeof value === 'number' ? num(value) : value;
    out += ` ${key}="${escapeXml(written)}"`;
  }
  return out;
}

/** `<name attrs>children</name>`; children are already-written markup (use `text` for words). */
export function el(name: string, attrs: Attrs = {}, ...children: Child[]): string {
  const body = children.filter((c): c is string => typeof c === 'string' && c !== '').join('');
  return body === ''
    ? `<${name}${attrText(attrs)}/>`
    : `<${name}${attrText(attrs)}>${body}</${name}>`;
}

/** Words inside an element. */
export function text(words: string): string {
  return escapeXml(words);
}

/** A group of children, or nothing. */
export function g(attrs: Attrs, ...children: Child[]): string {
  return el('g', attrs, ...children);
}

export interface DocumentOptions {
  readonly width: number;
  readonly height: number;
  readonly title: string;
  readonly description: string;
  /** Default true: a white rectangle behind everything. */
  readonly background?: boolean;
  readonly fontFamily: string;
}

/** A standalone SVG document, XML declaration included. */
export function svgDocument(options: DocumentOptions, ...body: Child[]): string {
  const { width, height } = options;
  const root = el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      version: '1.1',
      width: num(width),
      height: num(height),
      viewBox: `0 0 ${num(width)} ${num(height)}`,
      'font-family': options.fontFamily,
      'font-size': 11,
      fill: PRINT.ink,
    },
    el('title', {}, text(options.title)),
    el('desc', {}, text(options.description)),
    options.background === false
      ? null
      : el('rect', { width: num(width), height: num(height), fill: '#ffffff' }),
    ...body,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
}
