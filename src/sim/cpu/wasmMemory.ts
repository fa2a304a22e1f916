/** Byte counts rounded up to 16, so every region of a wasm memory layout is f32x4-aligned. */
export const align = (bytes: number) => (bytes + 15) & ~15;

/**
 * Byte offsets of consecutive regions of the given sizes (bytes) from `start`, each aligned, with
 * `memory` grown to hold them all.
 */
export function regionOffsets(
  memory: WebAssembly.Memory,
  start: number,
  sizes: readonly number[],
): number[] {
  const offsets: number[] = [];
  let at = start;
  for (const s of sizes) {
    offsets.push(at);
    at += align(s);
  }
  if (at > memory.buffer.byteLength) {
    memory.grow(Math.ceil((at - memory.buffer.byteLength) / 65536));
  }
  return offsets;
}
