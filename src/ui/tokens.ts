/*
 * The one colour table. The page's CSS variables (installed by installTokens, light and dark),
 * the print theme of exported SVGs and PNGs, the figures tool's theme and the layers' colours
 * are all read from here, so they cannot drift apart.
 */

/** The page's themable colours, named as their CSS variables (`--ink`, `--panel-2`, …). */
export interface ThemeTokens {
  readonly bg: string;
  readonly panel: string;
  readonly 'panel-2': string;
  readonly ink: string;
  readonly 'ink-2': string;
  readonly muted: string;
  readonly line: string;
  readonly 'line-2': string;
  readonly accent: string;
  readonly 'accent-ink': string;
  readonly dead: string;
  readonly danger: string;
  readonly warn: string;
  /** Good news as text (every layer predicted to learn): 4.5:1 on the panels. */
  readonly good: string;
  /** The test-accuracy line (the head's colour: test accuracy is the head's output). */
  readonly test: string;
}

export const LIGHT: ThemeTokens = {
  bg: '#f5f6f8',
  panel: '#ffffff',
  'panel-2': '#f0f2f5',
  ink: '#1b2330',
  'ink-2': '#4a5565',
  // 4.5:1 at least on every surface (panel, panel-2, bg), as small muted text needs.
  muted: '#5f6978',
  line: '#e1e5eb',
  'line-2': '#cdd3dc',
  accent: '#2f6fdf',
  'accent-ink': '#ffffff',
  dead: '#9aa3ad',
  danger: '#c62f45',
  warn: '#b86e00',
  good: '#0e7c66',
  test: '#d1435b',
};

export const DARK: ThemeTokens = {
  ...LIGHT,
  bg: '#0f1319',
  panel: '#171c24',
  'panel-2': '#1e2530',
  ink: '#e6eaf0',
  'ink-2': '#b7c0cc',
  muted: '#8590a0',
  line: '#29313d',
  'line-2': '#3a4452',
  accent: '#5b93f0',
  good: '#3cc7a6',
  // The light accent's white text on this lighter blue is 3:1; dark text reads at 6:1.
  'accent-ink': '#0f1319',
  dead: '#6b7480',
};

/** Exported figures: the light theme on white, its muted grey a shade darker for print. */
export const PRINT: ThemeTokens = { ...LIGHT, bg: '#ffffff', muted: '#6b7584' };

/**
 * One colour per node, shared by the diagram, the charts and the feature maps, so a layer is
 * recognisable everywhere by colour alone (and by name, for people who cannot rely on colour).
 * Chosen to stay distinct for the common colour-vision deficiencies and on light and dark
 * backgrounds.
 */
export const NODE_COLOURS = {
  quanv: ['#2f6fdf', '#e07b1f', '#17a589', '#a64fc9'],
  head: '#d1435b',
  input: '#64748b',
} as const;

/** Colours of compared runs, in picking order: distinct, and none of them grey. */
export const RUN_COLOURS = [
  ...NODE_COLOURS.quanv,
  NODE_COLOURS.head,
  LIGHT.ink,
  '#8c6d1f',
  '#0f8fb3',
] as const;

/** `{ '--ink': '#1b2330', … }`: a theme as CSS custom properties. */
export function cssVariables(theme: ThemeTokens): Record<string, string> {
  return Object.fromEntries(Object.entries(theme).map(([name, value]) => [`--${name}`, value]));
}

/**
 * The :root rules of the light theme and, under prefers-color-scheme: dark, the dark one; a
 * theme picked on the page (`<html data-theme="light|dark">`, for a projector) overrides both.
 */
export function tokenCss(): string {
  const block = (theme: ThemeTokens) =>
    Object.entries(cssVariables(theme))
      .map(([name, value]) => `${name}: ${value};`)
      .join(' ');
  return (
    `:root { ${block(LIGHT)} }\n@media (prefers-color-scheme: dark) { :root { ${block(DARK)} } }\n` +
    `:root[data-theme='light'] { ${block(LIGHT)} }\n:root[data-theme='dark'] { ${block(DARK)} }\n`
  );
}

/**
 * A layer's colour as text: the colour mixed 60:40 with the theme's ink, which keeps its hue
 * and reads at 4.5:1 or more on every panel, light or dark (the raw colours are chosen for
 * lines and fills, where 3:1 is enough: the Q2 orange is 3:1 on white).
 */
export function textColour(colour: string): string {
  return `color-mix(in srgb, ${colour} 60%, var(--ink))`;
}

/** Puts the theme's variables first in <head>, so every stylesheet after it can use them. */
export function installTokens(doc: Document): void {
  const style = doc.createElement('style');
  style.dataset.tokens = '';
  style.textContent = tokenCss();
  doc.head.prepend(style);
}
