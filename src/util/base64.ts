/** The bytes of a base64 string (the generated WebAssembly modules embed theirs so). */
export function decodeBase64(text: string): Uint8Array {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const PAD = 61; // '='

/**
 * Bytes as a base64 string (RFC 4648, padded), the inverse of decodeBase64. Written out because
 * btoa takes a binary string: building one from a checkpoint's ~100 kB cost ~6 ms an epoch.
 */
export function encodeBase64(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out[o++] = CODES[v >> 18];
    out[o++] = CODES[(v >> 12) & 63];
    out[o++] = CODES[(v >> 6) & 63];
    out[o++] = CODES[v & 63];
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const v = (bytes[i] << 16) | (rest === 2 ? bytes[i + 1] << 8 : 0);
    out[o] = CODES[v >> 18];
    out[o + 1] = CODES[(v >> 12) & 63];
    out[o + 2] = rest === 2 ? CODES[(v >> 6) & 63] : PAD;
    out[o + 3] = PAD;
  }
  // ASCII, so UTF-8 decodes it as is.
  return new TextDecoder().decode(out);
}
