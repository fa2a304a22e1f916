import { useCallback, useRef } from 'react';
import { useController, useRecorded } from '../LabContext';
import { useRedraw } from '../useRedraw';
import { drawAccuracyChart } from './accuracyChart';
import { drawGradientChart } from './gradientChart';
import { drawLossChart } from './lossChart';
import { runsToShow, type ShownRunsChart } from './series';
import { layerIds } from '../palette';
import type { LabState } from '../../state/labStore';
import { ChartExportMenu, type ChartSubject } from '../export/ChartExportMenu';
import type { LegendItem } from '../export/chartExport';

/** Where a drawing goes: the page (a run may still be going) or an exported, finished figure. */
export type DrawPurpose = 'screen' | 'export';

export type Draw = (
  svg: SVGSVGElement,
  state: LabState,
  width: number,
  height: number,
  purpose: DrawPurpose,
) => void;

/** A D3 chart in React: the component owns an <svg>, D3 draws into it once per frame at most. */
export function D3Chart({
  draw,
  label,
  exportAs,
  exportLegend,
}: {
  draw: Draw;
  label: string;
  exportAs?: ChartSubject;
  exportLegend?: () => LegendItem[];
}) {
  const { view: lab, lab: current } = useController();
  const box = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const subscribe = useCallback(
    (onChange: () => void) =>
      lab.subscribe((state, previous) => {
        if (state.revision !== previous.revision || state.currentRunId !== previous.currentRunId) {
          onChange();
        }
      }),
    [lab],
  );
  useRedraw(box, subscribe, (width, height) => {
    if (svg.current) draw(svg.current, lab.getState(), width, height, 'screen');
  });
  return (
    <div className="chart-box" ref={box}>
      <svg ref={svg} className="chart" role="img" aria-label={label} />
      {exportAs && (
        <ChartExportMenu
          subject={exportAs}
          box={box}
          legend={exportLegend}
          draw={(s, w, h) => draw(s, current.getState(), w, h, 'export')}
        />
      )}
    </div>
  );
}

export function GradientChart({ layers }: { layers: number }) {
  const draw: Draw = (svg, state, width, height, purpose) =>
    drawGradientChart(svg, {
      shown: runsToShow(state.recorder.runs, state.currentRunId),
      layers: layerIds(layers),
      width,
      height,
      exported: purpose === 'export',
    });
  return (
    <D3Chart
      draw={draw}
      exportAs="gradnorms"
      label="Gradient norm of every layer per training step, log scale, with a lane for layers that get no gradient"
    />
  );
}

/** A chart of the runs shown beside the current one (series.ts's runsToShow). */
const shownRunsDraw =
  (drawChart: (svg: SVGSVGElement, input: ShownRunsChart) => void): Draw =>
  (svg, state, width, height) =>
    drawChart(svg, { shown: runsToShow(state.recorder.runs, state.currentRunId), width, height });

export function LossChart() {
  return (
    <D3Chart draw={shownRunsDraw(drawLossChart)} exportAs="loss" label="Training loss per step" />
  );
}

export function AccuracyChart() {
  return (
    <D3Chart
      draw={shownRunsDraw(drawAccuracyChart)}
      exportAs="accuracy"
      label="Train and test accuracy per epoch"
    />
  );
}

/** Whether anything has been measured yet (for the empty state). */
export function useHasSteps(): boolean {
  return useRecorded((s) => {
    return (s.recorder.runs.get(s.currentRunId)?.steps.length ?? 0) > 0;
  });
}
