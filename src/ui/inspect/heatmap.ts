import * as d3 from 'd3';

/*
 * Feature maps as pixels: quanv outputs are ⟨Z⟩ values in [-1, 1], so a diverging scale with
 * white at 0 shows sign and strength at once (red +1, blue -1, as in most quantum figures).
 */

const LUT_SIZE = 256;

/** RGB of 256 evenly spaced values from -1 to 1. */
export const DIVERGING_LUT: Uint8Array = (() => {
  const lut = new Uint8Array(LUT_SIZE * 3);
  for (let k = 0; k < LUT_SIZE; k++) {
    const value = (k / (LUT_SIZE - 1)) * 2 - 1;
    const c = d3.rgb(d3.interpolateRdBu((1 - value) / 2));
    lut.set([c.r, c.g, c.b], k * 3);
  }
  return lut;
})();

/** Gray ramp for input images: 0 white paper, 1 black ink. */
export const INK_LUT: Uint8Array = (() => {
  const lut = new Uint8Array(LUT_SIZE * 3);
  for (let k = 0; k < LUT_SIZE; k++) {
    const v = 255 - k;
    lut.set([v, v, v], k * 3);
  }
  return lut;
})();

/** Index into a LUT for `value` in [low, high] (clamped; NaN counts as the middle). */
export function lutIndex(value: number, low: number, high: number): number {
  if (Number.isNaN(value)) return LUT_SIZE >> 1;
  const t = (value - low) / (high - low);
  return Math.max(0, Math.min(LUT_SIZE - 1, Math.round(t * (LUT_SIZE - 1))));
}

/** RGBA pixels of a map, through a LUT, ready for ImageData. */
export function mapPixels(
  values: ArrayLike<number>,
  lut: Uint8Array,
  low: number,
  high: number,
): Uint8ClampedArray<ArrayBuffer> {
  const pixels = new Uint8ClampedArray(new ArrayBuffer(values.length * 4));
  for (let i = 0; i < values.length; i++) {
    const k = lutIndex(values[i], low, high) * 3;
    pixels[i * 4] = lut[k];
    pixels[i * 4 + 1] = lut[k + 1];
    pixels[i * 4 + 2] = lut[k + 2];
    pixels[i * 4 + 3] = 255;
  }
  return pixels;
}

/** Draws a width×height map onto a canvas of that many pixels (CSS scales it up, pixelated). */
export function paintMap(
  canvas: HTMLCanvasElement,
  values: ArrayLike<number>,
  width: number,
  height: number,
  lut: Uint8Array,
  low: number,
  high: number,
): void {
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) return;
  context.putImageData(new ImageData(mapPixels(values, lut, low, high), width, height), 0, 0);
}
