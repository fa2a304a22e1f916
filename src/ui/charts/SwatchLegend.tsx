import type { ReactNode } from 'react';

/** One line of a chart: its colour, name, and whether it is drawn dashed or muted. */
export interface SwatchItem {
  /** Unique among the items (default: the label). */
  readonly key?: string;
  readonly label: string;
  readonly colour: string;
  readonly dashed?: boolean;
  readonly muted?: boolean;
}

/** A chart's legend: a swatch and a name per line drawn; `children` follow the swatches. */
export function SwatchLegend({
  items,
  children,
}: {
  items: readonly SwatchItem[];
  children?: ReactNode;
}) {
  return (
    <span className="legend">
      {items.map((item) => (
        <span key={item.key ?? item.label} className={`legend-item${item.muted ? ' muted' : ''}`}>
          <span
            className={`legend-swatch${item.dashed ? ' dashed' : ''}`}
            style={{ background: item.colour }}
          />
          {item.label}
        </span>
      ))}
      {children}
    </span>
  );
}
