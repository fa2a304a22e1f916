/** Loads a split over HTTP: the browser page and the training worker. No Node imports here. */
import { DataError } from './errors';
import { decodeMnistSplit, MNIST_FILE_NAMES, type MnistSplit, type SplitName } from './mnistFormat';

export type FetchFn = (url: string) => Promise<Response>;

/** `baseUrl` is the folder the files are served from, e.g. `${import.meta.env.BASE_URL}data`. */
export function mnistUrl(baseUrl: string, split: SplitName): string {
  return `${baseUrl.replace(/\/+$/, '')}/${MNIST_FILE_NAMES[split]}`;
}

/**
 * The split's bytes, from the gzipped copy (`….bin.gz`, a fifth of the bytes on the wire) where
 * the server has one and the browser can inflate it, else the plain file.
 * @throws DataError naming the URL: 'missing' when it cannot be fetched, else 'corrupt'.
 */
export async function loadMnistFromUrl(
  baseUrl: string,
  split: SplitName,
  // A wrapper, not `fetch` itself: some browsers reject fetch called with a foreign `this`.
  fetchFn: FetchFn = (url) => fetch(url),
): Promise<MnistSplit> {
  const url = mnistUrl(baseUrl, split);
  const packed =
    typeof DecompressionStream === 'function' ? await fetchGzipped(url, fetchFn) : null;
  if (packed) return decodeMnistSplit(packed, url, split);
  const response = await fetchFile(url, fetchFn);
  return decodeMnistSplit(new Uint8Array(await response.arrayBuffer()), url, split);
}

/** The inflated bytes of `url`.gz, or null where the server has no such copy. */
export async function fetchGzipped(url: string, fetchFn: FetchFn): Promise<Uint8Array | null> {
  let response: Response;
  try {
    response = await fetchFile(`${url}.gz`, fetchFn);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  // A host that sends the file with `Content-Encoding: gzip` has had the browser inflate it.
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    const inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(inflated).arrayBuffer());
  } catch (error) {
    throw new DataError(`${url}.gz`, 'corrupt', `it does not inflate: ${String(error)}`);
  }
}

async function fetchFile(url: string, fetchFn: FetchFn): Promise<Response> {
  let response: Response;
  try {
    response = await fetchFn(url);
  } catch (error) {
    throw new DataError(url, 'missing', `could not fetch it: ${String(error)}`);
  }
  if (!response.ok) throw new DataError(url, 'missing', `HTTP ${response.status}`);
  // A dev server with an SPA fallback answers a missing file with index.html and status 200.
  if (response.headers.get('content-type')?.includes('text/html')) {
    throw new DataError(url, 'missing', 'the server sent an HTML page instead');
  }
  return response;
}
