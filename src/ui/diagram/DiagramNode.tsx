import { formatNorm } from '../charts/chartKit';
import { nodeColour } from '../palette';
import type { NodeBox } from './diagramLayout';
import type { NodeStatus } from './nodeStatus';
import './DiagramNode.css';

/** What the diagram knows about one quanv layer's settings. */
export interface QuanvInfo {
  readonly kernel: number;
  readonly depth: number;
  readonly frozen: boolean;
  /** The circuit family (docs/model.md §6). */
  readonly family: string;
  /** A custom circuit's gate count (the family is then only what it was copied from). */
  readonly customGates?: number;
  /** The layer's parameter count, and how many of them are dead (deadParameters.ts). */
  readonly params: number;
  readonly dead: number;
}

/** "basic · L = 3", or "custom · 12 gates". */
function circuitText(info: QuanvInfo): string {
  return info.customGates === undefined
    ? `${info.family} · L = ${info.depth}`
    : `custom · ${info.customGates} gates`;
}

/** "16 parameters, 4 dead"; compact: "16 p · 4 dead". */
export function parameterCountText(info: QuanvInfo, compact = false): string {
  const dead = info.dead === 0 ? (compact ? 'all live' : 'none dead') : `${info.dead} dead`;
  return compact ? `${info.params} p · ${dead}` : `${info.params} parameters, ${dead}`;
}

interface QuanvNodeProps {
  readonly box: NodeBox;
  readonly layers: number;
  readonly info: QuanvInfo;
  readonly status: NodeStatus;
  readonly reason: string;
}

/** Node width (SVG units) under which a quanv node shows its short text. */
export const COMPACT_BELOW = 136;

const LIVENESS_TEXT = {
  live: 'gets gradient',
  dead: 'no gradient',
  frozen: 'frozen',
  bypassed: 'not used',
} as const;

/**
 * A quanv layer drawn like a figure in a paper: its k×k window, qubits and depth, whether it is
 * trained, and what its gradient does. Dead layers are grey with a dashed outline; live ones
 * glow in their colour.
 */
export function QuanvNode({ box, layers, info, status, reason }: QuanvNodeProps) {
  const colour = nodeColour(box.index, layers);
  const qubits = info.kernel * info.kernel;
  const cell = info.kernel === 3 ? 8 : 12;
  // The full text ('2×2 · 4 qubits' after the kernel's grid) needs about 130 px with 3 px
  // to spare on each side; narrower nodes (3 layers on a laptop) get the short form.
  const compact = box.width < COMPACT_BELOW;
  const gridSize = cell * info.kernel;
  const name = box.id;
  const label =
    `${name}: ${info.kernel}×${info.kernel} kernel, ${qubits} qubits, ` +
    (info.customGates === undefined
      ? `${info.family} circuit, depth ${info.depth}, `
      : `custom circuit of ${info.customGates} gates, `) +
    `${parameterCountText(info)}, ` +
    `${info.frozen ? 'frozen' : 'trainable'}; ${LIVENESS_TEXT[status.liveness]}` +
    (status.norm !== undefined ? `, gradient norm ${formatNorm(status.norm)}` : '');
  return (
    <g
      className={`node quanv ${status.liveness}`}
      style={{ transform: `translate(${box.x}px, ${box.y}px)`, ['--node' as string]: colour }}
      role="img"
      aria-label={label}
      data-layer={name}
      data-liveness={status.liveness}
    >
      <title>{reason ? `${label}. ${reason}.` : label}</title>
      {status.liveness === 'frozen' && (
        <rect className="node-hatch" width={box.width} height={box.height} rx={10} />
      )}
      <rect className="node-glow" width={box.width} height={box.height} rx={10} />
      <rect className="node-body" width={box.width} height={box.height} rx={10} />
      <text className="node-title" x={10} y={21}>
        {name}
      </text>
      <text className="node-kind" x={box.width - 9} y={20} textAnchor="end">
        {info.frozen ? (compact ? '❄' : '❄ frozen') : compact ? 'θ' : 'θ trained'}
      </text>
      {compact ? (
        <>
          <text className="node-detail" x={10} y={39}>
            {info.kernel}×{info.kernel} · {qubits}q
          </text>
          <text className="node-detail" x={10} y={53}>
            {circuitText(info)}
          </text>
          <text className="node-detail node-params" x={10} y={67} data-dead={info.dead}>
            {parameterCountText(info, true)}
          </text>
        </>
      ) : (
        <>
          <g transform={`translate(10, ${30 + (24 - gridSize) / 2})`} className="node-kernel">
            {Array.from({ length: qubits }, (_, q) => (
              <rect
                key={q}
                x={(q % info.kernel) * cell}
                y={Math.floor(q / info.kernel) * cell}
                width={cell - 2}
                height={cell - 2}
                rx={1.5}
              />
            ))}
          </g>
          <text className="node-detail" x={42} y={39}>
            {info.kernel}×{info.kernel} · {qubits} qubits
          </text>
          <text className="node-detail" x={42} y={53}>
            {circuitText(info)}
          </text>
          <text className="node-detail node-params" x={10} y={67} data-dead={info.dead}>
            {parameterCountText(info)}
          </text>
        </>
      )}
      <NodeBadge status={status} width={box.width} y={box.height - 25} compact={compact} />
    </g>
  );
}

function NodeBadge({
  status,
  width,
  y,
  compact,
}: {
  status: NodeStatus;
  width: number;
  y: number;
  compact: boolean;
}) {
  const text =
    status.liveness === 'live'
      ? status.norm !== undefined
        ? `${compact ? '' : '‖∇θ‖ '}${formatNorm(status.norm)}`
        : compact
          ? 'gradient'
          : 'gradient expected'
      : status.liveness === 'dead'
        ? status.observed || compact
          ? 'no gradient'
          : 'no gradient expected'
        : LIVENESS_TEXT[status.liveness];
  return (
    <g className={`node-badge ${status.liveness}`} transform={`translate(8, ${y})`}>
      <rect width={width - 16} height={17} rx={8.5} />
      <text x={(width - 16) / 2} y={12.5} textAnchor="middle">
        {text}
        {status.disagrees && !compact ? ' (unexpected)' : ''}
      </text>
    </g>
  );
}

interface EndNodeProps {
  readonly box: NodeBox;
  readonly layers: number;
  readonly title: string;
  readonly lines: readonly string[];
  readonly label: string;
}

/** X (the image) and H (the classical head): the chain's two ends. */
export function EndNode({ box, layers, title, lines, label }: EndNodeProps) {
  return (
    <g
      className={`node end ${box.id === 'X' ? 'input' : 'head'}`}
      style={{
        transform: `translate(${box.x}px, ${box.y}px)`,
        ['--node' as string]: nodeColour(box.index, layers),
      }}
      role="img"
      aria-label={label}
      data-layer={box.id}
    >
      <rect className="node-body" width={box.width} height={box.height} rx={10} />
      <text className="node-title" x={box.width / 2} y={26} textAnchor="middle">
        {title}
      </text>
      {lines.map((line, i) => (
        <text key={i} className="node-detail" x={box.width / 2} y={42 + i * 12} textAnchor="middle">
          {line}
        </text>
      ))}
    </g>
  );
}
