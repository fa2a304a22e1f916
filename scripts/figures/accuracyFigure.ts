import { caption, figureTop, formatPercent, textWidth } from './plots';
import { THEME } from './theme';
import {
  type ConfigRun,
  type Figure,
  figure,
  observedAccess,
  allReached,
  testAccuracy,
} from './figureRun';
import { barRows, type SeedStats } from './bars';

/* Figure (c) Test accuracy per configuration, horizontal bars. */

export function accuracyFigure(
  rows: readonly ConfigRun[],
  settings: { layers: number; subtitle: string; stats?: SeedStats },
): Figure {
  const n = settings.layers;
  const width = THEME.column + 40;
  const left = 14;
  const bars = rows.map((r) => {
    const all = allReached(observedAccess(r.record, n));
    return {
      label: r.name,
      value: settings.stats?.get(r.config)?.mean ?? testAccuracy(r.record),
      ci: settings.stats?.get(r.config)?.ci95,
      colour: all ? THEME.accent : THEME.dead,
      bold: all,
    };
  });
  const labelW = Math.max(70, ...bars.map((b) => textWidth(b.label, THEME.label, b.bold))) + 10;
  const title = `Test accuracy per configuration, ${n} quanv layers`;
  const { markup: heading, top } = figureTop(
    { title, subtitle: settings.subtitle },
    [
      { label: 'every quanv layer gets gradient', colour: THEME.accent, mark: 'box' },
      { label: 'some layers cut', colour: THEME.dead, mark: 'box' },
    ],
    { x: left, width: width - 2 * left },
    { x: left, width: width - 2 * left },
    20,
  );
  const chart = barRows(bars, { x: left, y: top, width: width - left, labelW });
  const height = Math.ceil(top + chart.height + 26);
  return figure(
    {
      title,
      width,
      height,
      description: `${title}. ${settings.subtitle}. ${bars.map((b) => `${b.label}: ${formatPercent(b.value)}${b.ci ? ` (95% CI ${formatPercent(b.ci[0])} to ${formatPercent(b.ci[1])})` : ''}`).join('; ')}.`,
    },
    heading,
    chart.markup,
    caption(
      'test accuracy after training',
      left + labelW + (width - left - labelW - 34) / 2,
      height - 10,
      'middle',
    ),
  );
}
