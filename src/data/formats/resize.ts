/**
 * Resizing a grayscale image to the model's square input by area averaging: each output pixel is
 * the mean of the source area it covers, source pixels cut by its edges counted by the fraction
 * inside (a box filter). It neither aliases when shrinking nor invents detail when growing, and
 * at an integer factor it is plain block averaging: 28×28 → 14×14 gives exactly the 2×2 average
 * pooling of the built-in MNIST data (pool.ts), so an MNIST-format dataset trains on the same
 * values MNIST does. A non-square image is stretched to the square (the aspect is not kept).
 */

/** Per output index, the source indexes it covers and the length of each overlap. */
function coverage(source: number, target: number): { index: number; weight: number }[][] {
  const scale = source / target;
  const spans: { index: number; weight: number }[][] = [];
  for (let o = 0; o < target; o++) {
    const start = o * scale;
    const end = (o + 1) * scale;
    const span: { index: number; weight: number }[] = [];
    for (let i = Math.floor(start); i < Math.min(source, Math.ceil(end)); i++) {
      const weight = Math.min(end, i + 1) - Math.max(start, i);
      if (weight > 1e-12) span.push({ index: i, weight });
    }
    spans.push(span);
  }
  return spans;
}

/**
 * `count` consecutive height × width images (values in [0, 1]) → count × side × side.
 * Returns the input itself when it already has that size.
 */
export function areaResize(
  images: Float32Array,
  height: number,
  width: number,
  side: number,
  count = 1,
): Float32Array {
  if (images.length !== count * height * width) {
    throw new RangeError(
      `areaResize: ${images.length} values are not ${count} images of ${height}×${width}`,
    );
  }
  if (height === side && width === side) return images;
  const rows = coverage(height, side);
  const cols = coverage(width, side);
  const area = (height / side) * (width / side);
  const out = new Float32Array(count * side * side);
  let o = 0;
  for (let n = 0; n < count; n++) {
    const base = n * height * width;
    for (const rowSpan of rows) {
      for (const colSpan of cols) {
        let sum = 0;
        for (const r of rowSpan) {
          const rowBase = base + r.index * width;
          for (const c of colSpan) {
            const weight = r.weight * c.weight;
            sum += weight === 1 ? images[rowBase + c.index] : weight * images[rowBase + c.index];
          }
        }
        out[o++] = sum / area;
      }
    }
  }
  return out;
}

/**
 * `count` images of bytes 0..255 (IDX, decoded PNG/JPEG) → count × side × side in [0, 1], one
 * image at a time, so a large file never needs a float copy at its full resolution.
 */
export function bytesToSide(
  bytes: Uint8Array,
  height: number,
  width: number,
  side: number,
  count: number,
): Float32Array {
  const size = height * width;
  const out = new Float32Array(count * side * side);
  const image = new Float32Array(size);
  for (let n = 0; n < count; n++) {
    for (let i = 0; i < size; i++) image[i] = bytes[n * size + i] / 255;
    out.set(areaResize(image, height, width, side), n * side * side);
  }
  return out;
}
