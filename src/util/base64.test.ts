import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from './base64';

describe('encodeBase64', () => {
  it("matches btoa's output for every length remainder and every byte value", () => {
    for (const length of [0, 1, 2, 3, 4, 5, 255, 256, 257, 100_000]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 131 + (i >> 8)) & 255);
      const expected = btoa(String.fromCharCode(...bytes.subarray(0, Math.min(length, 60_000))));
      const got = encodeBase64(bytes);
      if (length <= 60_000) expect(got).toBe(expected);
      expect(decodeBase64(got)).toEqual(bytes);
    }
  });
});
