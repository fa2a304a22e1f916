import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, withEdge } from '../model/config';
import { linkProblemMessage, readConfigLink, searchWithConfig } from './urlState';

describe('urlState', () => {
  it('reads no configuration from a plain link', () => {
    expect(readConfigLink('')).toEqual({ kind: 'absent' });
    expect(readConfigLink('?other=1')).toEqual({ kind: 'absent' });
  });

  it('round-trips a configuration through the query, keeping other parameters', () => {
    const edited = withEdge(DEFAULT_CONFIG, { from: 1, to: 2 });
    if (!edited.ok) throw new Error('edit refused');
    const search = searchWithConfig('?debug=1&c=old', edited.config);
    expect(search).toBe('?debug=1&c=n=2;k=2,2;e=1-2');
    const read = readConfigLink(search);
    expect(read.kind).toBe('ok');
    if (read.kind === 'ok') expect(read.config.edges).toEqual([{ from: 1, to: 2 }]);
  });

  it('accepts a %-escaped code', () => {
    const read = readConfigLink(`?c=${encodeURIComponent('n=2;k=2,2;e=0-1')}`);
    expect(read.kind).toBe('ok');
  });

  it('refuses a tampered code with the validator’s reasons', () => {
    const read = readConfigLink('?c=n=2;k=2,2;e=2-1');
    expect(read.kind).toBe('refused');
    if (read.kind === 'refused') expect(read.errors.join(' ')).toMatch(/backwards/);
    const script = readConfigLink('?c=%3Cscript%3Ealert(1)%3C/script%3E');
    expect(script.kind).toBe('refused');
    expect(readConfigLink('?c=%E0%A4%A').kind).toBe('refused');
  });

  it('words the banner', () => {
    expect(linkProblemMessage(['x is wrong'])).toBe(
      "This link's configuration could not be used: x is wrong. Showing the defaults instead.",
    );
  });
});
