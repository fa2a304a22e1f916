import { useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { nodeName, type Edge, type Tap } from '../../model/config';
import { formatNorm } from '../charts/chartKit';
import { nodeColour } from '../palette';
import { useWidth } from '../useWidth';
import {
  layoutDiagram,
  mergeNear,
  outsideDiagram,
  MERGE_RADIUS,
  PORT_RADIUS,
} from './diagramLayout';
import { EndNode, QuanvNode, type QuanvInfo } from './DiagramNode';
import { ArcFlow, arcFlowClass, arcFlowSuffix, LinkFlows } from './FlowLayer';
import type { FlowReading } from './flowView';
import { edgesKey, NO_MESSAGE, visibleMessage, type EdgeMessage } from './edgeMessage';
import { ghostPath, type Drag } from './ghostPath';
import type { NodeStatus } from './nodeStatus';
import './ArchitectureDiagram.css';

export interface DiagramProps {
  readonly layers: readonly QuanvInfo[];
  readonly edges: readonly Edge[];
  readonly tap: Tap;
  readonly statuses: readonly NodeStatus[];
  /** Per quanv layer, one sentence on why it has (or lacks) gradient. */
  readonly reasons: readonly string[];
  readonly headNorm: number | undefined;
  /** The paper's name of one edge's sum, e.g. `X+O1`. */
  readonly edgeName: (edge: Edge) => string;
  /** Why an edge cannot be added, or null when it can. */
  readonly refusal: (from: number, to: number) => string | null;
  readonly onAdd: (from: number, to: number) => void;
  readonly onRemove: (from: number, to: number) => void;
  /** The shown step's gradient flow per route; undefined before the first step. */
  readonly flows?: FlowReading;
}

export const portLabel = (from: number) => `Output of ${nodeName(from)}`;
export const mergeLabel = (to: number) => `Merge after Q${to}`;
export const arcLabel = (e: Edge) =>
  `Residual connection ${nodeName(e.from)} to merge after Q${e.to} (${e.from}-${e.to})`;

/**
 * The network as a paper's figure, and the editor of its residual connections: drag from a
 * node's output ● to a later ⊕ to add one (refused targets say why, next to the pointer); drag
 * an arc off the drawing, or focus it and press Delete, to remove it. Every action also works
 * from the keyboard: Enter on a port, then Enter on a merge point.
 */
export function ArchitectureDiagram(props: DiagramProps) {
  const { layers, edges, tap, statuses, refusal, onAdd, onRemove, edgeName } = props;
  const n = layers.length;
  const svgRef = useRef<SVGSVGElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const width = useWidth(wrapRef);
  // On wide screens the figure grows as a whole, text included, rather than spreading thin.
  const scale = Math.min(1.35, Math.max(1, width / 900));
  const layout = useMemo(
    () => layoutDiagram({ layers: n, edges, tap }, width / scale),
    [n, edges, tap, width, scale],
  );
  const [drag, setDrag] = useState<Drag | null>(null);
  const [pointer, setPointer] = useState<{ x: number; y: number } | null>(null);
  const [pending, setPending] = useState<number | null>(null);
  const [message, setMessageState] = useState<EdgeMessage>(NO_MESSAGE);
  const setMessage = (text: string, cause: EdgeMessage['cause'] = 'done') =>
    setMessageState({ text, cause, edges: edgesKey(edges) });
  const [selected, setSelected] = useState<string | null>(null);

  const connectingFrom = drag?.kind === 'new' ? drag.from : pending;

  const toSvg = (event: PointerEvent) => {
    const svg = svgRef.current;
    const matrix = svg?.getScreenCTM();
    if (!svg || !matrix) return { x: 0, y: 0 };
    const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    return { x: p.x, y: p.y };
  };
  const trackPointer = (event: PointerEvent) => {
    const box = wrapRef.current?.getBoundingClientRect();
    if (box) setPointer({ x: event.clientX - box.left, y: event.clientY - box.top });
  };

  const add = (from: number, to: number) => {
    const reason = refusal(from, to);
    if (reason) {
      setMessage(`Not added: ${reason}`, 'refused');
      return false;
    }
    onAdd(from, to);
    setMessage(`Added ${edgeName({ from, to })} (${from}-${to}).`);
    return true;
  };
  const remove = (edge: Edge) => {
    onRemove(edge.from, edge.to);
    setMessage(`Removed ${edgeName(edge)} (${edge.from}-${edge.to}).`);
  };

  const startPortDrag = (event: PointerEvent, from: number) => {
    if (event.button !== 0) return;
    event.preventDefault();
    svgRef.current?.setPointerCapture(event.pointerId);
    const p = toSvg(event);
    setPending(null);
    setDrag({ kind: 'new', from, x: p.x, y: p.y, target: null, reason: null });
    trackPointer(event);
  };
  const startArcDrag = (event: PointerEvent, edge: Edge) => {
    if (event.button !== 0) return;
    event.preventDefault();
    svgRef.current?.setPointerCapture(event.pointerId);
    const p = toSvg(event);
    setDrag({ kind: 'arc', edge, x: p.x, y: p.y, moved: false, outside: false });
    trackPointer(event);
  };
  const onPointerMove = (event: PointerEvent) => {
    if (!drag) return;
    const p = toSvg(event);
    trackPointer(event);
    if (drag.kind === 'new') {
      const target = mergeNear(layout, p.x, p.y)?.to ?? null;
      const reason = target === null ? null : refusal(drag.from, target);
      setDrag({ ...drag, x: p.x, y: p.y, target, reason });
    } else {
      const moved = drag.moved || Math.hypot(p.x - drag.x, p.y - drag.y) > 6;
      setDrag({ ...drag, x: p.x, y: p.y, moved, outside: outsideDiagram(layout, p.x, p.y) });
    }
  };
  const onPointerUp = (event: PointerEvent) => {
    if (!drag) return;
    svgRef.current?.releasePointerCapture(event.pointerId);
    if (drag.kind === 'new') {
      if (drag.target !== null) add(drag.from, drag.target);
    } else if (!drag.moved) {
      svgRef.current
        ?.querySelector<SVGElement>(`[data-edge="${drag.edge.from}-${drag.edge.to}"]`)
        ?.focus();
    } else if (drag.outside) {
      remove(drag.edge);
    }
    setDrag(null);
  };

  const onPortKey = (event: KeyboardEvent, from: number) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      setPending(from);
      setMessage(
        `Connecting from ${nodeName(from)}: choose a merge point and press Enter (Escape cancels).`,
        'connecting',
      );
    } else if (event.key === 'Escape') {
      setPending(null);
    }
  };
  const onMergeKey = (event: KeyboardEvent, to: number) => {
    if (event.key === 'Escape') setPending(null);
    if ((event.key !== 'Enter' && event.key !== ' ') || pending === null) return;
    event.preventDefault();
    if (add(pending, to)) setPending(null);
  };
  const onArcKey = (event: KeyboardEvent, edge: Edge) => {
    if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      remove(edge);
      svgRef.current?.querySelector<SVGElement>(`[data-port="${edge.from}"]`)?.focus();
    }
  };

  // Escape anywhere in the diagram cancels a connection being made, by keyboard or by drag.
  const onDiagramKey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || connectingFrom === null) return;
    setPending(null);
    if (drag?.kind === 'new') setDrag(null);
    setMessage('Connection cancelled.');
  };

  const draggedArc = drag?.kind === 'arc' && drag.moved ? drag.edge : null;
  const ghost = ghostPath(drag, layout);
  return (
    <div className="diagram" ref={wrapRef} onKeyDown={onDiagramKey}>
      {width > 0 && (
        <svg
          ref={svgRef}
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          width={width}
          height={layout.height * scale}
          className={drag ? 'dragging' : undefined}
          aria-label="Network architecture: residual connections between quanvolutional layers"
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={() => setDrag(null)}
        >
          <defs>
            <marker
              id="wire-arrow"
              viewBox="0 0 8 8"
              refX="7"
              refY="4"
              markerWidth="11"
              markerHeight="11"
              markerUnits="userSpaceOnUse"
              orient="auto"
            >
              <path d="M0,0 L8,4 L0,8 z" className="arrow-head" />
            </marker>
            <pattern
              id="frozen-hatch"
              patternUnits="userSpaceOnUse"
              width="7"
              height="7"
              patternTransform="rotate(45)"
            >
              <line x1="0" y1="0" x2="0" y2="7" className="hatch-line" />
            </pattern>
          </defs>
          <g className="wires">
            {layout.wires.map((w, i) => (
              <line
                key={i}
                x1={w.x1}
                x2={w.x2 - 2}
                y1={layout.baseline}
                y2={layout.baseline}
                markerEnd="url(#wire-arrow)"
              />
            ))}
          </g>
          <LinkFlows layout={layout} layers={n} flows={props.flows} />
          {layout.nodes.map((box) =>
            box.id === 'X' ? (
              <EndNode
                key="X"
                box={box}
                layers={n}
                title="X"
                lines={['14×14']}
                label="X: the input image, 14×14"
              />
            ) : box.id === 'H' ? (
              <EndNode
                key="H"
                box={box}
                layers={n}
                title="H"
                lines={['dense', props.headNorm === undefined ? '' : formatNorm(props.headNorm)]}
                label={`H: the classical head, dense to 10 classes${props.headNorm === undefined ? '' : `, gradient norm ${formatNorm(props.headNorm)}`}`}
              />
            ) : (
              <QuanvNode
                key={box.id}
                box={box}
                layers={n}
                info={layers[box.index - 1]}
                status={statuses[box.index - 1]}
                reason={props.reasons[box.index - 1] ?? ''}
              />
            ),
          )}
          <g className="arcs">
            {layout.arcs.map((arc) => {
              const edge = { from: arc.from, to: arc.to };
              const key = `${arc.from}-${arc.to}`;
              const lifted = draggedArc && draggedArc.from === arc.from && draggedArc.to === arc.to;
              return (
                <g
                  key={key}
                  className={`arc${lifted ? ' lifted' : ''}${selected === key ? ' selected' : ''}${arcFlowClass(arc.from, arc.to, props.flows)}`}
                  style={{ ['--node' as string]: nodeColour(arc.from, n) }}
                >
                  <path className="arc-halo" d={arc.d} />
                  <ArcFlow arc={arc} flows={props.flows} />
                  <path className="arc-line" d={arc.d} markerEnd="url(#wire-arrow)" />
                  <path
                    className="arc-hit"
                    d={arc.d}
                    role="button"
                    tabIndex={0}
                    aria-label={`${arcLabel(edge)}${arcFlowSuffix(arc.from, arc.to, props.flows)}`}
                    data-edge={key}
                    onPointerDown={(e) => startArcDrag(e, edge)}
                    onKeyDown={(e) => onArcKey(e, edge)}
                    onFocus={() => setSelected(key)}
                    onBlur={() => setSelected((s) => (s === key ? null : s))}
                  >
                    <title>{`${edgeName(edge)}${arcFlowSuffix(arc.from, arc.to, props.flows)}: drag off the diagram or press Delete to remove`}</title>
                  </path>
                  <text className="arc-label" x={arc.peakX} y={arc.peakY - 5} textAnchor="middle">
                    {edgeName(edge)}
                  </text>
                </g>
              );
            })}
          </g>
          <g className="merges">
            {layout.merges.map((m) => {
              const state =
                connectingFrom === null
                  ? ''
                  : refusal(connectingFrom, m.to) === null
                    ? ' valid'
                    : ' invalid';
              const hot = drag?.kind === 'new' && drag.target === m.to ? ' hot' : '';
              const used = edges.some((e) => e.to === m.to) ? ' used' : '';
              return (
                <g
                  key={m.to}
                  className={`merge${state}${hot}${used}`}
                  style={{ transform: `translate(${m.x}px, ${m.y}px)` }}
                  role="button"
                  tabIndex={0}
                  aria-label={mergeLabel(m.to)}
                  data-merge={m.to}
                  onKeyDown={(e) => onMergeKey(e, m.to)}
                  onClick={() => pending !== null && add(pending, m.to) && setPending(null)}
                >
                  <circle r={MERGE_RADIUS + 8} className="merge-halo" />
                  <circle r={MERGE_RADIUS} className="merge-ring" />
                  <path d={`M-5,0 H5 M0,-5 V5`} className="merge-plus" />
                </g>
              );
            })}
          </g>
          {ghost && (
            <path
              className={`ghost${drag?.kind === 'new' && drag.reason ? ' refused' : ''}`}
              d={ghost}
            />
          )}
          <g className="ports">
            {layout.ports.map((p) => (
              <g
                key={p.from}
                className={`port${connectingFrom === p.from ? ' active' : ''}`}
                style={{
                  transform: `translate(${p.x}px, ${p.y}px)`,
                  ['--node' as string]: nodeColour(p.from, n),
                }}
                role="button"
                tabIndex={0}
                aria-label={portLabel(p.from)}
                aria-pressed={pending === p.from}
                data-port={p.from}
                onPointerDown={(e) => startPortDrag(e, p.from)}
                onKeyDown={(e) => onPortKey(e, p.from)}
              >
                <circle r={PORT_RADIUS + 8} className="port-halo" />
                <circle r={PORT_RADIUS} className="port-dot" />
              </g>
            ))}
          </g>
        </svg>
      )}
      {drag?.kind === 'new' && drag.reason && pointer && (
        <div
          className="drag-reason"
          role="status"
          style={{ left: pointer.x + 14, top: pointer.y + 14 }}
        >
          {drag.reason}
        </div>
      )}
      {drag?.kind === 'arc' && drag.moved && pointer && (
        <div className="drag-reason neutral" style={{ left: pointer.x + 14, top: pointer.y + 14 }}>
          {drag.outside ? 'Release to remove' : 'Drag off the diagram to remove'}
        </div>
      )}
      <p className="diagram-status" aria-live="polite">
        {visibleMessage(message, edges, connectingFrom !== null)}
      </p>
    </div>
  );
}
