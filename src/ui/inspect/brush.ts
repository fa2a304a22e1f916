/*
 * Drawing a digit on the 14×14 grid the network reads. A soft round brush, like MNIST's
 * anti-aliased strokes: pixels near the stroke get ink by distance, and ink only adds up.
 */

import { IMAGE_SIDE } from '../../model/config/config';

/** Adds ink around (x, y), in grid units (0…14), to `grid` (IMAGE_SIDE×IMAGE_SIDE values in [0,1]). */
export function paintDot(grid: Float32Array, x: number, y: number, radius = 0.9): void {
  const reach = Math.ceil(radius + 1);
  const cx = Math.floor(x);
  const cy = Math.floor(y);
  for (let row = cy - reach; row <= cy + reach; row++) {
    for (let col = cx - reach; col <= cx + reach; col++) {
      if (row < 0 || col < 0 || row >= IMAGE_SIDE || col >= IMAGE_SIDE) continue;
      const distance = Math.hypot(col + 0.5 - x, row + 0.5 - y);
      const ink = Math.max(0, Math.min(1, radius + 0.5 - distance));
      const i = row * IMAGE_SIDE + col;
      grid[i] = Math.max(grid[i], ink);
    }
  }
}

/** Paints a stroke from one pointer position to the next, without gaps at speed. */
export function paintStroke(
  grid: Float32Array,
  from: { x: number; y: number },
  to: { x: number; y: number },
  radius = 0.9,
): void {
  const steps = Math.max(1, Math.ceil(Math.hypot(to.x - from.x, to.y - from.y) / 0.25));
  for (let s = 0; s <= steps; s++) {
    const t = s / steps;
    paintDot(grid, from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t, radius);
  }
}
