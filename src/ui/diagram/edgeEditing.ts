import { nodeName, type Edge } from '../../model/config/config';
import { edgesKey, NO_MESSAGE, type EdgeMessage } from './edgeMessage';
import type { Drag } from './ghostPath';

/*
 * The diagram's editing of residual connections as a pure state machine: pointer and key events
 * in, the next state and the effects to run out (add, remove, move focus). useEdgeEditing.ts
 * wires it to React and the DOM; tests drive it directly.
 */

export interface EdgeEditState {
  readonly drag: Drag | null;
  /** The source picked by keyboard (Enter on a port), waiting for a merge point. */
  readonly pending: number | null;
  /** The arc picked by a click or focus (`from-to`): it shows its × and Delete removes it. */
  readonly selected: string | null;
  readonly message: EdgeMessage;
}

export const IDLE: EdgeEditState = {
  drag: null,
  pending: null,
  selected: null,
  message: NO_MESSAGE,
};

export type EdgeEditEvent =
  | { readonly type: 'port-down'; readonly from: number; readonly x: number; readonly y: number }
  | { readonly type: 'arc-down'; readonly edge: Edge; readonly x: number; readonly y: number }
  /** The pointer moved: `target` is the merge point under it, `outside` off the drawing. */
  | {
      readonly type: 'move';
      readonly x: number;
      readonly y: number;
      readonly target: number | null;
      readonly outside: boolean;
    }
  | { readonly type: 'up' }
  | { readonly type: 'pointer-cancel' }
  | { readonly type: 'key'; readonly key: string; readonly on: KeyTarget }
  | { readonly type: 'merge-click'; readonly to: number }
  | { readonly type: 'remove'; readonly edge: Edge }
  | { readonly type: 'select'; readonly key: string | null }
  | { readonly type: 'blur'; readonly key: string };

/** Where a key was pressed: a port, a merge point, an arc, or elsewhere in the diagram. */
export type KeyTarget =
  | { readonly kind: 'port'; readonly from: number }
  | { readonly kind: 'merge'; readonly to: number }
  | { readonly kind: 'arc'; readonly edge: Edge }
  | { readonly kind: 'diagram' };

export type EdgeEffect =
  | { readonly kind: 'add'; readonly from: number; readonly to: number }
  | { readonly kind: 'remove'; readonly edge: Edge }
  | { readonly kind: 'focus-arc'; readonly key: string }
  | { readonly kind: 'focus-port'; readonly from: number }
  /** The key was handled: the browser's default (scrolling on Space) must not run. */
  | { readonly kind: 'prevent-default' };

export interface EdgeEditContext {
  readonly edges: readonly Edge[];
  /** Why an edge cannot be added, or null when it can. */
  readonly refusal: (from: number, to: number) => string | null;
  readonly edgeName: (edge: Edge) => string;
}

export interface EdgeEditResult {
  readonly state: EdgeEditState;
  readonly effects: readonly EdgeEffect[];
}

/** How far (SVG units) the pointer must travel before pressing an arc becomes dragging it. */
export const DRAG_THRESHOLD = 6;

export const edgeKey = (edge: Edge) => `${edge.from}-${edge.to}`;

/** The source a connection is being made from (by drag or by keyboard), or null. */
export function connectingFrom(state: EdgeEditState): number | null {
  return state.drag?.kind === 'new' ? state.drag.from : state.pending;
}

export function editEdges(
  state: EdgeEditState,
  event: EdgeEditEvent,
  ctx: EdgeEditContext,
): EdgeEditResult {
  const say = (text: string, cause: EdgeMessage['cause'] = 'done'): EdgeMessage => ({
    text,
    cause,
    edges: edgesKey(ctx.edges),
  });
  const add = (from: number, to: number): EdgeEditResult & { added: boolean } => {
    const reason = ctx.refusal(from, to);
    if (reason) {
      return {
        state: { ...state, message: say(`Not added: ${reason}`, 'refused') },
        effects: [],
        added: false,
      };
    }
    return {
      state: { ...state, message: say(`Added ${ctx.edgeName({ from, to })} (${from}-${to}).`) },
      effects: [{ kind: 'add', from, to }],
      added: true,
    };
  };
  const remove = (edge: Edge, focusPort: boolean): EdgeEditResult => ({
    state: {
      ...state,
      drag: null,
      selected: null,
      message: say(`Removed ${ctx.edgeName(edge)} (${edgeKey(edge)}).`),
    },
    effects: [
      { kind: 'remove', edge },
      ...(focusPort ? [{ kind: 'focus-port', from: edge.from } as const] : []),
    ],
  });
  const none = (next: EdgeEditState = state): EdgeEditResult => ({ state: next, effects: [] });

  switch (event.type) {
    case 'port-down':
      return none({
        ...state,
        pending: null,
        selected: null,
        drag: { kind: 'new', from: event.from, x: event.x, y: event.y, target: null, reason: null },
      });
    case 'arc-down':
      return none({
        ...state,
        drag: {
          kind: 'arc',
          edge: event.edge,
          x: event.x,
          y: event.y,
          moved: false,
          outside: false,
        },
      });
    case 'move': {
      const drag = state.drag;
      if (!drag) return none();
      if (drag.kind === 'new') {
        const reason = event.target === null ? null : ctx.refusal(drag.from, event.target);
        return none({
          ...state,
          drag: { ...drag, x: event.x, y: event.y, target: event.target, reason },
        });
      }
      const moved = drag.moved || Math.hypot(event.x - drag.x, event.y - drag.y) > DRAG_THRESHOLD;
      return none({
        ...state,
        drag: { ...drag, x: event.x, y: event.y, moved, outside: event.outside },
      });
    }
    case 'up': {
      const drag = state.drag;
      if (!drag) return none();
      if (drag.kind === 'new') {
        if (drag.target === null) return none({ ...state, drag: null });
        const result = add(drag.from, drag.target);
        return { state: { ...result.state, drag: null }, effects: result.effects };
      }
      if (!drag.moved) {
        // A click on an arc picks it: highlighted, its × shown, Delete removes it.
        const key = edgeKey(drag.edge);
        return {
          state: { ...state, drag: null, selected: key },
          effects: [{ kind: 'focus-arc', key }],
        };
      }
      if (drag.outside) return remove(drag.edge, false);
      return none({ ...state, drag: null });
    }
    case 'pointer-cancel':
      return none({ ...state, drag: null });
    case 'merge-click': {
      if (state.pending === null) return none();
      const result = add(state.pending, event.to);
      return {
        state: result.added ? { ...result.state, pending: null } : result.state,
        effects: result.effects,
      };
    }
    case 'remove':
      return remove(event.edge, true);
    case 'select':
      return none({ ...state, selected: event.key });
    case 'blur':
      return none(state.selected === event.key ? { ...state, selected: null } : state);
    case 'key':
      return onKey(state, event.key, event.on, { add, remove, none, say });
  }
}

function onKey(
  state: EdgeEditState,
  key: string,
  on: KeyTarget,
  h: {
    add: (from: number, to: number) => EdgeEditResult & { added: boolean };
    remove: (edge: Edge, focusPort: boolean) => EdgeEditResult;
    none: (next?: EdgeEditState) => EdgeEditResult;
    say: (text: string, cause?: EdgeMessage['cause']) => EdgeMessage;
  },
): EdgeEditResult {
  const activate = key === 'Enter' || key === ' ';
  const prevent = { kind: 'prevent-default' } as const;
  if (key === 'Escape') {
    // Escape anywhere in the diagram cancels a connection being made, by keyboard or by drag.
    if (connectingFrom(state) === null) return h.none();
    const drag = state.drag?.kind === 'new' ? null : state.drag;
    return h.none({ ...state, drag, pending: null, message: h.say('Connection cancelled.') });
  }
  if (on.kind === 'port' && activate) {
    return {
      state: {
        ...state,
        pending: on.from,
        selected: null,
        message: h.say(
          `Connecting from ${nodeName(on.from)}: choose a merge point and press Enter (Escape cancels).`,
          'connecting',
        ),
      },
      effects: [prevent],
    };
  }
  if (on.kind === 'merge' && activate && state.pending !== null) {
    const result = h.add(state.pending, on.to);
    return {
      state: result.added ? { ...result.state, pending: null } : result.state,
      effects: [prevent, ...result.effects],
    };
  }
  if (key === 'Delete' || key === 'Backspace') {
    // On an arc, or anywhere in the diagram once an arc was picked by a click.
    const picked =
      on.kind === 'arc'
        ? on.edge
        : on.kind === 'diagram' && state.selected !== null
          ? parseKey(state.selected)
          : null;
    if (!picked) return h.none();
    const result = h.remove(picked, true);
    return { state: result.state, effects: [prevent, ...result.effects] };
  }
  return h.none();
}

function parseKey(key: string): Edge {
  const [from, to] = key.split('-').map(Number);
  return { from, to };
}
