import { describe, expect, it } from 'vitest';
import {
  INITIAL,
  MONO_STACK,
  SANS_STACK,
  paintValue,
  parseColour,
  styleAttributes,
  transformAttribute,
  userUnits,
  type StyleProperty,
} from './printStyle';

const computed =
  (values: Partial<Record<StyleProperty, string>>) =>
  (p: StyleProperty): string =>
    values[p] ?? INITIAL[p];

describe('colours', () => {
  it('parses the forms getComputedStyle returns', () => {
    expect(parseColour('rgb(47, 111, 223)')).toEqual({ r: 47, g: 111, b: 223, a: 1 });
    expect(parseColour('rgba(0, 0, 0, 0.25)')).toEqual({ r: 0, g: 0, b: 0, a: 0.25 });
    expect(parseColour('color(srgb 1 0.5 0 / 0.5)')).toEqual({ r: 255, g: 127.5, b: 0, a: 0.5 });
    expect(parseColour('#abc')).toEqual({ r: 170, g: 187, b: 204, a: 1 });
    expect(parseColour('none')).toBeNull();
  });

  it('writes paints as SVG 1.1 colours with their alpha apart', () => {
    expect(paintValue('rgb(47, 111, 223)')).toEqual({ paint: '#2f6fdf', alpha: 1 });
    expect(paintValue('rgba(47, 111, 223, 0.5)')).toEqual({ paint: '#2f6fdf', alpha: 0.5 });
    expect(paintValue('rgba(0, 0, 0, 0)')).toEqual({ paint: 'none', alpha: 1 });
    expect(paintValue('url("http://localhost:4173/?c=n%3D2#hatch-Q1")')).toEqual({
      paint: 'url(#hatch-Q1)',
      alpha: 1,
    });
    expect(paintValue('none').paint).toBe('none');
  });

  it('writes lengths in user units', () => {
    expect(userUnits('1.6px')).toBe('1.6');
    expect(userUnits('5px, 3px')).toBe('5 3');
    expect(userUnits('none')).toBe('none');
  });
});

describe('styleAttributes', () => {
  it('writes the root’s font and every property that differs from the initial value', () => {
    const out = styleAttributes(
      computed({ 'font-family': 'system-ui, Arial', 'font-size': '12px', fill: 'rgb(27, 35, 48)' }),
      null,
      () => false,
    );
    expect(out.get('font-family')).toBe(SANS_STACK);
    expect(out.get('font-size')).toBe('12px');
    expect(out.get('fill')).toBe('#1b2330');
    expect(out.has('stroke')).toBe(false);
    expect(out.has('opacity')).toBe(false);
    expect(out.has('stop-color')).toBe(false);
  });

  it('writes inherited properties only where they differ from the parent', () => {
    const parent = computed({ fill: 'rgb(1, 2, 3)', 'font-family': 'Arial' });
    const same = styleAttributes(parent, parent, () => false);
    expect([...same.keys()]).toEqual([]);
    const child = styleAttributes(
      computed({ fill: 'rgb(1, 2, 3)', 'font-family': 'Menlo', stroke: 'rgb(9, 9, 9)' }),
      parent,
      () => false,
    );
    expect(child.get('font-family')).toBe(MONO_STACK);
    expect(child.get('stroke')).toBe('#090909');
    expect(child.has('fill')).toBe(false);
  });

  it('rewrites a presentation attribute that CSS overrode', () => {
    const style = computed({ fill: 'rgb(122, 132, 148)' });
    const out = styleAttributes(style, style, (name) => name === 'fill');
    expect(out.get('fill')).toBe('#7a8494');
  });

  it('folds a paint’s alpha into its opacity, and resets it for an opaque child', () => {
    const parent = computed({ fill: 'rgba(47, 111, 223, 0.5)' });
    const root = styleAttributes(parent, null, () => false);
    expect(root.get('fill')).toBe('#2f6fdf');
    expect(root.get('fill-opacity')).toBe('0.5');
    const child = styleAttributes(computed({ fill: 'rgb(0, 0, 255)' }), parent, () => false);
    expect(child.get('fill')).toBe('#0000ff');
    expect(child.get('fill-opacity')).toBe('1');
  });

  it('writes opacity and CSS radii, but not their initial values', () => {
    const out = styleAttributes(computed({ opacity: '0.22', rx: '4px' }), null, () => false);
    expect(out.get('opacity')).toBe('0.22');
    expect(out.get('rx')).toBe('4');
    const plain = styleAttributes(computed({ rx: '0px' }), null, () => false);
    expect(plain.has('rx')).toBe(false);
  });
});

describe('transformAttribute', () => {
  it('writes a translation simply, and folds in the origin', () => {
    expect(transformAttribute('matrix(1, 0, 0, 1, 12, 30)', 0, 0)).toBe('translate(12,30)');
    expect(transformAttribute('none', 0, 0)).toBeNull();
    // scale(2) about (10, 10): x' = 2x − 10
    expect(transformAttribute('matrix(2, 0, 0, 2, 0, 0)', 10, 10)).toBe('matrix(2,0,0,2,-10,-10)');
  });
});
