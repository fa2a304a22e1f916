import { QasmSyntaxError, type SourcePlace, type Token } from './qasmTokens';

/*
 * A position in a token list, with the reads an OpenQASM statement needs, and the angle
 * expressions of OpenQASM 2 and 3 (numbers, pi/π, tau/τ, + − * / ^ **, parentheses, sin … sqrt,
 * declared names). Every mistake is a QasmSyntaxError at the offending token.
 */

const FUNCTIONS: Record<string, (v: number) => number> = {
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  exp: Math.exp,
  ln: Math.log,
  sqrt: Math.sqrt,
  arcsin: Math.asin,
  arccos: Math.acos,
  arctan: Math.atan,
};
const CONSTANTS: Record<string, number> = {
  pi: Math.PI,
  π: Math.PI,
  tau: 2 * Math.PI,
  τ: 2 * Math.PI,
};

export interface Evaluated {
  readonly value: number;
  /** It reads a declared input (its value is then NaN). */
  readonly usesInput: boolean;
}

export class TokenCursor {
  at = 0;

  constructor(readonly tokens: readonly Token[]) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.at + offset, this.tokens.length - 1)];
  }
  next(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.at++;
    return t;
  }
  fail(message: string, place: SourcePlace): never {
    throw new QasmSyntaxError(message, { line: place.line, column: place.column });
  }
  expect(text: string): Token {
    const t = this.next();
    if (t.text !== text || t.kind === 'string') {
      this.fail(`expected '${text}' but found '${t.text}'`, t);
    }
    return t;
  }
  ident(what: string): Token {
    const t = this.next();
    if (t.kind !== 'ident') this.fail(`expected ${what} but found '${t.text}'`, t);
    return t;
  }
  integer(what: string): number {
    const t = this.next();
    if (t.kind !== 'number' || !/^\d+$/.test(t.text)) {
      this.fail(`expected ${what} but found '${t.text}'`, t);
    }
    return Number(t.text);
  }

  /** After an error: on to the token after the next `;` (or past a `{ … }` block). */
  skipStatement(): void {
    let depth = 0;
    while (this.peek().kind !== 'end') {
      const t = this.next();
      if (t.text === '{') depth++;
      else if (t.text === '}') {
        depth--;
        if (depth <= 0) return;
      } else if (t.text === ';' && depth === 0) return;
    }
  }

  /** An angle expression; `env` binds names (a gate's parameter), `inputs` are declared inputs. */
  expression(env: ReadonlyMap<string, number>, inputs: ReadonlySet<string>): Evaluated {
    let usesInput = false;
    const primary = (): number => {
      const t = this.next();
      if (t.kind === 'number') return Number(t.text);
      if (t.text === '(') {
        const v = sum();
        this.expect(')');
        return v;
      }
      if (t.kind === 'ident') {
        if (t.text in CONSTANTS) return CONSTANTS[t.text];
        if (t.text in FUNCTIONS) {
          this.expect('(');
          const v = sum();
          this.expect(')');
          return FUNCTIONS[t.text](v);
        }
        const bound = env.get(t.text);
        if (bound !== undefined) return bound;
        if (inputs.has(t.text)) {
          usesInput = true;
          return NaN;
        }
        this.fail(`'${t.text}' is not a number, pi or a declared input`, t);
      }
      this.fail(`expected a number but found '${t.text}'`, t);
    };
    const unary = (): number => {
      if (this.peek().text === '-') {
        this.next();
        return -unary();
      }
      if (this.peek().text === '+') {
        this.next();
        return unary();
      }
      const base = primary();
      if (this.peek().text === '^' || this.peek().text === '**') {
        this.next();
        return base ** unary();
      }
      return base;
    };
    const product = (): number => {
      let v = unary();
      while (this.peek().text === '*' || this.peek().text === '/') {
        v = this.next().text === '*' ? v * unary() : v / unary();
      }
      return v;
    };
    const sum = (): number => {
      let v = product();
      while (this.peek().text === '+' || this.peek().text === '-') {
        v = this.next().text === '+' ? v + product() : v - product();
      }
      return v;
    };
    const value = sum();
    return { value, usesInput };
  }
}
