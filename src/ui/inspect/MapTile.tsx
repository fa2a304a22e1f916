import { useEffect, useRef } from 'react';
import { DIVERGING_LUT, INK_LUT, paintMap } from './heatmap';
import './MapTile.css';

interface MapTileProps {
  readonly values: ArrayLike<number>;
  readonly width: number;
  readonly height: number;
  readonly kind: 'diverging' | 'ink';
  readonly label: string;
}

/** One small map as a pixelated canvas: a feature map channel or an input digit. */
export function MapTile({ values, width, height, kind, label }: MapTileProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    if (kind === 'ink') paintMap(canvas.current, values, width, height, INK_LUT, 0, 1);
    else paintMap(canvas.current, values, width, height, DIVERGING_LUT, -1, 1);
  }, [values, width, height, kind]);
  // Without words of its own (a tile inside a labelled button) the picture is decoration.
  return label ? (
    <canvas ref={canvas} className={`map-tile ${kind}`} role="img" aria-label={label} />
  ) : (
    <canvas ref={canvas} className={`map-tile ${kind}`} aria-hidden="true" />
  );
}
