import { predictionText } from './predictionText';
import { useMemo } from 'react';
import { accessibilityReport } from '../../model/accessibility/accessibility';
import { withEdge, withoutEdge, edgeRefusal } from '../../model/config/config';
import type { LayerId, StepMetrics } from '../../model/metrics';
import { configPrograms, parameterSummary } from '../../model/layerProgram';
import { paperName } from '../../model/config/paperName';
import { shownRun } from '../../state/runs/shownRun';
import { useConfig, useController, useLab, useRecorded } from '../LabContext';
import { DiagramExportMenu } from '../export/DiagramExportMenu';
import { AddConnection } from './AddConnection';
import { ArchitectureDiagram } from './ArchitectureDiagram';
import { FlowLegend } from './FlowLayer';
import type { FlowReading } from './flowView';
import { nodeStatus } from './nodeStatus';
import './DiagramPanel.css';

/** The diagram with its title (the configuration's paper name) and the keyboard add control. */
export function DiagramPanel() {
  const controller = useController();
  const config = useConfig((s) => s.config);
  const programs = useMemo(() => configPrograms(config), [config]);
  const configText = useConfig((s) => s.text);
  const latest = useLatestNorms(configText);
  const flows = useLatestFlows(configText);
  const report = useMemo(() => accessibilityReport(config), [config]);
  const bypassed = config.model === 'classical';
  const statuses = config.layers.map((_, i) => {
    const id = `Q${i + 1}` as const;
    const predicted = report.find((r) => r.layer === id)?.access ?? 'gradient';
    return nodeStatus(predicted, latest[id], bypassed);
  });
  const trainable = report.filter((r) => r.access !== 'frozen');
  const reached = trainable.filter((r) => r.access === 'gradient').length;
  const predictedAll = trainable.length > 0 && reached === trainable.length;
  const name = paperName(config);
  // While training, the bands change with every redraw (~7 a second): see flow.css.
  const training = useLab((s) => s.runState === 'training');

  return (
    <section
      className={`panel diagram-panel${training ? ' training' : ''}`}
      aria-labelledby="diagram-title"
    >
      <div className="diagram-head">
        <h2 id="diagram-title">Architecture</h2>
        <span className="paper-name" data-testid="paper-name">
          {name}
        </span>
        <span className="muted">
          tap {config.tap} · {config.semantics} gradients
          {config.model !== 'resqunn'
            ? ` · ${config.model === 'frozen' ? 'all quanv frozen' : 'classical only'}`
            : ''}
        </span>
        {config.edges.length === 0 && (
          <span className="diagram-hint">
            Drag from a node’s ● to a later ⊕ to add a residual connection.
          </span>
        )}
        <span className={`prediction${predictedAll ? ' all' : ''}`}>
          {predictionText(reached, trainable.length)}
        </span>
        <DiagramExportMenu />
      </div>
      <ArchitectureDiagram
        layers={config.layers.map((l, i) => ({
          kernel: l.kernel,
          depth: l.depth,
          frozen: !l.trainable || config.model === 'frozen',
          family: l.family,
          customGates: l.circuit?.gates.length,
          ...parameterSummary(programs[i]),
        }))}
        edges={config.edges}
        tap={config.tap}
        statuses={statuses}
        reasons={config.layers.map((_, i) => report[i]?.reason ?? '')}
        headNorm={latest.H}
        edgeName={(edge) => paperName({ edges: [edge] })}
        refusal={(from, to) => edgeRefusal(config, from, to)}
        onAdd={(from, to) => controller.update(withEdge(config, { from, to }))}
        onRemove={(from, to) => controller.update(withoutEdge(config, { from, to }))}
        flows={flows}
      />
      <FlowLegend flows={flows} />
      <AddConnection
        config={config}
        onAdd={(from, to) => controller.update(withEdge(config, { from, to }))}
      />
    </section>
  );
}

/** The latest step's gradient norms, by layer, of the run of the configuration shown. */
function useLatestNorms(configText: string): Partial<Record<LayerId, number>> {
  const key = useLatestStepKey(configText, (last) => last.gradNorms);
  return useMemo(() => JSON.parse(key ?? '{}') as Partial<Record<LayerId, number>>, [key]);
}

/** The latest step's flow per route, or undefined before the first step (or in an old run). */
function useLatestFlows(configText: string): FlowReading | undefined {
  const key = useLatestStepKey(configText, (last) => last.flowNorms);
  return useMemo(() => (key ? (JSON.parse(key) as FlowReading) : undefined), [key]);
}

/**
 * One part of the latest step, as JSON, of the run of the configuration shown: none while an
 * edit's run is being built, so an old run's numbers never sit on a new architecture.
 */
function useLatestStepKey(
  configText: string,
  part: (last: StepMetrics) => object | undefined,
): string | null {
  return useRecorded((s) => {
    const steps = shownRun(s, configText)?.steps;
    const value = steps && steps.length > 0 ? part(steps[steps.length - 1]) : undefined;
    return value ? JSON.stringify(value) : null;
  });
}
