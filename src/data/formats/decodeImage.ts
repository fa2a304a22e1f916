/**
 * One PNG or JPEG file → a grayscale image in [0, 1]. Decoded in JavaScript (fast-png, jpeg-js),
 * not by the browser's createImageBitmap: the same code runs in Node (the CLI) and the worker, so
 * a dataset imported on either gets the same pixels and the same content hash, and a browser's
 * colour management cannot change them. Colour becomes luma (ITU-R BT.601: 0.299 R + 0.587 G +
 * 0.114 B); transparency is composited over black, the background of MNIST's white-on-black digits.
 */
import { convertIndexedToRgb, decode as decodePng } from 'fast-png';
import { decode as decodeJpeg } from 'jpeg-js';
import { DatasetError } from './datasetError';
import { DATASET_LIMITS } from './limits';

export interface GrayImage {
  readonly width: number;
  readonly height: number;
  /** height × width, row-major, values in [0, 1]. */
  readonly pixels: Float32Array;
}

export type ImageKind = 'png' | 'jpeg';

export function imageKind(bytes: Uint8Array): ImageKind | null {
  if (
    bytes.length >= 8 &&
    bytes[0] === 0x89 &&
    bytes[1] === 0x50 &&
    bytes[2] === 0x4e &&
    bytes[3] === 0x47
  ) {
    return 'png';
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    return 'jpeg';
  return null;
}

/** Unpacks 1-, 2- or 4-bit samples (rows padded to whole bytes) to one sample per entry. */
function unpackSamples(
  data: Uint8Array,
  width: number,
  height: number,
  channels: number,
  depth: number,
): Uint8Array {
  const perRow = width * channels;
  const rowBytes = Math.ceil((perRow * depth) / 8);
  const out = new Uint8Array(perRow * height);
  const mask = (1 << depth) - 1;
  for (let r = 0; r < height; r++) {
    for (let i = 0; i < perRow; i++) {
      const bit = i * depth;
      const byte = data[r * rowBytes + (bit >> 3)];
      out[r * perRow + i] = (byte >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}

/** Interleaved samples (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA) at `max` full scale → gray [0, 1]. */
function toGray(
  samples: ArrayLike<number>,
  width: number,
  height: number,
  channels: number,
  max: number,
): Float32Array {
  const out = new Float32Array(width * height);
  for (let i = 0; i < out.length; i++) {
    const s = i * channels;
    let value: number;
    let alpha = 1;
    if (channels <= 2) {
      value = samples[s] / max;
      if (channels === 2) alpha = samples[s + 1] / max;
    } else {
      value = (0.299 * samples[s] + 0.587 * samples[s + 1] + 0.114 * samples[s + 2]) / max;
      if (channels === 4) alpha = samples[s + 3] / max;
    }
    out[i] = value * alpha;
  }
  return out;
}

/** @throws DatasetError naming `file` when it is not a PNG or JPEG image, or cannot be decoded. */
export function decodeGrayImage(bytes: Uint8Array, file: string): GrayImage {
  const kind = imageKind(bytes);
  if (kind === null) {
    throw new DatasetError(
      file,
      'not-image',
      'not a PNG or JPEG image',
      'Remove it, or convert it to PNG',
    );
  }
  try {
    if (kind === 'png') {
      const png = decodePng(bytes);
      const { width, height } = png;
      checkSide(width, height, file);
      if (png.palette) {
        const rgb = convertIndexedToRgb(png);
        return { width, height, pixels: toGray(rgb, width, height, png.palette[0].length, 255) };
      }
      const samples =
        png.depth < 8
          ? unpackSamples(png.data as Uint8Array, width, height, png.channels, png.depth)
          : png.data;
      return {
        width,
        height,
        pixels: toGray(samples, width, height, png.channels, 2 ** png.depth - 1),
      };
    }
    const jpeg = decodeJpeg(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: (DATASET_LIMITS.imageSide * DATASET_LIMITS.imageSide) / 1e6,
    });
    checkSide(jpeg.width, jpeg.height, file);
    return {
      width: jpeg.width,
      height: jpeg.height,
      pixels: toGray(jpeg.data, jpeg.width, jpeg.height, 4, 255),
    };
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    throw new DatasetError(
      file,
      'format',
      `a damaged or truncated ${kind.toUpperCase()} image (${(error as Error).message})`,
      'Remove it, or save it again from an image editor',
    );
  }
}

function checkSide(width: number, height: number, file: string): void {
  const max = DATASET_LIMITS.imageSide;
  if (width > max || height > max || width === 0 || height === 0) {
    throw new DatasetError(
      file,
      'sizes',
      `an image of ${width}×${height} pixels`,
      `Use images of 1 to ${max} pixels a side`,
    );
  }
}
