/*
 * Drawing thousands of steps as SVG paths stays smooth only if we draw about as many points as
 * there are pixels. Min/max bucketing keeps every spike visible (an averaging filter would hide
 * exactly the gradient bursts people look for) while the store keeps all the data.
 */

/** Half-open index range [start, end). */
export interface IndexRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Indices in [range.start, range.end) to draw: per bucket of equal x width, the first, lowest,
 * highest and last point, in index order, without duplicates. `x` must be non-decreasing.
 * With few points (≤ 4 per bucket) every index is returned.
 */
export function minMaxIndices(
  range: IndexRange,
  x: (i: number) => number,
  y: (i: number) => number,
  buckets: number,
): number[] {
  const { start, end } = range;
  const count = end - start;
  if (count <= 0) return [];
  const all = () => Array.from({ length: count }, (_, k) => start + k);
  const slots = Math.max(1, Math.floor(buckets));
  if (count <= slots * 4) return all();
  const x0 = x(start);
  const span = x(end - 1) - x0;
  if (!(span > 0)) return all().filter((i) => i === start || i === end - 1);

  const picked: number[] = [];
  let bucket = -1;
  let first = -1;
  let low = -1;
  let high = -1;
  let last = -1;
  const close = () => {
    if (first < 0) return;
    const chosen = [first, low, high, last].sort((a, b) => a - b);
    for (const i of chosen) if (picked[picked.length - 1] !== i) picked.push(i);
  };
  for (let i = start; i < end; i++) {
    const b = Math.min(slots - 1, Math.floor(((x(i) - x0) / span) * slots));
    if (b !== bucket) {
      close();
      bucket = b;
      first = low = high = last = i;
      continue;
    }
    const v = y(i);
    if (v < y(low)) low = i;
    if (v > y(high)) high = i;
    last = i;
  }
  close();
  return picked;
}

/** Maximal runs of consecutive indices in [0, count) where `test` holds. */
export function runsWhere(count: number, test: (i: number) => boolean): IndexRange[] {
  const runs: IndexRange[] = [];
  let start = -1;
  for (let i = 0; i < count; i++) {
    if (test(i)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      runs.push({ start, end: i });
      start = -1;
    }
  }
  if (start >= 0) runs.push({ start, end: count });
  return runs;
}
