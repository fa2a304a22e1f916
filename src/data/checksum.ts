/** FNV-1a's starting value; pass a previous result as `hash` instead to continue a checksum. */
export const FNV1A_OFFSET = 0x811c9dc5;

/**
 * FNV-1a (32 bit) over bytes[start, end). Each step is a bijection of the running hash, so any
 * single changed byte always changes the result: enough to catch a damaged or half-written data
 * file, cheap in the browser and in Node, and no dependency.
 */
export function fnv1a32(
  bytes: Uint8Array,
  start = 0,
  end = bytes.length,
  hash = FNV1A_OFFSET,
): number {
  let h = hash >>> 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}
