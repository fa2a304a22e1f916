/*
 * Wording shared by the configuration's error messages, so that the validator, the text form and
 * the edge helpers describe values and choices the same way.
 */

/** A value as a person would recognise it in a message: `-1`, `'abc'`, `a list`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value.length > 24 ? `${value.slice(0, 24)}…` : value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value === 'object' ? 'nested object' : typeof value}`;
}

/** `'a' or 'b'`, `'a', 'b' or 'c'`. */
export function listChoices(choices: readonly (string | number)[]): string {
  const quoted = choices.map((c) => (typeof c === 'string' ? `'${c}'` : String(c)));
  return quoted.length < 2
    ? quoted.join('')
    : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

/** The known name a typo most likely meant, or null when none is close. */
function closestName(name: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of known) {
    // A dropped or doubled letter is the likeliest typo: it wins a tie (`sed` → seed, not sem).
    const related = isSubsequence(name, candidate) || isSubsequence(candidate, name);
    const distance =
      candidate.toLowerCase() === name.toLowerCase()
        ? 0
        : editDistance(name, candidate) - (related ? 0.5 : 0);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  // Two edits catch most typos; more would suggest unrelated names for short keys.
  return bestDistance <= Math.min(2, Math.floor(name.length / 2)) ? best : null;
}

/** `unknown key 'lr2' (did you mean 'lr'?)`. */
export function unknownName(kind: string, name: string, known: readonly string[]): string {
  const guess = closestName(name, known);
  return `unknown ${kind} '${name}'${guess ? ` (did you mean '${guess}'?)` : ''}`;
}

function isSubsequence(short: string, long: string): boolean {
  let at = 0;
  for (const char of long) if (char === short[at]) at++;
  return at === short.length;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

/** Q1 or X: how docs/model.md §3 names node i of the configuration graph. */
export function nodeName(node: number): string {
  return node === 0 ? 'X' : `Q${node}`;
}

/** `0-1`: the edge as written in the text form and in messages. */
export function edgeLabel(edge: { readonly from: number; readonly to: number }): string {
  return `${edge.from}-${edge.to}`;
}
