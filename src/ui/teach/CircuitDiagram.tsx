import {
  useMemo,
  type CSSProperties,
  type KeyboardEvent,
  type PointerEvent,
  type ReactNode,
} from 'react';
import type { ExtendedProgram } from '../../sim/circuit/circuitProgram';
import { angleAt, circuitLayout, formatAngle, type Gate } from './circuitLayout';
import './circuit.css';

export interface CircuitDiagramProps {
  /** The quanv layer drawn, e.g. `Q1`. */
  readonly layer: string;
  /** The layer's compiled circuit (any family). */
  readonly program: ExtendedProgram;
  /** The layer's angles in the program's flat order, or null before a run has any. */
  readonly angles: Float32Array | null;
  /** The layer's colour (palette.ts), for its trainable gates. */
  readonly colour: string;
  readonly frozen: boolean;
  /** The gate editor's hooks (src/ui/circuitEditor/): cells to drop on, gates to pick up. */
  readonly editing?: DiagramEditing;
}

export interface DiagramEditing {
  /** The keyboard cursor: a wire and a column of the drawing. */
  readonly cursor: { readonly qubit: number; readonly column: number } | null;
  /** The selected gate, by its place in the program's gate list. */
  readonly selected: number | null;
  readonly onGatePointerDown: (at: number, event: PointerEvent) => void;
  readonly onCellPointerDown: (qubit: number, column: number) => void;
  readonly onKeyDown: (event: KeyboardEvent) => void;
  /** What the drawing's group is called for assistive technology (it explains the keys). */
  readonly label: string;
}

// Grid geometry in SVG units (= CSS pixels: the SVG is drawn at its natural size and scrolls).
const COL = 46;
const ROW = 30;
const LEFT = 50; // wire labels "q0 x0"
const RIGHT = 34; // output channel labels "ch1"
const TOP = 26; // section labels
const BOTTOM = 6;
const BOX_W = 38;
const BOX_H = 26;

const cx = (column: number) => LEFT + column * COL + COL / 2;
const cy = (qubit: number) => TOP + qubit * ROW + ROW / 2;

const FAMILY_TEXT = {
  ryrz: 'RY, RZ and a CNOT ring',
  basic: 'RX and a CNOT ring',
  strong: 'Rot = RZ·RY·RZ and a ranged CNOT ring',
  random: 'random rotations, at most one CNOT before each',
  randomlayers: 'PennyLane’s RandomLayers: random rotations and CNOTs',
} as const;

/**
 * One quanv kernel's circuit (docs/model.md §1, §6) gate by gate from its compiled program: the RY(π·x)
 * encoding, each ansatz layer's rotations and CNOTs, and the ⟨Z⟩ readouts, with the rotation
 * angles as trained now; dead parameters (deadParameters.ts) are drawn dashed. Rotation gates
 * carry `data-testid="gate-r{axis}-l{l}-q{q}"` (l the 0-based ansatz layer), `data-param` (the flat
 * index) and `data-dead`, and their value in `text.gate-value`, for browser tests.
 */
export function CircuitDiagram({
  layer,
  program,
  angles,
  colour,
  frozen,
  editing,
}: CircuitDiagramProps) {
  const layout = useMemo(() => circuitLayout(program), [program]);
  const { qubits, depth } = program;
  const width = LEFT + layout.columns * COL + RIGHT;
  const height = TOP + qubits * ROW + BOTTOM;
  const wires = Array.from({ length: qubits }, (_, q) => q);
  const label =
    `Circuit of ${layer}${frozen ? ' (frozen)' : ''}: ${qubits} qubits, encoding RY(π·x), ` +
    (editing
      ? `a custom circuit of ${program.gates.length - qubits} gates`
      : `${depth} ansatz layer${depth === 1 ? '' : 's'} of ${FAMILY_TEXT[program.family]} ` +
        `(${program.family})`) +
    ', ⟨Z⟩ readout';

  return (
    // A wide circuit scrolls sideways: focusable, so arrow keys can scroll it too.
    <div
      className={`circuit-scroll${editing ? ' circuit-editing' : ''}`}
      tabIndex={0}
      role="group"
      aria-label={editing ? editing.label : `${layer} circuit drawing`}
      onKeyDown={editing?.onKeyDown}
    >
      <svg
        className={`circuit${frozen ? ' circuit-frozen' : ''}`}
        role="img"
        aria-label={label}
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        style={{ '--circuit-colour': colour } as CSSProperties}
      >
        {layout.sections.map((s) => {
          const x0 = LEFT + s.from * COL;
          const x1 = LEFT + (s.to + 1) * COL;
          return (
            <g key={s.label} className="circuit-section">
              {s.label.startsWith('ansatz') && (
                <rect
                  className="circuit-band"
                  x={x0 + 1}
                  y={TOP - 4}
                  width={x1 - x0 - 2}
                  height={qubits * ROW + 4}
                  rx={6}
                />
              )}
              <text className="circuit-section-label" x={(x0 + x1) / 2} y={TOP - 9}>
                {s.label}
              </text>
            </g>
          );
        })}
        {wires.map((q) => (
          <g key={q} className="circuit-wire">
            <line x1={LEFT - 4} x2={width - RIGHT + 2} y1={cy(q)} y2={cy(q)} />
            <text className="circuit-qubit" x={4} y={cy(q) + 4}>
              q{q}
            </text>
            <text className="circuit-pixel" x={26} y={cy(q) + 4}>
              x{q}
            </text>
            <text className="circuit-channel" x={width - RIGHT + 6} y={cy(q) + 4}>
              ch{q + 1}
            </text>
          </g>
        ))}
        {editing && <EditCells columns={layout.columns} qubits={qubits} editing={editing} />}
        {layout.gates.map((gate) => {
          const mark = <GateMark gate={gate} angles={angles} />;
          const key = `${gate.kind}-${gate.column}-${gate.qubit}`;
          if (!editing || gate.at < qubits) return <g key={key}>{mark}</g>;
          return (
            <g
              key={key}
              className={`circuit-editable${editing.selected === gate.at ? ' circuit-selected' : ''}`}
              data-at={gate.at}
              onPointerDown={(e) => editing.onGatePointerDown(gate.at, e)}
            >
              {mark}
            </g>
          );
        })}
      </svg>
    </div>
  );
}

/** The editor's drop cells, one per wire and column after the encoding, and the cursor. */
function EditCells({
  columns,
  qubits,
  editing,
}: {
  columns: number;
  qubits: number;
  editing: DiagramEditing;
}) {
  const cells: ReactNode[] = [];
  for (let column = 1; column < columns; column++) {
    for (let qubit = 0; qubit < qubits; qubit++) {
      cells.push(
        <rect
          key={`${qubit}-${column}`}
          className="circuit-cell"
          data-cell-qubit={qubit}
          data-cell-column={column}
          x={cx(column) - COL / 2}
          y={cy(qubit) - ROW / 2}
          width={COL}
          height={ROW}
          onPointerDown={() => editing.onCellPointerDown(qubit, column)}
        />,
      );
    }
  }
  const at = editing.cursor;
  return (
    <g className="circuit-cells">
      {cells}
      {at && (
        <rect
          className="circuit-cursor"
          x={cx(at.column) - COL / 2 + 1}
          y={cy(at.qubit) - ROW / 2 + 1}
          width={COL - 2}
          height={ROW - 2}
          rx={4}
        />
      )}
    </g>
  );
}

/** A gate's box centred on (x, y). */
function gateBox(x: number, y: number, className: string) {
  return (
    <rect
      className={`circuit-box ${className}`}
      x={x - BOX_W / 2}
      y={y - BOX_H / 2}
      width={BOX_W}
      height={BOX_H}
      rx={5}
    />
  );
}

/** A labelled box (a fixed gate, a fixed-angle rotation, a controlled rotation's target). */
function labelBox(
  x: number,
  y: number,
  name: string,
  sub?: string,
  className = 'circuit-box-fixed',
) {
  return (
    <>
      {gateBox(x, y, className)}
      <text className="circuit-gate-name" x={x} y={sub === undefined ? y + 4 : y - 3}>
        {name}
      </text>
      {sub !== undefined && (
        <text className="circuit-gate-sub" x={x} y={y + 9}>
          {sub}
        </text>
      )}
    </>
  );
}

const ENCODING_NAME = { ry: 'RY', rx: 'RX', hrz: 'H·RZ' } as const;

const FIXED_LABEL: Record<string, string> = { sdg: 'S†', tdg: 'T†' };

/** The gates of the wider set (circuitProgram.ts ExtendedGate) that families do not use. */
function WideGateMark({ gate, angles }: { gate: Gate; angles: Float32Array | null }) {
  const x = cx(gate.column);
  const y = cy(gate.qubit);
  const yc = cy(gate.control ?? gate.qubit);
  const link = <line className="circuit-link" x1={x} x2={x} y1={yc} y2={y} />;
  switch (gate.kind) {
    case 'fixed': {
      const name = FIXED_LABEL[gate.fixed ?? ''] ?? (gate.fixed ?? '').toUpperCase();
      return (
        <g className="circuit-fixed">
          <title>{`${name} on q${gate.qubit} (fixed)`}</title>
          {labelBox(x, y, name)}
        </g>
      );
    }
    case 'frx':
    case 'fry':
    case 'frz': {
      const name = `R${gate.kind[2].toUpperCase()}`;
      return (
        <g className="circuit-fixed">
          <title>{`${name}(${gate.angle}) on q${gate.qubit}: a fixed angle, not trained`}</title>
          {labelBox(x, y, name, formatAngle(gate.angle ?? 0))}
        </g>
      );
    }
    case 'cz':
    case 'swap': {
      const mark = (wire: number) =>
        gate.kind === 'cz' ? (
          <circle className="circuit-control" cx={x} cy={wire} r={3.5} />
        ) : (
          <path
            className="circuit-swap"
            d={`M ${x - 5} ${wire - 5} l 10 10 M ${x + 5} ${wire - 5} l -10 10`}
          />
        );
      return (
        <g className={`circuit-${gate.kind}`}>
          <title>{`${gate.kind.toUpperCase()} on q${gate.control} and q${gate.qubit}`}</title>
          {link}
          {mark(yc)}
          {mark(y)}
        </g>
      );
    }
    case 'crx':
    case 'cry':
    case 'crz': {
      const name = `R${gate.kind[2].toUpperCase()}`;
      const angle = angleAt(angles, gate);
      const index = gate.param?.index ?? 0;
      return (
        <g
          className={`circuit-rotation${gate.param?.dead ? ' circuit-dead' : ''}`}
          data-param={index}
          data-dead={gate.param?.dead ? 'true' : 'false'}
        >
          <title>{`C${name}(θ${index}): control q${gate.control}, target q${gate.qubit}`}</title>
          {link}
          <circle className="circuit-control" cx={x} cy={yc} r={3.5} />
          {labelBox(
            x,
            y,
            name,
            angle === null ? `θ${index}` : formatAngle(angle),
            'circuit-box-rotation',
          )}
        </g>
      );
    }
    default:
      return null;
  }
}

function GateMark({ gate, angles }: { gate: Gate; angles: Float32Array | null }) {
  const x = cx(gate.column);
  const y = cy(gate.qubit);
  const box = (className: string) => gateBox(x, y, className);

  if (gate.kind === 'cnot') {
    const yc = cy(gate.control ?? 0);
    return (
      <g className="circuit-cnot">
        <title>{`CNOT: control q${gate.control}, target q${gate.qubit}`}</title>
        <line x1={x} x2={x} y1={yc} y2={y} />
        <circle className="circuit-control" cx={x} cy={yc} r={3.5} />
        <circle className="circuit-target" cx={x} cy={y} r={8} />
        <line x1={x - 8} x2={x + 8} y1={y} y2={y} />
        <line x1={x} x2={x} y1={y - 8} y2={y + 8} />
      </g>
    );
  }
  if (gate.kind === 'measure') {
    return (
      <g className="circuit-measure">
        <title>{`⟨Z${gate.qubit}⟩: output channel ${gate.qubit + 1}, in [−1, 1]`}</title>
        {box('circuit-box-measure')}
        <path
          className="circuit-meter"
          d={`M ${x - 8} ${y - 2} A 8 8 0 0 1 ${x + 8} ${y - 2} M ${x} ${y - 2} L ${x + 5} ${y - 9}`}
        />
        <text className="circuit-gate-name" x={x} y={y + 9}>
          ⟨Z⟩
        </text>
      </g>
    );
  }
  if (gate.kind === 'encode') {
    return (
      <g className="circuit-encode">
        <title>{`${ENCODING_NAME[gate.encoding ?? 'ry']}(π·x${gate.qubit}): encodes window pixel ${gate.qubit} on q${gate.qubit}`}</title>
        {box('circuit-box-encode')}
        <text className="circuit-gate-name" x={x} y={y - 3}>
          {ENCODING_NAME[gate.encoding ?? 'ry']}
        </text>
        <text className="circuit-gate-sub" x={x} y={y + 9}>
          π·x{gate.qubit}
        </text>
      </g>
    );
  }

  if (gate.kind !== 'rx' && gate.kind !== 'ry' && gate.kind !== 'rz') {
    return <WideGateMark gate={gate} angles={angles} />;
  }
  const param = gate.param;
  if (!param) return null;
  const angle = angleAt(angles, gate);
  const symbol = `θ${param.index}`;
  const name = gate.kind.toUpperCase();
  const value = angle === null ? symbol : formatAngle(angle);
  const where = `q${gate.qubit}, ansatz layer ${param.layer + 1}`;
  const deadNote = param.dead
    ? '. Dead: only gates that commute with Z follow it before the readout, so it cannot change ⟨Z⟩ and its gradient is 0'
    : '';
  return (
    <g
      className={`circuit-rotation${param.dead ? ' circuit-dead' : ''}`}
      data-testid={`gate-${gate.kind}-l${param.layer}-q${gate.qubit}`}
      data-param={param.index}
      data-dead={param.dead ? 'true' : 'false'}
    >
      <title>
        {angle === null
          ? `${name}(${symbol}) on ${where}: no value yet${deadNote}`
          : `${name}(${symbol}) on ${where}: ${symbol} = ${value} rad (reduced mod 2π; raw ${angle.toFixed(3)})${deadNote}`}
      </title>
      {box('circuit-box-rotation')}
      <text className="circuit-gate-name" x={x} y={y - 3}>
        {name}
      </text>
      <text className="gate-value" x={x} y={y + 9}>
        {value}
      </text>
    </g>
  );
}
