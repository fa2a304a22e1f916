import { describe, expect, it } from 'vitest';
import type { Edge } from '../../model/config/config';
import {
  connectingFrom,
  editEdges,
  IDLE,
  type EdgeEditContext,
  type EdgeEditEvent,
  type EdgeEditState,
} from './edgeEditing';
import { visibleMessage } from './edgeMessage';

const ctx = (edges: Edge[]): EdgeEditContext => ({
  edges,
  refusal: (from, to) =>
    edges.some((e) => e.from === from && e.to === to)
      ? 'duplicate edge'
      : to <= from
        ? 'a connection must go forward'
        : null,
  edgeName: (e) => `${e.from === 0 ? 'X' : `O${e.from}`}+O${e.to}`,
});

/** Runs events in order; returns the final state and every effect. */
function run(edges: Edge[], events: EdgeEditEvent[], from: EdgeEditState = IDLE) {
  let state = from;
  const effects = [];
  for (const event of events) {
    const result = editEdges(state, event, ctx(edges));
    state = result.state;
    effects.push(...result.effects);
  }
  return { state, effects };
}

const E12: Edge = { from: 1, to: 2 };

describe('removing an arc', () => {
  it('a click picks the arc (its × shows) and focuses it; Delete then removes it', () => {
    const click = run([E12], [{ type: 'arc-down', edge: E12, x: 10, y: 10 }, { type: 'up' }]);
    expect(click.state.selected).toBe('1-2');
    expect(click.effects).toEqual([{ kind: 'focus-arc', key: '1-2' }]);
    const del = run(
      [E12],
      [{ type: 'key', key: 'Delete', on: { kind: 'arc', edge: E12 } }],
      click.state,
    );
    expect(del.effects).toContainEqual({ kind: 'remove', edge: E12 });
    expect(del.state.selected).toBeNull();
    expect(del.state.message.text).toBe('Removed O1+O2 (1-2).');
  });

  it('Delete anywhere in the diagram removes the picked arc, and nothing when none is picked', () => {
    const picked = { ...IDLE, selected: '1-2' };
    const del = run([E12], [{ type: 'key', key: 'Delete', on: { kind: 'diagram' } }], picked);
    expect(del.effects).toContainEqual({ kind: 'remove', edge: E12 });
    const idle = run([E12], [{ type: 'key', key: 'Delete', on: { kind: 'diagram' } }]);
    expect(idle.effects).toEqual([]);
  });

  it('the × removes its arc and hands focus to the port it came from', () => {
    const { effects } = run([E12], [{ type: 'remove', edge: E12 }]);
    expect(effects).toEqual([
      { kind: 'remove', edge: E12 },
      { kind: 'focus-port', from: 1 },
    ]);
  });

  it('dragging an arc off the drawing removes it; a short wobble does not count as a drag', () => {
    const off = run(
      [E12],
      [
        { type: 'arc-down', edge: E12, x: 0, y: 0 },
        { type: 'move', x: 50, y: 200, target: null, outside: true },
        { type: 'up' },
      ],
    );
    expect(off.effects).toContainEqual({ kind: 'remove', edge: E12 });
    const wobble = run(
      [E12],
      [
        { type: 'arc-down', edge: E12, x: 0, y: 0 },
        { type: 'move', x: 3, y: 2, target: null, outside: false },
        { type: 'up' },
      ],
    );
    expect(wobble.effects).toEqual([{ kind: 'focus-arc', key: '1-2' }]);
  });

  it('leaving the arc drops the pick', () => {
    const { state } = run([E12], [{ type: 'blur', key: '1-2' }], { ...IDLE, selected: '1-2' });
    expect(state.selected).toBeNull();
  });
});

describe('adding a connection', () => {
  it('by drag: the target under the pointer says why it is refused, and release adds a valid one', () => {
    const refused = run(
      [E12],
      [
        { type: 'port-down', from: 1, x: 0, y: 0 },
        { type: 'move', x: 9, y: 9, target: 2, outside: false },
      ],
    );
    expect(refused.state.drag).toMatchObject({ kind: 'new', target: 2, reason: 'duplicate edge' });
    const added = run(
      [],
      [
        { type: 'port-down', from: 0, x: 0, y: 0 },
        { type: 'move', x: 9, y: 9, target: 2, outside: false },
        { type: 'up' },
      ],
    );
    expect(added.effects).toEqual([{ kind: 'add', from: 0, to: 2 }]);
    expect(added.state.drag).toBeNull();
  });

  it('by keyboard: Enter on a port, Enter on a merge point; a refusal keeps the source picked', () => {
    const port = run([E12], [{ type: 'key', key: 'Enter', on: { kind: 'port', from: 1 } }]);
    expect(connectingFrom(port.state)).toBe(1);
    expect(visibleMessage(port.state.message, [E12], true)).toMatch(/^Connecting from Q1/);
    const refused = run(
      [E12],
      [{ type: 'key', key: 'Enter', on: { kind: 'merge', to: 2 } }],
      port.state,
    );
    expect(refused.state.pending).toBe(1);
    expect(refused.state.message.text).toBe('Not added: duplicate edge');
    const added = run([E12], [{ type: 'merge-click', to: 3 }], port.state);
    expect(added.effects).toEqual([{ kind: 'add', from: 1, to: 3 }]);
    expect(added.state.pending).toBeNull();
  });

  it('Escape cancels a connection, and the "Connecting from" line goes with it', () => {
    const port = run([], [{ type: 'key', key: 'Enter', on: { kind: 'port', from: 1 } }]);
    const esc = run([], [{ type: 'key', key: 'Escape', on: { kind: 'diagram' } }], port.state);
    expect(connectingFrom(esc.state)).toBeNull();
    expect(esc.state.message.text).toBe('Connection cancelled.');
    const drag = run([], [{ type: 'port-down', from: 0, x: 0, y: 0 }]);
    const escDrag = run([], [{ type: 'key', key: 'Escape', on: { kind: 'diagram' } }], drag.state);
    expect(escDrag.state.drag).toBeNull();
  });

  it('"Not added: duplicate edge" goes once that edge is gone', () => {
    const port = run([E12], [{ type: 'key', key: 'Enter', on: { kind: 'port', from: 1 } }]);
    const refused = run(
      [E12],
      [{ type: 'key', key: 'Enter', on: { kind: 'merge', to: 2 } }],
      port.state,
    );
    expect(visibleMessage(refused.state.message, [E12], true)).toBe('Not added: duplicate edge');
    expect(visibleMessage(refused.state.message, [], true)).toBe('');
  });
});
