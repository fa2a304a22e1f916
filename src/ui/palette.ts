import type { LayerId } from '../model/metrics';

/**
 * One colour per node, shared by the diagram, the charts and the feature maps, so a layer is
 * recognisable everywhere by colour alone (and by name, for people who cannot rely on colour).
 * Chosen to stay distinct for the common colour-vision deficiencies and on light and dark
 * backgrounds.
 */
const QUANV_COLOURS = ['#2f6fdf', '#e07b1f', '#17a589', '#a64fc9'] as const;
const HEAD_COLOUR = '#d1435b';
const INPUT_COLOUR = '#64748b';

/** Colour of `Q1 … Q4` and `H`. */
export function layerColour(layer: LayerId): string {
  if (layer === 'H') return HEAD_COLOUR;
  const index = Number(layer.slice(1)) - 1;
  return QUANV_COLOURS[index % QUANV_COLOURS.length];
}

/** Colour of a diagram node by index: 0 is X, 1…n the quanv layers, n+1 the head. */
export function nodeColour(index: number, layers: number): string {
  if (index === 0) return INPUT_COLOUR;
  if (index > layers) return HEAD_COLOUR;
  return layerColour(`Q${index}`);
}

/** The layers whose gradient is tracked, in drawing order: Q1 … Qn, then H. */
export function trackedLayers(layers: number): LayerId[] {
  return [...Array.from({ length: layers }, (_, i) => `Q${i + 1}` as LayerId), 'H'];
}
