import { useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { withLayer, type ExperimentConfig } from '../../model/config/config';
import type { ExtendedProgram } from '../../sim/circuit/circuitProgram';
import type { CustomCircuit } from '../../sim/circuit/customCircuit';
import { linkLengthProblem } from '../../state/page/urlState';
import { useController } from '../LabContext';
import { CircuitDiagram } from '../teach/CircuitDiagram';
import { circuitLayout } from '../teach/circuitLayout';
import {
  gateAt,
  gateWords,
  insertGate,
  moveGate,
  PALETTE,
  paletteGate,
  removeGate,
  retarget,
  setRotation,
  type PaletteId,
} from './circuitEdits';
import { GateInspector } from './GateInspector';
import './circuitEditor.css';

/*
 * The gate editor of one layer's custom circuit: drag a gate from the palette onto a wire (or
 * pick it and click a cell, or move the cursor with the arrow keys and press its key), drag a
 * placed gate to move it, select it to delete it, make a rotation fixed or trainable or change a
 * two-qubit gate's second wire. Every edit is a configuration edit through the controller (a
 * history entry and a new link); undo and redo replay the layer's earlier circuits the same way.
 */

type Drag =
  | { readonly kind: 'palette'; readonly id: PaletteId; x0: number; y0: number; moved: boolean }
  | { readonly kind: 'gate'; readonly at: number; x0: number; y0: number; moved: boolean };

interface Cursor {
  readonly qubit: number;
  readonly column: number;
}

const KEYS_HELP =
  'Arrow keys move the cursor over wires and columns; ' +
  PALETTE.filter((p) => p.key)
    .map((p) => `${p.key} inserts ${p.label}`)
    .join(', ') +
  '; Delete removes the gate at the cursor; Enter selects it; Ctrl+Z undoes, Ctrl+Y redoes.';

export interface CircuitEditorProps {
  readonly config: ExperimentConfig;
  readonly layer: number;
  readonly circuit: CustomCircuit;
  readonly program: ExtendedProgram;
  readonly angles: Float32Array | null;
  readonly colour: string;
  readonly frozen: boolean;
}

export function CircuitEditor(props: CircuitEditorProps) {
  const { config, layer, circuit, program } = props;
  const controller = useController();
  const layout = useMemo(() => circuitLayout(program), [program]);
  const qubits = program.qubits;
  const id = `Q${layer + 1}`;
  const [history, setHistory] = useState({
    layer,
    past: [] as CustomCircuit[],
    future: [] as CustomCircuit[],
  });
  const { past, future } =
    history.layer === layer ? history : { past: [] as CustomCircuit[], future: [] };
  const [cursor, setCursor] = useState<Cursor>({ qubit: 0, column: 1 });
  const [selected, setSelected] = useState<number | null>(null);
  const [armed, setArmed] = useState<PaletteId | null>(null);
  const [status, setStatus] = useState('');
  const [ghost, setGhost] = useState<{ label: string; x: number; y: number } | null>(null);
  const drag = useRef<Drag | null>(null);

  // The selected gate's index in the circuit's list (the program has the encoding first).
  const index =
    selected !== null && selected - qubits < circuit.gates.length ? selected - qubits : null;
  const tooLong = linkLengthProblem(config);

  /** Applies an edited circuit; false (and the reason shown) when the configuration refuses it. */
  const commit = (next: CustomCircuit, words: string, record = true): boolean => {
    const refusal = controller.update(withLayer(config, layer, { circuit: next }));
    if (refusal) {
      setStatus(`Not changed: ${refusal}`);
      return false;
    }
    if (record) setHistory({ layer, past: [...past, circuit], future: [] });
    setStatus(words);
    return true;
  };

  const undo = () => {
    const previous = past.at(-1);
    if (!previous) return;
    if (commit(previous, 'Undone.', false))
      setHistory({ layer, past: past.slice(0, -1), future: [circuit, ...future] });
    setSelected(null);
  };
  const redo = () => {
    const next = future[0];
    if (!next) return;
    if (commit(next, 'Redone.', false))
      setHistory({ layer, past: [...past, circuit], future: future.slice(1) });
    setSelected(null);
  };

  const insert = (paletteId: PaletteId, at: Cursor) => {
    const gate = paletteGate(paletteId, at.qubit, qubits);
    if (commit(insertGate(circuit, layout, gate, at.column), `Inserted ${gateWords(gate)}.`)) {
      setCursor(at);
      setSelected(null);
    }
  };
  const remove = (gateIndex: number) => {
    if (commit(removeGate(circuit, gateIndex), `Deleted ${gateWords(circuit.gates[gateIndex])}.`))
      setSelected(null);
  };
  const move = (gateIndex: number, at: Cursor) => {
    const next = moveGate(circuit, layout, gateIndex, at.qubit, at.column);
    if (!next) {
      setStatus('Not moved: the gate would leave the layer’s wires.');
      return;
    }
    if (commit(next, `Moved ${gateWords(circuit.gates[gateIndex])} to q${at.qubit}.`))
      setSelected(null);
  };

  /** The drop cell under a point, whatever gate is drawn over it. */
  const cellAt = (x: number, y: number): Cursor | null => {
    const cell = document
      .elementsFromPoint(x, y)
      .find((el) => el instanceof SVGElement && el.dataset.cellQubit !== undefined);
    if (!(cell instanceof SVGElement)) return null;
    return { qubit: Number(cell.dataset.cellQubit), column: Number(cell.dataset.cellColumn) };
  };

  const startDrag = (start: Drag, label: string, event: PointerEvent) => {
    event.preventDefault();
    drag.current = start;
    const onMove = (e: globalThis.PointerEvent) => {
      const d = drag.current;
      if (!d) return;
      if (Math.hypot(e.clientX - d.x0, e.clientY - d.y0) > 4) d.moved = true;
      if (d.moved) setGhost({ label, x: e.clientX, y: e.clientY });
    };
    const stop = () => {
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
      window.removeEventListener('pointercancel', onCancel);
    };
    // A touch the browser takes over (a scroll, a system gesture) ends the drag with no drop.
    const onCancel = () => {
      stop();
      drag.current = null;
      setGhost(null);
    };
    const onUp = (e: globalThis.PointerEvent) => {
      stop();
      const d = drag.current;
      drag.current = null;
      setGhost(null);
      if (!d) return;
      if (!d.moved) {
        // A click: a palette gate is picked for clicking into cells, a placed gate selected.
        if (d.kind === 'palette') {
          setArmed(armed === d.id ? null : d.id);
          setStatus(`${label} picked: click a cell of the drawing to place it.`);
        } else setSelected(d.at);
        return;
      }
      const at = cellAt(e.clientX, e.clientY);
      if (!at) {
        setStatus('Dropped outside the wires: nothing changed.');
        return;
      }
      if (d.kind === 'palette') insert(d.id, at);
      else move(d.at - qubits, at);
    };
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
    window.addEventListener('pointercancel', onCancel);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const key = event.key;
    const mod = event.ctrlKey || event.metaKey;
    const handled = (() => {
      if (mod && (key === 'z' || key === 'Z')) {
        if (event.shiftKey) redo();
        else undo();
        return true;
      }
      if (mod && key === 'y') return (redo(), true);
      if (mod || event.altKey) return false;
      const moves: Record<string, Cursor> = {
        ArrowUp: { ...cursor, qubit: Math.max(0, cursor.qubit - 1) },
        ArrowDown: { ...cursor, qubit: Math.min(qubits - 1, cursor.qubit + 1) },
        ArrowLeft: { ...cursor, column: Math.max(1, cursor.column - 1) },
        ArrowRight: { ...cursor, column: Math.min(layout.columns - 1, cursor.column + 1) },
      };
      if (key in moves) {
        const next = moves[key];
        setCursor(next);
        const there = gateAt(layout, next.qubit, next.column);
        setStatus(
          `q${next.qubit}, column ${next.column}` +
            (there ? `: ${gateWords(circuit.gates[there.at - qubits])}` : ': empty'),
        );
        return true;
      }
      const there = gateAt(layout, cursor.qubit, cursor.column);
      if (key === 'Delete' || key === 'Backspace') {
        if (there) remove(there.at - qubits);
        else setStatus('No gate at the cursor to delete.');
        return true;
      }
      if (key === 'Enter') {
        setSelected(there ? there.at : null);
        return true;
      }
      const entry = PALETTE.find((p) => p.key === key.toLowerCase());
      if (entry) return (insert(entry.id, cursor), true);
      return false;
    })();
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  };

  return (
    <div className="circuit-editor" data-testid="circuit-editor">
      <div className="editor-toolbar">
        <button type="button" onClick={undo} disabled={past.length === 0}>
          Undo
        </button>
        <button type="button" onClick={redo} disabled={future.length === 0}>
          Redo
        </button>
        <button
          type="button"
          onClick={() => {
            const refusal = controller.update(withLayer(config, layer, { circuit: undefined }));
            setStatus(refusal ? `Not changed: ${refusal}` : '');
          }}
        >
          Back to the {config.layers[layer].family} family
        </button>
      </div>
      <div className="editor-palette" role="toolbar" aria-label="Gate palette">
        {PALETTE.map((p) => (
          <button
            key={p.id}
            type="button"
            className="palette-gate"
            data-gate={p.id}
            aria-pressed={armed === p.id}
            title={`${p.title}${p.key ? ` (key ${p.key})` : ''}: drag onto a wire`}
            onPointerDown={(e) =>
              startDrag(
                { kind: 'palette', id: p.id, x0: e.clientX, y0: e.clientY, moved: false },
                p.label,
                e,
              )
            }
            onKeyDown={(e) => {
              if (e.key !== 'Enter' && e.key !== ' ') return;
              e.preventDefault();
              insert(p.id, cursor);
            }}
          >
            {p.label}
          </button>
        ))}
      </div>
      <CircuitDiagram
        layer={id}
        program={program}
        angles={props.angles}
        colour={props.colour}
        frozen={props.frozen}
        editing={{
          cursor,
          selected,
          label: `${id} circuit editor. ${KEYS_HELP}`,
          onKeyDown,
          onCellPointerDown: (qubit, column) => {
            setCursor({ qubit, column });
            if (armed) insert(armed, { qubit, column });
          },
          onGatePointerDown: (at, e) =>
            startDrag({ kind: 'gate', at, x0: e.clientX, y0: e.clientY, moved: false }, 'gate', e),
        }}
      />
      {index !== null && (
        <GateInspector
          key={index}
          gate={circuit.gates[index]}
          qubits={qubits}
          onDelete={() => remove(index)}
          onRotation={(angle) =>
            commit(
              setRotation(circuit, index, angle),
              angle === null ? 'The rotation is trainable.' : `The rotation is fixed at ${angle}.`,
            )
          }
          onTarget={(qubit) => {
            const next = retarget(circuit, index, qubit);
            if (next) commit(next, `Second wire now q${qubit}.`);
          }}
        />
      )}
      <p className="editor-status" role="status" aria-live="polite">
        {status}
      </p>
      {tooLong && (
        <p className="editor-warning" role="alert">
          {tooLong}
        </p>
      )}
      {ghost && (
        <div
          className="editor-ghost"
          style={{ left: ghost.x + 8, top: ghost.y + 8 }}
          aria-hidden="true"
        >
          {ghost.label}
        </div>
      )}
    </div>
  );
}
