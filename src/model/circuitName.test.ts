import { describe, expect, it } from 'vitest';
import { circuitName } from './circuitName';
import { DEFAULT_CONFIG } from './config/config';
import { parseConfigText } from './config/configText';

describe('circuitName', () => {
  it('names the one circuit every layer runs, as the default configuration', () => {
    expect(circuitName(DEFAULT_CONFIG)).toBe('basic L = 3');
  });

  it('names each layer when they differ', () => {
    const parsed = parseConfigText('n=2;k=2,2;d=3,1;a=basic,ryrz');
    if (!parsed.ok) throw new Error('refused');
    expect(circuitName(parsed.config)).toBe('Q1 basic L = 3, Q2 ryrz L = 1');
  });
});
