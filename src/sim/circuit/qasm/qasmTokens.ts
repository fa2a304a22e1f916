/*
 * OpenQASM 2.0 / 3 source as tokens, each with its 1-based line and column, so that the importer
 * can say where a refused statement is. Comments (`//` and `/* … *\/`) and whitespace are dropped.
 */

export type TokenKind = 'ident' | 'number' | 'string' | 'punct' | 'end';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

/** Where a token or a problem is: 1-based line and column. */
export interface SourcePlace {
  readonly line: number;
  readonly column: number;
}

const PUNCT = [
  '->',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '++',
  '**',
  ...';,()[]{}+-*/^=<>!@$:.%&|~',
];
const NUMBER = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/;
const IDENT = /^[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_\u00C0-\uFFFF]*/;

export class QasmSyntaxError extends Error {
  constructor(
    message: string,
    readonly place: SourcePlace,
  ) {
    super(message);
  }
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let column = 1;
  let i = 0;
  const advance = (count: number) => {
    for (let k = 0; k < count; k++) {
      if (source[i + k] === '\n') {
        line++;
        column = 1;
      } else column++;
    }
    i += count;
  };
  while (i < source.length) {
    const rest = source.slice(i, i + 200);
    const c = source[i];
    if (/\s/.test(c)) {
      advance(1);
      continue;
    }
    if (rest.startsWith('//')) {
      const end = source.indexOf('\n', i);
      advance((end < 0 ? source.length : end) - i);
      continue;
    }
    if (rest.startsWith('/*')) {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) throw new QasmSyntaxError('a /* comment is never closed', { line, column });
      advance(end + 2 - i);
      continue;
    }
    const place = { line, column };
    if (c === '"') {
      const end = source.indexOf('"', i + 1);
      if (end < 0) throw new QasmSyntaxError('a string is never closed', place);
      tokens.push({ kind: 'string', text: source.slice(i + 1, end), ...place });
      advance(end + 1 - i);
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', text: number[0], ...place });
      advance(number[0].length);
      continue;
    }
    const ident = IDENT.exec(rest);
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], ...place });
      advance(ident[0].length);
      continue;
    }
    const punct = PUNCT.find((p) => rest.startsWith(p));
    if (!punct) throw new QasmSyntaxError(`unexpected character '${c}'`, place);
    tokens.push({ kind: 'punct', text: punct, ...place });
    advance(punct.length);
  }
  tokens.push({ kind: 'end', text: 'the end of the file', line, column });
  return tokens;
}
