import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRINT_THEME } from './export/printStyle';
import { layerColour, nodeColour } from './palette';
import { DARK, LIGHT, NODE_COLOURS, PRINT, tokenCss } from './tokens';

describe('the colour tokens', () => {
  it('give the page its light and dark variables', () => {
    const css = tokenCss();
    expect(css).toContain(`--ink: ${LIGHT.ink};`);
    expect(css).toMatch(/@media \(prefers-color-scheme: dark\) \{ :root \{[^}]*--ink: #e6eaf0;/);
    expect(Object.keys(DARK)).toEqual(Object.keys(LIGHT));
  });

  it('are the only place the page defines its colour variables', () => {
    const global = readFileSync(new URL('./global.css', import.meta.url), 'utf8');
    for (const name of Object.keys(LIGHT)) expect(global).not.toMatch(new RegExp(`--${name}\\s*:`));
  });

  it('derive the print theme and the layers’ colours', () => {
    expect(PRINT_THEME['--ink']).toBe(LIGHT.ink);
    expect(PRINT_THEME['--bg']).toBe('#ffffff');
    expect(PRINT_THEME['--muted']).toBe(PRINT.muted);
    expect(layerColour('Q1')).toBe(NODE_COLOURS.quanv[0]);
    expect(layerColour('H')).toBe(NODE_COLOURS.head);
    expect(nodeColour(0, 2)).toBe(NODE_COLOURS.input);
  });
});
