import { describe, expect, it } from 'vitest';
import { edgesKey, visibleMessage, type EdgeMessage } from './edgeMessage';

const edges = [{ from: 0, to: 2 }];

describe('the diagram status line', () => {
  it('drops "Not added" once the edges change (the duplicate edge was removed)', () => {
    const m: EdgeMessage = {
      text: 'Not added: duplicate edge',
      cause: 'refused',
      edges: edgesKey(edges),
    };
    expect(visibleMessage(m, edges, false)).toBe('Not added: duplicate edge');
    expect(visibleMessage(m, [], false)).toBe('');
  });

  it('drops "Connecting from Q1…" once the connection is cancelled', () => {
    const m: EdgeMessage = { text: 'Connecting from Q1…', cause: 'connecting', edges: '' };
    expect(visibleMessage(m, edges, true)).toBe('Connecting from Q1…');
    expect(visibleMessage(m, edges, false)).toBe('');
  });
});
