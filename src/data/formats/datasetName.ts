/** A dataset's name as links, the configuration text and folder names can carry it. */
export const DATASET_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/**
 * A name from a file or folder name: lower case, extensions and IDX suffixes dropped, anything
 * but letters and digits turned into single dashes, at most 40 characters; "dataset" if nothing
 * is left. `fashion-mnist.zip` → `fashion-mnist`, `My Photos/` → `my-photos`.
 */
export function datasetNameFrom(source: string): string {
  const base =
    source
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() ?? '';
  const name = base
    .toLowerCase()
    .replace(/\.(gz|zip|csv)$/g, '')
    .replace(/[-.](images|labels)[-.]idx[13][-.]ubyte$/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return name === '' ? 'dataset' : name;
}
