import { describe, expect, it } from 'vitest';
import { IMAGE_SIDE } from '../../model/config/config';
import { paintDot, paintStroke } from './brush';
import { DIVERGING_LUT, lutIndex, mapPixels } from './heatmap';
import { className, sampleSetOf } from './testDigits';

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

describe('the inspector names the classes of the run’s dataset', () => {
  const digits = {
    images: new Float32Array(3 * IMAGE_SIDE * IMAGE_SIDE).map((_, i) => (i % 7) / 7),
    labels: Uint8Array.from([2, 0, 1]),
    count: 3,
    height: IMAGE_SIDE,
    width: IMAGE_SIDE,
  };
  it('takes the dataset’s name, class names and first test images', () => {
    const set = sampleSetOf(digits, 'clothes.0a1b2c3d', ['T-shirt', 'Trouser', 'Pullover']);
    expect(set.name).toBe('clothes.0a1b2c3d');
    expect(set.samples.map((s) => className(set.classNames, s.label))).toEqual([
      'Pullover',
      'T-shirt',
      'Trouser',
    ]);
    expect(set.samples[1].image).toEqual(digits.images.subarray(196, 392));
  });
  it('numbers a class the set does not name', () => {
    expect(className(['a', 'b'], 1)).toBe('b');
    expect(className(['a', 'b'], 4)).toBe('4');
  });
});
