import { useEffect, useRef, type RefObject } from 'react';

/**
 * Calls `draw(width, height)` at most once per animation frame: whenever `subscribe` reports a
 * change (30 metric batches a second, each a store update) and whenever the container is
 * resized. D3 owns the SVG's content; React only owns the element.
 */
export function useRedraw(
  container: RefObject<HTMLElement | null>,
  subscribe: (onChange: () => void) => () => void,
  draw: (width: number, height: number) => void,
): void {
  const drawRef = useRef(draw);
  useEffect(() => {
    drawRef.current = draw;
  });

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let frame = 0;
    let width = element.clientWidth;
    let height = element.clientHeight;
    const schedule = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        if (width > 0 && height > 0) drawRef.current(width, height);
      });
    };
    const observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1].contentRect;
      width = Math.floor(box.width);
      height = Math.floor(box.height);
      schedule();
    });
    observer.observe(element);
    const unsubscribe = subscribe(schedule);
    schedule();
    return () => {
      observer.disconnect();
      unsubscribe();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [container, subscribe]);
}
