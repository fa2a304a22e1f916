import { useEffect, useState } from 'react';
import './NumberField.css';

interface NumberFieldProps {
  readonly label: string;
  readonly value: number;
  readonly step?: number;
  readonly min?: number;
  readonly max?: number;
  /** Applies the value; returns why it was refused, or null. */
  readonly onCommit: (value: number) => string | null;
  /** Told when the field starts or stops holding a refused value (so Play can wait for it). */
  readonly onRefusal?: (label: string, reason: string | null) => void;
}

/**
 * A number setting that applies on Enter or when focus leaves: every applied change restarts
 * the run, so it must not fire on each keystroke. A refused value stays visible with its reason.
 */
export function NumberField(props: NumberFieldProps) {
  const { label, value, step, min, max, onCommit, onRefusal } = props;
  const [draft, setDraft] = useState(String(value));
  const [error, setError] = useState<string | null>(null);
  // A new value from outside replaces the draft: adjusted while rendering, not in an effect.
  const [shown, setShown] = useState(value);
  if (!Object.is(value, shown)) {
    setShown(value);
    setDraft(String(value));
    setError(null);
  }
  useEffect(() => {
    onRefusal?.(label, error);
    return () => onRefusal?.(label, null);
  }, [error, label, onRefusal]);

  const commit = () => {
    if (draft.trim() === String(value)) return setError(null);
    const parsed = Number(draft);
    const problem =
      Number.isFinite(parsed) && draft.trim() !== '' ? onCommit(parsed) : 'enter a number';
    setError(problem);
  };
  return (
    <label className="field">
      <span>{label}</span>
      <input
        type="number"
        value={draft}
        step={step}
        min={min}
        max={max}
        aria-invalid={error ? true : undefined}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            setDraft(String(value));
            setError(null);
          }
        }}
      />
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </label>
  );
}
