import { useState } from 'react';
import type { CustomGate } from '../../sim/circuit/customCircuit';
import { gateWords } from './circuitEdits';

/**
 * The selected gate: delete it; a rotation trainable or fixed at an angle; a two-qubit gate's
 * second wire.
 */
export function GateInspector({
  gate,
  qubits,
  onDelete,
  onRotation,
  onTarget,
}: {
  gate: CustomGate;
  qubits: number;
  onDelete: () => void;
  /** null: trainable; a number: fixed at that angle (radians). */
  onRotation: (angle: number | null) => void;
  onTarget: (qubit: number) => void;
}) {
  const [draft, setDraft] = useState(gate.op === 'frot' ? String(gate.angle) : '1.5708');
  const rotation = gate.op === 'rot' || gate.op === 'frot';
  const pair =
    gate.op === 'cnot' || gate.op === 'crot'
      ? { first: gate.control, second: gate.target }
      : gate.op === 'cz' || gate.op === 'swap'
        ? { first: gate.a, second: gate.b }
        : null;
  const angle = Number(draft);
  return (
    <fieldset className="gate-inspector" data-testid="gate-inspector">
      <legend>Selected: {gateWords(gate)}</legend>
      {rotation && (
        <>
          <label>
            <input
              type="checkbox"
              checked={gate.op === 'rot'}
              onChange={(e) =>
                onRotation(e.target.checked ? null : Number.isFinite(angle) ? angle : 0)
              }
            />{' '}
            trainable
          </label>
          <label>
            fixed angle (rad){' '}
            <input
              type="number"
              step="0.01"
              value={draft}
              disabled={gate.op === 'rot'}
              onChange={(e) => setDraft(e.target.value)}
              onBlur={() => {
                if (gate.op === 'frot' && Number.isFinite(angle) && angle !== gate.angle)
                  onRotation(angle);
              }}
            />
          </label>
        </>
      )}
      {pair && (
        <label>
          second wire{' '}
          <select value={pair.second} onChange={(e) => onTarget(Number(e.target.value))}>
            {Array.from({ length: qubits }, (_, q) => q)
              .filter((q) => q !== pair.first)
              .map((q) => (
                <option key={q} value={q}>
                  q{q}
                </option>
              ))}
          </select>
        </label>
      )}
      <button type="button" onClick={onDelete}>
        Delete gate
      </button>
    </fieldset>
  );
}
