/** Loads a split over HTTP: the browser page and the training worker. No Node imports here. */
import { DataError } from './errors';
import { decodeMnistSplit, MNIST_FILE_NAMES, type MnistSplit, type SplitName } from './mnistFormat';

export type FetchFn = (url: string) => Promise<Response>;

/** `baseUrl` is the folder the files are served from, e.g. `${import.meta.env.BASE_URL}data`. */
export function mnistUrl(baseUrl: string, split: SplitName): string {
  return `${baseUrl.replace(/\/+$/, '')}/${MNIST_FILE_NAMES[split]}`;
}

/** @throws DataError naming the URL: 'missing' when it cannot be fetched, else 'corrupt'. */
export async function loadMnistFromUrl(
  baseUrl: string,
  split: SplitName,
  // A wrapper, not `fetch` itself: some browsers reject fetch called with a foreign `this`.
  fetchFn: FetchFn = (url) => fetch(url),
): Promise<MnistSplit> {
  const url = mnistUrl(baseUrl, split);
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
  const bytes = new Uint8Array(await response.arrayBuffer());
  return decodeMnistSplit(bytes, url, split);
}
