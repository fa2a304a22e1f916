import { SANS_STACK } from '../../src/ui/export/printStyle';
import { layerColour } from '../../src/ui/palette';

/** The figures' look: the app's colours and system fonts, sized for a journal column. */
export const THEME = {
  font: SANS_STACK,
  ink: '#1b2330',
  ink2: '#4a5565',
  muted: '#6b7584',
  grid: '#e6e9ee',
  axis: '#9aa3ad',
  lane: '#f0f2f5',
  dead: '#9aa3ad',
  accent: '#2f6fdf',
  highlight: '#eaf1fc',
  mismatch: '#c62f45',
  tick: 10.5,
  label: 11.5,
  title: 12.5,
  /** One journal column and the full page width, in CSS pixels (≈ 3.4 in and 7 in). */
  column: 360,
  wide: 720,
} as const;

export { layerColour };
