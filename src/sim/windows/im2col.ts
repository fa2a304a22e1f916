/*
 * im2col by index map on typed arrays, no tfjs: which pixel of a feature map [B, H, W, C] each
 * entry of each k×k window is, windows in order (b, i, j, c), pixels within a window row-major.
 * extractWindows.ts wraps it as a tfjs op; windowSource.ts and the typed step use it directly.
 */
export type Padding = 'same' | 'valid';

/** Output side and the zero padding before/after, TensorFlow's convention for `same`. */
export function windowGeometry(side: number, kernel: number, stride: number, padding: Padding) {
  if (padding === 'valid') {
    return { out: Math.floor((side - kernel) / stride) + 1, before: 0, after: 0 };
  }
  const out = Math.ceil(side / stride);
  const total = Math.max((out - 1) * stride + kernel - side, 0);
  const before = Math.floor(total / 2);
  return { out, before, after: total - before };
}

/**
 * Index maps by shape and geometry: a training run asks for the same few again every step.
 * `windowSources(...).sources[t]` is entry t's pixel index in the image, or −1 (padding).
 */
const sourcesCache = new Map<string, ReturnType<typeof buildPatchSources>>();

export function windowSources(
  shape: readonly [number, number, number, number],
  kernel: number,
  stride: number,
  padding: Padding,
) {
  const key = `${shape.join('x')}:${kernel}:${stride}:${padding}`;
  let found = sourcesCache.get(key);
  if (!found) {
    if (sourcesCache.size >= 16) sourcesCache.clear();
    found = buildPatchSources(shape, kernel, stride, padding);
    sourcesCache.set(key, found);
  }
  return found;
}

/** The im2col index map: for each window entry, its pixel's index in the image, or −1 (padding). */
function buildPatchSources(
  shape: readonly [number, number, number, number],
  kernel: number,
  stride: number,
  padding: Padding,
): { sources: Int32Array; outHeight: number; outWidth: number } {
  const [b, h, w, c] = shape;
  const rows = windowGeometry(h, kernel, stride, padding);
  const cols = windowGeometry(w, kernel, stride, padding);
  const k2 = kernel * kernel;
  const sources = new Int32Array(b * rows.out * cols.out * c * k2);
  let at = 0;
  for (let n = 0; n < b; n++) {
    for (let i = 0; i < rows.out; i++) {
      for (let j = 0; j < cols.out; j++) {
        for (let ch = 0; ch < c; ch++) {
          for (let di = 0; di < kernel; di++) {
            const y = i * stride + di - rows.before;
            for (let dj = 0; dj < kernel; dj++, at++) {
              const x = j * stride + dj - cols.before;
              sources[at] =
                y >= 0 && y < h && x >= 0 && x < w ? ((n * h + y) * w + x) * c + ch : -1;
            }
          }
        }
      }
    }
  }
  return { sources, outHeight: rows.out, outWidth: cols.out };
}

/** im2col on typed arrays: entry t of the windows is pixel sources[t] (0 where −1, padding). */
export function gatherWindows(pixels: Float32Array, sources: Int32Array): Float32Array {
  const out = new Float32Array(sources.length);
  for (let t = 0; t < sources.length; t++) {
    const s = sources[t];
    out[t] = s < 0 ? 0 : pixels[s];
  }
  return out;
}

/** gatherWindows' adjoint: each window entry's cotangent added back onto its pixel. */
export function scatterWindows(
  cotangent: Float32Array,
  sources: Int32Array,
  pixels: number,
): Float32Array {
  const dx = new Float32Array(pixels);
  for (let t = 0; t < sources.length; t++) {
    const s = sources[t];
    if (s >= 0) dx[s] += cotangent[t];
  }
  return dx;
}
