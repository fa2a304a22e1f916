import './Segmented.css';

interface SegmentedProps<T extends string> {
  readonly label: string;
  readonly value: T;
  readonly options: readonly {
    readonly value: T;
    readonly text: string;
    readonly title?: string;
  }[];
  readonly onChange: (value: T) => void;
}

/** A choice of two or three, all visible at once (toggle buttons, one pressed). */
export function Segmented<T extends string>({
  label,
  value,
  options,
  onChange,
}: SegmentedProps<T>) {
  return (
    <div className="segmented" role="group" aria-label={label}>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          aria-pressed={o.value === value}
          title={o.title}
          onClick={() => o.value !== value && onChange(o.value)}
        >
          {o.text}
        </button>
      ))}
    </div>
  );
}
