import { describe, expect, it } from 'vitest';
import { IMAGE_SIDE } from '../../model/config/config';
import { paintDot, paintStroke } from './brush';
import { DIVERGING_LUT, lutIndex, mapPixels } from './heatmap';

describe('heatmap', () => {
  it('maps [-1, 1] to blue, white, red', () => {
    expect(lutIndex(-1, -1, 1)).toBe(0);
    expect(lutIndex(1, -1, 1)).toBe(255);
    expect(lutIndex(5, -1, 1)).toBe(255);
    const [neg, zero, pos] = [
      mapPixels([-1], DIVERGING_LUT, -1, 1),
      mapPixels([0], DIVERGING_LUT, -1, 1),
      mapPixels([1], DIVERGING_LUT, -1, 1),
    ];
    expect(neg[2]).toBeGreaterThan(neg[0]); // blue
    expect(pos[0]).toBeGreaterThan(pos[2]); // red
    expect(Math.min(zero[0], zero[1], zero[2])).toBeGreaterThan(200); // near white
    expect(pos[3]).toBe(255);
  });
});

describe('brush', () => {
  it('inks the pixel under the brush fully and stays in the grid', () => {
    const grid = new Float32Array(IMAGE_SIDE * IMAGE_SIDE);
    paintDot(grid, 0.5, 0.5);
    expect(grid[0]).toBe(1);
    expect(grid[IMAGE_SIDE * IMAGE_SIDE - 1]).toBe(0);
    expect(Math.max(...grid)).toBeLessThanOrEqual(1);
  });

  it('draws a connected stroke', () => {
    const grid = new Float32Array(IMAGE_SIDE * IMAGE_SIDE);
    paintStroke(grid, { x: 2.5, y: 7.5 }, { x: 11.5, y: 7.5 });
    for (let col = 2; col <= 11; col++) expect(grid[7 * IMAGE_SIDE + col]).toBe(1);
  });
});
