import type { ConfigResult } from './configSchema';
import { parseConfigText } from './configText';

/*
 * The page reads the configuration texts of runs many times over (names in Compare runs,
 * captions and legends of exports, Explore rows, imported files): one reader, memoised, so each
 * text is parsed and validated once. Results are immutable, so sharing them is safe.
 */

const MAX_KEPT = 256;
const read = new Map<string, ConfigResult>();

/** parseConfigText's result for `text`, from the memo when the text was read before. */
export function readConfigText(text: string): ConfigResult {
  const known = read.get(text);
  if (known) return known;
  const result = parseConfigText(text);
  // Oldest first out: a long session's many texts never grow the memo past MAX_KEPT.
  if (read.size >= MAX_KEPT) read.delete(read.keys().next().value as string);
  read.set(text, result);
  return result;
}
