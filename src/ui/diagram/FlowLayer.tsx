/*
 * The gradient flow drawn on the architecture diagram (docs/model.md §8): every
 * chain link, the head link and every residual arc gets a band whose width and opacity follow the
 * norm of the cotangent it carried back in the shown step (flowView.ts), dashed where exactly
 * nothing flows. The number appears on hover and on keyboard focus; in presenter view a pulse runs
 * backwards along every route that carries gradient. The bands are ordinary SVG, so the exported
 * diagram carries the flow of the step shown.
 */
import {
  chainRoute,
  edgeRoute,
  HEAD_ROUTE,
  routeSourceNode,
} from '../../model/accessibility/routes';
import { nodeColour } from '../palette';
import type { Arc, DiagramLayout } from './diagramLayout';
import { describeFlow, flowLook, flowText, type FlowReading } from './flowView';
import './flow.css';

/** The chain's wires that are routes: X/⊕(b−1) → Qb is `c:b`, ⊕n → H is `c:H`. */
function linkWires(layout: DiagramLayout, layers: number) {
  return [
    ...Array.from({ length: layers }, (_, i) => ({
      id: chainRoute(i + 1),
      wire: layout.wires[2 * i],
    })),
    { id: HEAD_ROUTE, wire: layout.wires[2 * layers] },
  ].filter((l) => l.wire !== undefined);
}

/** Bands over the chain links and the head link, each focusable, with its number. */
export function LinkFlows(props: {
  readonly layout: DiagramLayout;
  readonly layers: number;
  readonly flows: FlowReading | undefined;
}) {
  const { layout, layers, flows } = props;
  if (!flows) return null;
  const y = layout.baseline;
  return (
    <g className="link-flows">
      {linkWires(layout, layers).map(({ id, wire }) => {
        const norm = flows[id];
        const look = flowLook(norm);
        if (!look) return null;
        const x2 = wire.x2 - 2;
        const label = describeFlow(id, norm, layers);
        return (
          <g
            key={id}
            className={`link-flow ${look.kind}`}
            style={{ ['--node' as string]: nodeColour(routeSourceNode(id, layers), layers) }}
            role="img"
            tabIndex={0}
            aria-label={label}
            data-route={id}
            data-flow={look.kind}
            data-norm={norm}
          >
            <title>{label}</title>
            {look.kind === 'flow' ? (
              <>
                <line
                  className="flow-band"
                  x1={wire.x1}
                  x2={x2}
                  y1={y}
                  y2={y}
                  strokeWidth={look.width}
                  strokeOpacity={look.opacity}
                />
                <line
                  className="flow-pulse"
                  data-export="skip"
                  x1={wire.x1}
                  x2={x2}
                  y1={y}
                  y2={y}
                />
              </>
            ) : (
              <>
                <line className="flow-gap" x1={wire.x1} x2={x2 - 6} y1={y} y2={y} />
                <line className="flow-none-line" x1={wire.x1} x2={x2 - 6} y1={y} y2={y} />
              </>
            )}
            <rect
              className="flow-hit"
              x={wire.x1}
              y={y - 9}
              width={Math.max(4, x2 - wire.x1)}
              height={18}
            />
            <text className="flow-number" x={(wire.x1 + x2) / 2} y={y - 11} textAnchor="middle">
              {flowNumber(norm)}
            </text>
          </g>
        );
      })}
    </g>
  );
}

/** The band along one residual arc, drawn inside the arc's own group (under its hit area). */
export function ArcFlow(props: { readonly arc: Arc; readonly flows: FlowReading | undefined }) {
  const { arc, flows } = props;
  const norm = flows?.[edgeRoute(arc.from, arc.to)];
  const look = flowLook(norm);
  if (!look) return null;
  return (
    <g className={`arc-flow ${look.kind}`} data-flow={look.kind} data-norm={norm}>
      {look.kind === 'flow' && (
        <>
          <path
            className="flow-band"
            d={arc.d}
            strokeWidth={look.width}
            strokeOpacity={look.opacity}
          />
          <path className="flow-pulse" data-export="skip" d={arc.d} />
        </>
      )}
      <text className="flow-number" x={arc.peakX} y={arc.peakY + 14} textAnchor="middle">
        {flowNumber(norm)}
      </text>
    </g>
  );
}

/** The arc group's extra class: a dashed line where exactly nothing flows back. */
export function arcFlowClass(from: number, to: number, flows: FlowReading | undefined): string {
  return flows?.[edgeRoute(from, to)] === 0 ? ' flow-none' : '';
}

/** What an arc's accessible name adds: the flow it carried. */
export function arcFlowSuffix(from: number, to: number, flows: FlowReading | undefined): string {
  const norm = flows?.[edgeRoute(from, to)];
  return norm === undefined ? '' : `; ${flowText(norm)} back to its source`;
}

function flowNumber(norm: number | undefined): string {
  return norm === 0 ? 'none' : flowText(norm).replace('gradient flow ', '');
}

/** The legend's one sentence, shown once a step has run. */
export function FlowLegend({ flows }: { readonly flows: FlowReading | undefined }) {
  if (!flows) return null;
  return (
    <p className="flow-legend" data-testid="flow-legend">
      <span className="flow-legend-swatch" aria-hidden="true" />
      Line width: the gradient each route carried back in the last step (log scale, 10⁻⁸ to 10);
      dashed: exactly none. Hover or focus a route for its number.
    </p>
  );
}
