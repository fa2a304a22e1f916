/**
 * Pure pieces of turning computed CSS into SVG presentation attributes for a standalone file:
 * which properties matter, their initial values, and how each computed value is written so that
 * any SVG reader (browsers, Inkscape, Illustrator, LaTeX's svg packages) draws the same thing.
 */
import { cssVariables, PRINT } from '../tokens';

/** The fonts of exported figures: the same system stacks the app uses, no web fonts. */
export const SANS_STACK =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
export const MONO_STACK = "ui-monospace, 'SF Mono', 'Cascadia Mono', Menlo, Consolas, monospace";

/**
 * The print theme (tokens.ts), applied while an export reads computed styles: figures are for
 * print, so a page in dark mode still exports dark ink on white.
 */
export const PRINT_THEME: Readonly<Record<string, string>> = cssVariables(PRINT);

/** Inherited properties: written where they differ from the parent's value. */
const INHERITED = [
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-dashoffset',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-miterlimit',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'font-variant-numeric',
  'letter-spacing',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'paint-order',
] as const;

/** Not inherited: written where they differ from the initial value. */
const OWN = ['opacity', 'rx', 'ry', 'stop-color', 'stop-opacity'] as const;

export type StyleProperty = (typeof INHERITED)[number] | (typeof OWN)[number];

/** Initial values, as Chromium's getComputedStyle writes them. */
export const INITIAL: Readonly<Record<StyleProperty, string>> = {
  fill: 'rgb(0, 0, 0)',
  'fill-opacity': '1',
  'fill-rule': 'nonzero',
  stroke: 'none',
  'stroke-width': '1px',
  'stroke-opacity': '1',
  'stroke-dasharray': 'none',
  'stroke-dashoffset': '0px',
  'stroke-linecap': 'butt',
  'stroke-linejoin': 'miter',
  'stroke-miterlimit': '4',
  // Always written on the root: readers differ in their default font.
  'font-family': '',
  'font-size': '16px',
  'font-weight': '400',
  'font-style': 'normal',
  'font-variant-numeric': 'normal',
  'letter-spacing': 'normal',
  'text-anchor': 'start',
  'dominant-baseline': 'auto',
  visibility: 'visible',
  'paint-order': 'normal',
  opacity: '1',
  rx: 'auto',
  ry: 'auto',
  'stop-color': 'rgb(0, 0, 0)',
  'stop-opacity': '1',
};

export interface Rgba {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  readonly a: number;
}

/**
 * A computed colour (`rgb()`, `rgba()`, `color(srgb …)`, `#hex`, `transparent`) as numbers, or
 * null for anything else (`none`, `url(…)`, `currentcolor`).
 */
export function parseColour(value: string): Rgba | null {
  const v = value.trim().toLowerCase();
  if (v === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  let m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(v);
  if (m) return { r: +m[1], g: +m[2], b: +m[3], a: alpha(m[4]) };
  m = /^color\(\s*srgb\s+([-\d.e]+)\s+([-\d.e]+)\s+([-\d.e]+)(?:\s*\/\s*([\d.]+%?))?\s*\)$/.exec(v);
  if (m) return { r: +m[1] * 255, g: +m[2] * 255, b: +m[3] * 255, a: alpha(m[4]) };
  m = /^#([0-9a-f]{3,8})$/.exec(v);
  if (m) {
    const hex = m[1];
    const full =
      hex.length <= 4
        ? hex
            .split('')
            .map((c) => c + c)
            .join('')
        : hex;
    if (full.length !== 6 && full.length !== 8) return null;
    const byte = (i: number) => parseInt(full.slice(i, i + 2), 16);
    return { r: byte(0), g: byte(2), b: byte(4), a: full.length === 8 ? byte(6) / 255 : 1 };
  }
  return null;
}

function alpha(text: string | undefined): number {
  if (text === undefined) return 1;
  return text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
}

function hexColour({ r, g, b }: Rgba): string {
  const byte = (n: number) =>
    Math.max(0, Math.min(255, Math.round(n)))
      .toString(16)
      .padStart(2, '0');
  return `#${byte(r)}${byte(g)}${byte(b)}`;
}

/**
 * A computed paint (fill or stroke) as an SVG 1.1 paint plus the opacity its alpha implies:
 * `rgba(47, 111, 223, 0.5)` → `#2f6fdf` at 0.5; fully transparent → `none`;
 * `url("http://host/page#hatch")` → `url(#hatch)`.
 */
export function paintValue(value: string): { paint: string; alpha: number } {
  const v = value.trim();
  const url = /^url\(\s*["']?[^#"')]*(#[^"')]+)["']?\s*\)/i.exec(v);
  if (url) return { paint: `url(${url[1]})`, alpha: 1 };
  const colour = parseColour(v);
  if (!colour) return { paint: v, alpha: 1 };
  if (colour.a <= 0) return { paint: 'none', alpha: 1 };
  return { paint: hexColour(colour), alpha: colour.a };
}

/** `1.6px` → `1.6`; `5px, 3px` → `5 3`; `none` stays. For stroke widths, dashes and radii. */
export function userUnits(value: string): string {
  if (value === 'none' || value === 'auto') return value;
  return value
    .split(/[\s,]+/)
    .filter((p) => p !== '')
    .map((p) => (p.endsWith('px') ? trimNumber(Number(p.slice(0, -2))) : p))
    .join(' ');
}

/** A font-family list as one of the system stacks: monospace stays monospace. */
function fontStack(value: string): string {
  return /mono|consolas|menlo|courier/i.test(value) ? MONO_STACK : SANS_STACK;
}

function trimNumber(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

/**
 * The attributes to write for one element, from its computed style and its parent's (null for the
 * root, which then writes every inherited property that differs from the initial value, and the
 * font always). `hasAttribute` says which presentation attributes the element already carries:
 * those are rewritten with the computed value, since CSS may have overridden them. A paint's alpha
 * (`rgba(…, 0.5)`) is folded into its opacity property, compared as such with the parent's.
 */
export function styleAttributes(
  own: (p: StyleProperty) => string,
  parent: ((p: StyleProperty) => string) | null,
  hasAttribute: (name: string) => boolean,
): Map<string, string> {
  const mine = svgValues(own);
  const initial = svgValues((p) => INITIAL[p]);
  const theirs = parent ? svgValues(parent) : initial;
  const out = new Map<string, string>();
  for (const p of INHERITED) {
    const value = mine.get(p) as string;
    const forced = p === 'font-family' && parent === null;
    if (value === theirs.get(p) && !hasAttribute(p) && !forced) continue;
    out.set(p, value);
  }
  for (const p of OWN) {
    const value = mine.get(p) as string;
    const defaults = p === 'rx' || p === 'ry' ? ['auto', '0'] : [initial.get(p)];
    if (value === '' || defaults.includes(value)) {
      if (hasAttribute(p)) out.set(p, value === '' ? (initial.get(p) as string) : value);
      continue;
    }
    out.set(p, value);
  }
  return out;
}

/** Every property's value as written in SVG, paints' alphas folded into their opacities. */
function svgValues(read: (p: StyleProperty) => string): Map<StyleProperty, string> {
  const values = new Map<StyleProperty, string>();
  for (const p of [...INHERITED, ...OWN]) values.set(p, svgValue(p, read(p)));
  for (const [paint, opacity] of [
    ['fill', 'fill-opacity'],
    ['stroke', 'stroke-opacity'],
    ['stop-color', 'stop-opacity'],
  ] as const) {
    const { paint: written, alpha } = paintValue(read(paint));
    values.set(paint, written);
    values.set(opacity, trimNumber(alpha * Number(read(opacity) || 1)));
  }
  if (values.get('opacity') !== undefined) {
    values.set('opacity', trimNumber(Number(read('opacity') || 1)));
  }
  return values;
}

function svgValue(p: StyleProperty, value: string): string {
  switch (p) {
    case 'stroke-width':
    case 'stroke-dasharray':
    case 'stroke-dashoffset':
    case 'rx':
    case 'ry':
      return userUnits(value);
    case 'font-family':
      return value === '' ? '' : fontStack(value);
    default:
      return value;
  }
}

/**
 * `matrix(a, b, c, d, e, f)` (a computed CSS transform) as an SVG transform attribute, with the
 * transform origin folded in: T(origin) · M · T(−origin). `none` gives null.
 */
export function transformAttribute(
  computed: string,
  originX: number,
  originY: number,
): string | null {
  if (!computed || computed === 'none') return null;
  const m = /^matrix\(([^)]+)\)$/.exec(computed.trim());
  if (!m) return null;
  const [a, b, c, d, e, f] = m[1].split(',').map((v) => Number(v.trim()));
  if ([a, b, c, d, e, f].some((v) => !Number.isFinite(v))) return null;
  // T(o)·M·T(−o) has the same linear part and translation e + ox − (a·ox + c·oy), f + oy − (b·ox + d·oy).
  const tx = e + originX - (a * originX + c * originY);
  const ty = f + originY - (b * originX + d * originY);
  if (a === 1 && b === 0 && c === 0 && d === 1) {
    return `translate(${trimNumber(tx)},${trimNumber(ty)})`;
  }
  return `matrix(${[a, b, c, d, tx, ty].map(trimNumber).join(',')})`;
}
