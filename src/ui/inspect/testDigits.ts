import { imageAt, loadMnistFromUrl, prepareDigits } from '../../data';

/** A few test digits to inspect. The worker holds its own copy; these are only for picking. */
export interface SampleDigit {
  readonly label: number;
  readonly image: Float32Array;
}

const SAMPLE_COUNT = 20;

let cached: Promise<SampleDigit[]> | null = null;

/** The first test digits at 14×14, fetched and decoded once (no tensors: plain arrays). */
export function loadSampleDigits(baseUrl: string): Promise<SampleDigit[]> {
  cached ??= loadMnistFromUrl(baseUrl, 'test').then((split) => {
    const digits = prepareDigits(split, {
      count: Math.min(SAMPLE_COUNT, split.count),
      downscale: true,
    });
    return Array.from({ length: digits.count }, (_, i) => ({
      label: digits.labels[i],
      image: imageAt(digits, i).slice(),
    }));
  });
  cached.catch(() => (cached = null));
  return cached;
}
