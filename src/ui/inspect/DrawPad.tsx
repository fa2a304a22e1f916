import { useEffect, useRef, type PointerEvent } from 'react';
import { IMAGE_SIDE } from '../../model/config/config';
import { paintStroke } from './brush';
import { INK_LUT, paintMap } from './heatmap';
import './DrawPad.css';

interface DrawPadProps {
  /** The image shown and drawn on: IMAGE_SIDE×IMAGE_SIDE values in [0, 1]. */
  readonly image: Float32Array;
  readonly onChange: (image: Float32Array) => void;
}

/**
 * The network's input at its own resolution, 14×14, upscaled. It shows the picked test image,
 * and the user can draw over it (or clear it and draw their own) with mouse, pen or finger.
 */
export function DrawPad({ image, onChange }: DrawPadProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  const working = useRef(image);

  useEffect(() => {
    working.current = image;
    if (canvas.current) paintMap(canvas.current, image, IMAGE_SIDE, IMAGE_SIDE, INK_LUT, 0, 1);
  }, [image]);

  const at = (event: PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return {
      x: ((event.clientX - box.left) / box.width) * IMAGE_SIDE,
      y: ((event.clientY - box.top) / box.height) * IMAGE_SIDE,
    };
  };
  const draw = (event: PointerEvent<HTMLCanvasElement>) => {
    const p = at(event);
    const next = working.current.slice();
    paintStroke(next, last.current ?? p, p);
    last.current = p;
    working.current = next;
    if (canvas.current) paintMap(canvas.current, next, IMAGE_SIDE, IMAGE_SIDE, INK_LUT, 0, 1);
    onChange(next);
  };

  return (
    <div className="draw-pad">
      <canvas
        ref={canvas}
        width={IMAGE_SIDE}
        height={IMAGE_SIDE}
        aria-label="Input image, 14 by 14 pixels: draw on it"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          last.current = null;
          draw(e);
        }}
        onPointerMove={(e) => last.current && draw(e)}
        onPointerUp={() => (last.current = null)}
        onPointerCancel={() => (last.current = null)}
      />
      <button
        type="button"
        className="small"
        onClick={() => onChange(new Float32Array(IMAGE_SIDE * IMAGE_SIDE))}
      >
        Clear
      </button>
    </div>
  );
}
