import { useCallback, useRef } from 'react';
import { useRedraw } from '../useRedraw';
import { useRunArchive } from './RunArchiveContext';

/** A D3 overlay chart of the compared runs: redrawn when any archived run changes. */
export function OverlayChart({
  draw,
  label,
  redrawKey,
}: {
  draw: (svg: SVGSVGElement, width: number, height: number) => void;
  label: string;
  /** What the drawing depends on besides the runs (the layer shown): a change redraws it. */
  redrawKey: string;
}) {
  const { store } = useRunArchive();
  const box = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const subscribe = useCallback(
    (onChange: () => void) =>
      store.subscribe((s, p) => {
        if (s.revision !== p.revision || s.selected !== p.selected) onChange();
      }),
    // redrawKey: a new subscription draws once, with the new `draw`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [store, redrawKey],
  );
  useRedraw(box, subscribe, (width, height) => {
    if (svg.current) draw(svg.current, width, height);
  });
  return (
    <div className="chart-box overlay-box" ref={box}>
      <svg ref={svg} className="chart" role="img" aria-label={label} />
    </div>
  );
}
