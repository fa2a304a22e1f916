import { SANS_STACK } from '../../src/ui/export/printStyle';
import { layerColour } from '../../src/ui/palette';
import { PRINT } from '../../src/ui/tokens';

/** The figures' look: the app's print colours (tokens.ts) and system fonts, sized for a journal column. */
export const THEME = {
  font: SANS_STACK,
  ink: PRINT.ink,
  ink2: PRINT['ink-2'],
  muted: PRINT.muted,
  grid: PRINT.line,
  // Axes and dead bars a mid grey, darker than the grid so they survive print.
  axis: PRINT.dead,
  lane: PRINT['panel-2'],
  dead: PRINT.dead,
  accent: PRINT.accent,
  /** The accent at 10% on white: the highlighted row of a table. */
  highlight: '#eaf1fc',
  mismatch: PRINT.danger,
  tick: 10.5,
  label: 11.5,
  title: 12.5,
  /** One journal column and the full page width, in CSS pixels (≈ 3.4 in and 7 in). */
  column: 360,
  wide: 720,
} as const;

export { layerColour };
