import { useRef, useState, type KeyboardEvent, type PointerEvent, type RefObject } from 'react';
import type { Edge } from '../../model/config/config';
import { mergeNear, outsideDiagram, type DiagramLayout } from './diagramLayout';
import {
  connectingFrom,
  editEdges,
  IDLE,
  type EdgeEditContext,
  type EdgeEditEvent,
  type EdgeEditState,
  type KeyTarget,
} from './edgeEditing';
import { visibleMessage } from './edgeMessage';

export interface EdgeEditing {
  readonly state: EdgeEditState;
  /** The source a connection is being made from, or null. */
  readonly connecting: number | null;
  /** The status line under the diagram ('' once its cause has gone). */
  readonly status: string;
  /** The pointer, in the wrapper's pixels, for the drag hints. */
  readonly pointer: { readonly x: number; readonly y: number } | null;
  readonly onPortDown: (event: PointerEvent, from: number) => void;
  readonly onArcDown: (event: PointerEvent, edge: Edge) => void;
  readonly onPointerMove: (event: PointerEvent) => void;
  readonly onPointerUp: (event: PointerEvent) => void;
  readonly onPointerCancel: () => void;
  readonly onKey: (event: KeyboardEvent, on: KeyTarget) => void;
  readonly onMergeClick: (to: number) => void;
  readonly remove: (edge: Edge) => void;
  readonly select: (key: string) => void;
  readonly blur: (key: string) => void;
}

/**
 * The diagram's editing of residual connections (edgeEditing.ts) wired to React and the DOM:
 * SVG coordinates, pointer capture, focus, and the onAdd/onRemove callbacks.
 */
export function useEdgeEditing(
  svgRef: RefObject<SVGSVGElement | null>,
  wrapRef: RefObject<HTMLDivElement | null>,
  layout: DiagramLayout,
  ctx: EdgeEditContext & {
    readonly onAdd: (from: number, to: number) => void;
    readonly onRemove: (from: number, to: number) => void;
  },
): EdgeEditing {
  const [state, setState] = useState<EdgeEditState>(IDLE);
  // Events can arrive faster than renders (pointer moves): each one starts from the latest
  // state, which only dispatch changes (it writes both).
  const latest = useRef(state);
  const [pointer, setPointer] = useState<{ x: number; y: number } | null>(null);

  const dispatch = (event: EdgeEditEvent, key?: KeyboardEvent) => {
    const { state: next, effects } = editEdges(latest.current, event, ctx);
    latest.current = next;
    setState(next);
    for (const effect of effects) {
      switch (effect.kind) {
        case 'add':
          ctx.onAdd(effect.from, effect.to);
          break;
        case 'remove':
          ctx.onRemove(effect.edge.from, effect.edge.to);
          break;
        case 'focus-arc':
          svgRef.current?.querySelector<SVGElement>(`[data-edge="${effect.key}"]`)?.focus();
          break;
        case 'focus-port':
          svgRef.current?.querySelector<SVGElement>(`[data-port="${effect.from}"]`)?.focus();
          break;
        case 'prevent-default':
          key?.preventDefault();
          key?.stopPropagation();
          break;
      }
    }
  };

  const toSvg = (event: PointerEvent) => {
    const matrix = svgRef.current?.getScreenCTM();
    if (!matrix) return { x: 0, y: 0 };
    const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    return { x: p.x, y: p.y };
  };
  const track = (event: PointerEvent) => {
    const wrap = wrapRef.current;
    const box = wrap?.getBoundingClientRect();
    if (!wrap || !box || box.width === 0) return;
    // Screen pixels to the wrapper's own (they differ under CSS zoom, in presenter view).
    const k = wrap.clientWidth / box.width;
    setPointer({ x: (event.clientX - box.left) * k, y: (event.clientY - box.top) * k });
  };
  const press = (event: PointerEvent) => {
    if (event.button !== 0) return null;
    event.preventDefault();
    svgRef.current?.setPointerCapture(event.pointerId);
    track(event);
    return toSvg(event);
  };

  return {
    state,
    connecting: connectingFrom(state),
    status: visibleMessage(state.message, ctx.edges, connectingFrom(state) !== null),
    pointer,
    onPortDown(event, from) {
      const p = press(event);
      if (p) dispatch({ type: 'port-down', from, ...p });
    },
    onArcDown(event, edge) {
      const p = press(event);
      if (p) dispatch({ type: 'arc-down', edge, ...p });
    },
    onPointerMove(event) {
      if (!latest.current.drag) return;
      const p = toSvg(event);
      track(event);
      dispatch({
        type: 'move',
        ...p,
        target: mergeNear(layout, p.x, p.y)?.to ?? null,
        outside: outsideDiagram(layout, p.x, p.y),
      });
    },
    onPointerUp(event) {
      if (!latest.current.drag) return;
      svgRef.current?.releasePointerCapture(event.pointerId);
      dispatch({ type: 'up' });
    },
    onPointerCancel: () => dispatch({ type: 'pointer-cancel' }),
    onKey: (event, on) => dispatch({ type: 'key', key: event.key, on }, event),
    onMergeClick: (to) => dispatch({ type: 'merge-click', to }),
    remove: (edge) => dispatch({ type: 'remove', edge }),
    select: (key) => dispatch({ type: 'select', key }),
    blur: (key) => dispatch({ type: 'blur', key }),
  };
}
