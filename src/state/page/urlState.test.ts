import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, withEdge } from '../../model/config/config';
import { parseConfigText } from '../../model/config/configText';
import {
  linkLengthProblem,
  linkParamProblems,
  linkProblemMessage,
  readConfigLink,
  searchWithConfig,
} from './urlState';

describe('urlState', () => {
  it('reads no configuration from a plain link', () => {
    expect(readConfigLink('')).toEqual({ kind: 'absent' });
    expect(readConfigLink('?other=1')).toEqual({ kind: 'absent' });
  });

  it('round-trips a configuration through the query, keeping other parameters', () => {
    const edited = withEdge(DEFAULT_CONFIG, { from: 1, to: 2 });
    if (!edited.ok) throw new Error('edit refused');
    const search = searchWithConfig('?debug=1&c=old', edited.config);
    // The default circuit is written out: a link without a= and d= means ryrz at depth 1.
    expect(search).toBe('?debug=1&c=n=2;k=2,2;d=3,3;a=basic,basic;e=1-2');
    const read = readConfigLink(search);
    expect(read.kind).toBe('ok');
    if (read.kind === 'ok') expect(read.config).toEqual(edited.config);
  });

  it('reads a link from before families and default circuits as ryrz at depth 1', () => {
    const read = readConfigLink('?c=n=2;k=2,2;e=1-2');
    expect(read.kind).toBe('ok');
    if (read.kind !== 'ok') return;
    expect(read.config.layers.map((l) => `${l.family} ${l.depth}`)).toEqual(['ryrz 1', 'ryrz 1']);
    expect(searchWithConfig('', read.config)).toBe('?c=n=2;k=2,2;e=1-2');
  });

  it('accepts a %-escaped code', () => {
    const read = readConfigLink(`?c=${encodeURIComponent('n=2;k=2,2;e=0-1')}`);
    expect(read.kind).toBe('ok');
  });

  it('refuses a tampered code with the validator’s reasons, keeping its valid parts', () => {
    const read = readConfigLink('?c=n=2;k=2,2;e=2-1');
    expect(read.kind).toBe('partial');
    if (read.kind === 'partial') {
      expect(read.errors.join(' ')).toMatch(/backwards/);
      expect(read.ignored).toEqual(['e=2-1']);
      expect(read.config.layers).toHaveLength(2);
    }
    const script = readConfigLink('?c=%3Cscript%3Ealert(1)%3C/script%3E');
    expect(script.kind).toBe('refused');
    expect(readConfigLink('?c=%E0%A4%A').kind).toBe('refused');
  });

  it('keeps every valid part of a link with one bad key', () => {
    const read = readConfigLink('?c=n=3;k=2,3,2;e=0-2;lr=banana;ep=4');
    expect(read.kind).toBe('partial');
    if (read.kind !== 'partial') return;
    expect(read.ignored).toEqual(['lr=banana']);
    expect(read.config.layers.map((l) => l.kernel)).toEqual([2, 3, 2]);
    expect(read.config.edges).toEqual([{ from: 0, to: 2 }]);
    expect(read.config.epochs).toBe(4);
    const message = linkProblemMessage(read);
    expect(message).toMatch(/^Part of this link's configuration could not be used: .*banana/);
    expect(message).toContain("Ignored 'lr=banana'; the rest of the link is applied.");
  });

  it('refuses a link with a bad layer value, naming it, rather than dropping the valid layers too', () => {
    // Leaving out `a=` would also turn layer 2's valid basic into ryrz at L = 1.
    const read = readConfigLink('?c=n=2;k=2,2;d=3,3;a=quantumfoo,basic;lr=0.02');
    expect(read.kind).toBe('refused');
    const message = linkProblemMessage(read);
    expect(message).toMatch(
      /^This link's configuration could not be used: layer 1: circuit family 'quantumfoo' is not one of/,
    );
    expect(message).toContain('Showing the defaults instead.');
    expect(readConfigLink('?c=n=2;k=2,2;d=3,9').kind).toBe('refused');
    expect(readConfigLink('?c=n=2;k=2,7;lr=banana').kind).toBe('refused');
  });

  it('refuses an overlong code before parsing it, and says how long it was', () => {
    const read = readConfigLink(`?c=${'n=2;'.repeat(25_000)}`);
    expect(read).toEqual({
      kind: 'refused',
      errors: [
        'the configuration code is 100,000 characters long, too long to be one (at most 2,000)',
      ],
    });
  });

  it('names parameters the page does not read, repeated ones and unknown backends', () => {
    expect(linkParamProblems('?c=n=2;k=2,2&backend=wasm')).toEqual([]);
    expect(linkParamProblems('?config=n=2')).toEqual([
      "unknown parameter 'config' was ignored (the page reads c=, backend=, pace=, view=, tour=, trainability= and stacks=)",
    ]);
    expect(linkParamProblems('?c=n=1;k=2&c=n=2;k=2,2')).toEqual([
      "'c=' appears 2 times: only the first was used",
    ]);
    expect(linkParamProblems('?backend=quantum')).toEqual([
      "backend 'quantum' is not one of webgpu, webgl, wasm, cpu, so it was ignored",
    ]);
    expect(linkProblemMessage({ kind: 'absent' }, linkParamProblems('?backend=quantum'))).toBe(
      "In this link, backend 'quantum' is not one of webgpu, webgl, wasm, cpu, so it was ignored.",
    );
  });

  it('words the banner', () => {
    expect(linkProblemMessage({ kind: 'refused', errors: ['x is wrong'] })).toBe(
      "This link's configuration could not be used: x is wrong. Showing the defaults instead.",
    );
    expect(linkProblemMessage({ kind: 'absent' })).toBeNull();
  });

  it('says when custom circuits make the link longer than a link may be', () => {
    const layer = Array.from({ length: 150 }, (_, i) => `rx${i % 9}~${(i + 0.123456).toFixed(6)}`);
    const text = `n=4;k=3,3,3,3;g=${Array(4)
      .fill(['ry0', ...layer].join('_'))
      .join(',')}`;
    const result = parseConfigText(text);
    if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('; '));
    expect(linkLengthProblem(result.config)).toMatch(
      /^the link's configuration code is [\d,]+ characters, over the 2,000 a link may carry/,
    );
    expect(readConfigLink(searchWithConfig('', result.config)).kind).toBe('refused');
    expect(linkLengthProblem(DEFAULT_CONFIG)).toBeNull();
  });
});
