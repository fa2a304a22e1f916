import { describe, expect, it } from 'vitest';
import { readConfigText } from './configReader';
import { parseConfigText } from './configText';

describe('readConfigText', () => {
  it('gives what parseConfigText gives, the same object for the same text', () => {
    for (const text of ['n=2;k=2,2;e=1-2', 'n=3;a=basic,strong,ryrz;d=3,2,1', 'n=2;k=7']) {
      expect(readConfigText(text)).toEqual(parseConfigText(text));
      expect(readConfigText(text)).toBe(readConfigText(text));
    }
  });

  it('keeps at most 256 texts', () => {
    const first = readConfigText('n=1;seed=1');
    for (let seed = 2; seed <= 300; seed++) readConfigText(`n=1;seed=${seed}`);
    expect(readConfigText('n=1;seed=1')).not.toBe(first);
    expect(readConfigText('n=1;seed=1')).toEqual(first);
  });
});
