import { useMemo, useRef } from 'react';
import { formatNorm } from '../charts/chartKit';
import { nodeColour } from '../palette';
import { useWidth } from '../useWidth';
import { nodeName, type Edge, type Tap } from '../../model/config/config';
import { layoutDiagram, minLayoutWidth, MERGE_RADIUS, PORT_RADIUS } from './diagramLayout';
import { EndNode, QuanvNode, type QuanvInfo } from './DiagramNode';
import { ArcFlow, arcFlowClass, arcFlowSuffix, LinkFlows } from './FlowLayer';
import type { FlowReading } from './flowView';
import { ghostPath } from './ghostPath';
import { useEdgeEditing } from './useEdgeEditing';
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

/**
 * The × that removes an arc sits right of its label, off the line itself: the line is where an
 * arc is grabbed to drag it, and a press there must not remove it. The label (11 px, bold) is
 * about 6.8 px a character wide.
 */
const REMOVE_RADIUS = 7;
const removeOffset = (label: string) => label.length * 3.4 + REMOVE_RADIUS + 4;

export const portLabel = (from: number) => `Output of ${nodeName(from)}`;
export const mergeLabel = (to: number) => `Merge after Q${to}`;
export const arcLabel = (e: Edge) =>
  `Residual connection ${nodeName(e.from)} to merge after Q${e.to} (${e.from}-${e.to})`;

/**
 * The network as a paper's figure, and the editor of its residual connections (useEdgeEditing):
 * drag from a node's output ● to a later ⊕ to add one (refused targets say why, next to the
 * pointer); click an arc and press Delete, press its × (shown on hover), or drag it off the
 * drawing to remove it. Every action also works
 * from the keyboard: Enter on a port, then Enter on a merge point.
 */
export function ArchitectureDiagram(props: DiagramProps) {
  const { layers, edges, tap, statuses, refusal, onAdd, onRemove, edgeName } = props;
  const n = layers.length;
  const svgRef = useRef<SVGSVGElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const width = useWidth(wrapRef);
  // On wide screens the figure grows as a whole, text included, rather than spreading thin;
  // on a phone it shrinks as a whole rather than running out of its panel.
  const narrowest = minLayoutWidth(n);
  const scale =
    width > 0 && width < narrowest ? width / narrowest : Math.min(1.35, Math.max(1, width / 900));
  const layout = useMemo(
    () => layoutDiagram({ layers: n, edges, tap }, width / scale),
    [n, edges, tap, width, scale],
  );
  const edit = useEdgeEditing(svgRef, wrapRef, layout, {
    edges,
    refusal,
    edgeName,
    onAdd,
    onRemove,
  });
  const { drag, pending, selected } = edit.state;
  const connectingFrom = edit.connecting;
  const pointer = edit.pointer;

  const draggedArc = drag?.kind === 'arc' && drag.moved ? drag.edge : null;
  const ghost = ghostPath(drag, layout);
  return (
    <div className="diagram" ref={wrapRef} onKeyDown={(e) => edit.onKey(e, { kind: 'diagram' })}>
      {width > 0 && (
        <svg
          ref={svgRef}
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          width={width}
          height={layout.height * scale}
          className={drag ? 'dragging' : undefined}
          aria-label="Network architecture: residual connections between quanvolutional layers"
          onPointerMove={edit.onPointerMove}
          onPointerUp={edit.onPointerUp}
          onPointerCancel={edit.onPointerCancel}
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
                    onPointerDown={(e) => edit.onArcDown(e, edge)}
                    onKeyDown={(e) => edit.onKey(e, { kind: 'arc', edge })}
                    onFocus={() => edit.select(key)}
                    onBlur={() => edit.blur(key)}
                  >
                    <title>{`${edgeName(edge)}${arcFlowSuffix(arc.from, arc.to, props.flows)}: click and press Delete, click its ×, or drag it off the diagram to remove`}</title>
                  </path>
                  <text className="arc-label" x={arc.peakX} y={arc.peakY - 5} textAnchor="middle">
                    {edgeName(edge)}
                  </text>
                  {!drag && (
                    <g
                      className="arc-remove"
                      transform={`translate(${arc.peakX + removeOffset(edgeName(edge))}, ${arc.peakY - 9})`}
                      role="button"
                      aria-label={`Remove ${edgeName(edge)} (${key})`}
                      data-remove={key}
                      // On press, not click: the press moves focus, and the blur would hide it.
                      onPointerDown={(e) => {
                        if (e.button !== 0) return;
                        e.preventDefault();
                        e.stopPropagation();
                        edit.remove(edge);
                      }}
                    >
                      <circle r={REMOVE_RADIUS} />
                      <path d="M-3,-3 L3,3 M3,-3 L-3,3" />
                    </g>
                  )}
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
                  onKeyDown={(e) => edit.onKey(e, { kind: 'merge', to: m.to })}
                  onClick={() => edit.onMergeClick(m.to)}
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
                onPointerDown={(e) => edit.onPortDown(e, p.from)}
                onKeyDown={(e) => edit.onKey(e, { kind: 'port', from: p.from })}
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
        {edit.status}
      </p>
    </div>
  );
}
