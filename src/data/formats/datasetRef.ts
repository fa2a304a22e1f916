/**
 * How a configuration names the data it trains on: `mnist` (the built-in digits, the default), or
 * `<name>.<hash>`, a user's dataset by name and content hash (datasetFile.ts), e.g.
 * `fashion-mnist.1a2b3c4d`. Only letters, digits, `-` and `.`, so a link carries it unescaped.
 * The hash decides which data is meant; the name is for people.
 */
import { DATASET_NAME_PATTERN } from './datasetName';

export const MNIST_DATASET = 'mnist';

export interface DatasetRef {
  readonly name: string;
  readonly hash: string;
}

const REF = /^([a-z0-9-]+)\.([0-9a-f]{8})$/;

/** `mnist` → null (the built-in data); `name.hash` → its parts; anything else → undefined. */
export function parseDatasetRef(text: string): DatasetRef | null | undefined {
  if (text === MNIST_DATASET) return null;
  const match = REF.exec(text);
  if (!match || !DATASET_NAME_PATTERN.test(match[1])) return undefined;
  return { name: match[1], hash: match[2] };
}

export function formatDatasetRef(ref: DatasetRef): string {
  return `${ref.name}.${ref.hash}`;
}

/** What a message says about the rule. */
export const DATASET_REF_RULE =
  "'mnist' (the built-in digits) or a stored dataset's name and content hash, e.g. 'fashion-mnist.1a2b3c4d'";

/** How figures, files and views name the data a configuration trains on: MNIST, or `name.hash`. */
export function datasetLabel(dataset: string): string {
  return dataset === MNIST_DATASET ? 'MNIST' : dataset;
}
