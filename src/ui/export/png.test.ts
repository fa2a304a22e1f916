import { describe, expect, it } from 'vitest';
import { pngSize } from './png';

/** The first 24 bytes of a PNG of the given size (signature, IHDR length, type, width, height). */
function pngHead(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  return bytes;
}

describe('pngSize', () => {
  it('reads width and height from the IHDR chunk', () => {
    expect(pngSize(pngHead(1360, 920))).toEqual({ width: 1360, height: 920 });
  });

  it('refuses what is not a PNG', () => {
    expect(pngSize(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe(
      null,
    );
    expect(pngSize(pngHead(1, 1).slice(0, 20))).toBeNull();
  });
});
