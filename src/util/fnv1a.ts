/** FNV-1a's starting value; pass a previous result as `hash` instead to continue a checksum. */
const FNV1A_OFFSET = 0x811c9dc5;
const FNV1A_PRIME = 0x01000193;

/**
 * FNV-1a (32 bit) over units[start, end): the bytes of a data file, or a text's UTF-16 code units
 * (`fnv1a32Text`). Each step is a bijection of the running hash, so any single changed unit always
 * changes the result: enough to catch a damaged or half-written data file or to tell two texts
 * apart, cheap in the browser and in Node, and no dependency. Not cryptographic.
 */
export function fnv1a32(
  units: ArrayLike<number>,
  start = 0,
  end = units.length,
  hash = FNV1A_OFFSET,
): number {
  let h = hash >>> 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ units[i], FNV1A_PRIME);
  return h >>> 0;
}

/** FNV-1a of a text's UTF-16 code units, as 8 hex digits (file-name suffixes, run identities). */
export function fnv1a32Text(text: string): string {
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  return fnv1a32(units).toString(16).padStart(8, '0');
}
