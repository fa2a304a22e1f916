import { useState } from 'react';
import {
  edgeRefusal,
  nodeName,
  possibleEdges,
  type ExperimentConfig,
} from '../../model/config/config';
import { connectionTargets } from './connectionTargets';
import './AddConnection.css';

interface AddConnectionProps {
  readonly config: ExperimentConfig;
  readonly onAdd: (from: number, to: number) => void;
}

/**
 * The keyboard (and no-drag) way to add a residual connection: pick both ends from lists. It
 * refuses with the same reason as a drag, from the model's edgeRefusal.
 */
export function AddConnection({ config, onAdd }: AddConnectionProps) {
  const n = config.layers.length;
  const free = possibleEdges(n).find((e) => edgeRefusal(config, e.from, e.to) === null);
  const [from, setFrom] = useState(free?.from ?? 0);
  const [to, setTo] = useState(free?.to ?? 1);
  const [tried, setTried] = useState(false);
  const safeFrom = Math.min(from, n - 1);
  const targets = connectionTargets(n, safeFrom);
  const safeTo = targets.includes(to) ? to : (targets[0] ?? Math.min(to, n));
  const reason = edgeRefusal(config, safeFrom, safeTo);

  return (
    <form
      className="add-connection"
      aria-label="Add connection"
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (reason) return;
        onAdd(safeFrom, safeTo);
        setTried(false);
        const next = possibleEdges(n).find(
          (c) =>
            !(c.from === safeFrom && c.to === safeTo) && edgeRefusal(config, c.from, c.to) === null,
        );
        if (next) {
          setFrom(next.from);
          setTo(next.to);
        }
      }}
    >
      <span className="muted">Add connection</span>
      <label>
        <span className="visually-hidden">from</span>
        <select
          aria-label="Connection from"
          value={safeFrom}
          onChange={(e) => setFrom(Number(e.target.value))}
        >
          {Array.from({ length: n }, (_, a) => (
            <option key={a} value={a}>
              {a === 0 ? 'X' : `Q${a}`}
              {a === 0 ? '' : config.tap === 'chained' ? ` (h${a})` : ` (O${a})`}
            </option>
          ))}
        </select>
      </label>
      <span aria-hidden="true">→ ⊕ after</span>
      <label>
        <span className="visually-hidden">to the merge after</span>
        <select
          aria-label="Connection to"
          value={safeTo}
          onChange={(e) => setTo(Number(e.target.value))}
        >
          {targets.map((t) => (
            <option key={t} value={t}>
              {nodeName(t)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="small">
        Add
      </button>
      {tried && reason && (
        <span className="refusal" role="alert">
          {reason}
        </span>
      )}
    </form>
  );
}
