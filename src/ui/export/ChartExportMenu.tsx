import { useEffect, useState, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import type { RunRecord } from '../../engine/runRecord';
import { readConfigText } from '../../model/config/configReader';
import { currentRun } from '../../state/labStore';
import { useController } from '../LabContext';
import { layerColour, layerIds } from '../palette';
import { PRINT } from '../tokens';
import { exportChart, type DrawChart, type LegendItem } from './chartExport';
import { layerColumns } from './csv';
import { configCaption, figureDescription } from './exportData';
import { ExportMenu } from './ExportMenu';

export type ChartSubject = 'gradnorms' | 'flow' | 'loss' | 'accuracy';

const WHAT: Record<ChartSubject, string> = {
  gradnorms: 'gradient norm of every layer per training step (log scale; lane: no gradient)',
  flow: 'gradient flow along each chosen route per training step (log scale; lane: no flow)',
  loss: 'training loss per step (per batch and smoothed)',
  accuracy: 'train and test accuracy per epoch',
};

/** An exported chart's visible title. */
const TITLE: Record<ChartSubject, string> = {
  gradnorms: 'Gradient norm per layer during training',
  flow: 'Gradient flow per route during training',
  loss: 'Training loss',
  accuracy: 'Train and test accuracy',
};

/** Under the title: which configuration; which run and how far it got. */
export function chartSubtitle(configText: string, run: RunRecord | null): string[] {
  const last = run?.steps.at(-1);
  const lines = [configCaption(configText)];
  if (run && last) lines.push(`run ${run.runId}: ${run.steps.length} steps, epoch ${last.epoch}`);
  return lines;
}

const LABEL: Record<ChartSubject, string> = {
  gradnorms: 'gradient chart',
  flow: 'flow chart',
  loss: 'loss chart',
  accuracy: 'accuracy chart',
};

/**
 * The export menu of one D3 chart. It sits in the chart panel's heading when there is one (the
 * chart box otherwise) and redraws the chart off-screen at the size asked for.
 */
export function ChartExportMenu({
  subject,
  box,
  draw,
  legend,
}: {
  subject: ChartSubject;
  box: RefObject<HTMLElement | null>;
  draw: DrawChart;
  /** The exported legend, where it depends on choices the subject alone does not carry. */
  legend?: () => LegendItem[];
}) {
  const controller = useController();
  const [head, setHead] = useState<Element | null>(null);
  // A passive effect: the chart box's ref is attached only after this child's layout effects.
  useEffect(() => {
    // Reading the page is the external system here: the head exists only once the panel is drawn.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setHead(box.current?.closest('.chart-panel')?.querySelector('.chart-head') ?? null);
  }, [box]);

  const menu = (
    <ExportMenu
      label={LABEL[subject]}
      subject={subject}
      sizes
      render={(size, background) => {
        const element = box.current;
        if (!element) throw new Error('the chart is not on the page');
        const state = controller.lab.getState();
        const run = currentRun(state);
        const config = run?.config ?? controller.config.getState().text;
        return exportChart({
          box: element,
          draw,
          size,
          background,
          legend: legend ? legend() : chartLegend(subject, run, config),
          title: TITLE[subject],
          subtitle: chartSubtitle(config, run),
          description: figureDescription(WHAT[subject], config, run),
        });
      }}
    />
  );
  return head ? createPortal(menu, head) : menu;
}

/** The legend drawn into an exported chart (on screen it is HTML in the panel's heading). */
export function chartLegend(
  subject: ChartSubject,
  run: RunRecord | null,
  configText: string,
): LegendItem[] {
  switch (subject) {
    case 'flow':
      // The routes shown are a page choice: the flow chart passes its own legend.
      return [];
    case 'gradnorms': {
      let layers = run ? layerColumns(run.steps) : [];
      if (layers.length === 0) {
        const parsed = readConfigText(configText);
        layers = layerIds(parsed.ok ? parsed.config.layers.length : 2);
      }
      return layers.map((id) => ({ label: id, colour: layerColour(id) }));
    }
    case 'loss':
      return [
        { label: 'smoothed', colour: PRINT.ink },
        { label: 'per batch', colour: PRINT.muted, faint: true },
      ];
    case 'accuracy':
      return [
        { label: 'train', colour: PRINT.accent },
        { label: 'test', colour: PRINT.test, dashed: true },
        { label: 'chance (10%)', colour: PRINT.muted, dashed: true, faint: true },
      ];
  }
}
