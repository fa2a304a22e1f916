import { useLayoutEffect, useState, type RefObject } from 'react';

/**
 * The element's width in CSS pixels, followed as it resizes: the diagram is laid out in pixels.
 * Read as clientWidth, the element's own layout width: under CSS zoom (presenter view) the
 * bounding box is in zoomed pixels, and a drawing that size would overflow its panel.
 */
export function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  // Measured before the first paint, so the first layout is final and nothing animates into place.
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(element.clientWidth || 720);
    const observer = new ResizeObserver(() => {
      const next = element.clientWidth;
      if (next > 0) setWidth(next);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
