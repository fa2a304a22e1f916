import type { LayerId } from '../model/metrics';
import { NODE_COLOURS, textColour } from './tokens';

/* The nodes' colours (tokens.ts) by layer and by diagram index. */

/** Colour of `Q1 … Q4` and `H`. */
export function layerColour(layer: LayerId): string {
  if (layer === 'H') return NODE_COLOURS.head;
  const index = Number(layer.slice(1)) - 1;
  return NODE_COLOURS.quanv[index % NODE_COLOURS.quanv.length];
}

/** Colour of a layer's name written as text (readable on the panels, light or dark). */
export function layerTextColour(layer: LayerId): string {
  return textColour(layerColour(layer));
}

/** Colour of a diagram node by index: 0 is X, 1…n the quanv layers, n+1 the head. */
export function nodeColour(index: number, layers: number): string {
  if (index === 0) return NODE_COLOURS.input;
  if (index > layers) return NODE_COLOURS.head;
  return layerColour(`Q${index}`);
}

/** Every layer of an n-layer network, in drawing order: Q1 … Qn, then H (the model's trackedLayers are the trainable ones). */
export function layerIds(layers: number): LayerId[] {
  return [...Array.from({ length: layers }, (_, i) => `Q${i + 1}` as LayerId), 'H'];
}
