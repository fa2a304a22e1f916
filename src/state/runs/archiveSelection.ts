/*
 * Which runs are picked for comparison: keys in picking order (the order gives their colours).
 */

/** `selected` with `key` picked (`on`), unpicked, or flipped (`on` absent); the same array if unchanged. */
export function toggled(selected: readonly string[], key: string, on?: boolean): readonly string[] {
  const has = selected.includes(key);
  const want = on ?? !has;
  if (want === has) return selected;
  return want ? [...selected, key] : selected.filter((k) => k !== key);
}
