import type { LayerId } from '../../model/metrics';
import { NO_GRADIENT } from '../../model/metrics';
import { useConfig, useRecorded } from '../LabContext';
import { layerColour, layerIds, layerTextColour } from '../palette';
import { formatNorm } from './chartKit';
import { AccuracyChart, GradientChart, LossChart, useHasSteps } from './Charts';
import './ChartsPanel.css';
import { FlowChart, NormViewSwitch, RoutePicker, useFlowOption } from './FlowChartOption';
import { SwatchLegend } from './SwatchLegend';

/** The gradient chart: the product's key view. */
export function GradientPanel() {
  const layers = useConfig((s) => s.config.layers.length);
  const semantics = useConfig((s) => s.config.semantics);
  const shots = useConfig((s) => s.config.shots);
  const hasSteps = useHasSteps();
  const flow = useFlowOption();
  const hasPrevious = useRecorded((s) => {
    for (const run of s.recorder.runs.values()) {
      if (run.runId < s.currentRunId && run.steps.length > 0) return true;
    }
    return false;
  });

  return (
    <section className="panel chart-panel" aria-labelledby="gradient-title">
      <div className="chart-head">
        <h2 id="gradient-title">
          {flow.view === 'layers' ? 'Gradient norms · log' : 'Gradient flow per route · log'}
        </h2>
        <NormViewSwitch option={flow} />
        {flow.view === 'layers' ? <Legend layers={layers} /> : <RoutePicker option={flow} />}
        {hasPrevious && <span className="muted previous-note">faded: previous run</span>}
      </div>
      <p className="semantics-note">
        <span className={semantics === 'measured' ? '' : 'off'}>
          <b>measured</b>: backpropagation stops at each quanv layer’s encoding of its input (the
          paper’s setting).
        </span>{' '}
        <span className={semantics === 'exact' ? '' : 'off'}>
          <b>exact</b>: it also runs through the encodings, so every layer gets some.
        </span>
        {shots > 0 && (
          <span data-testid="shot-note">
            {' '}
            <b>{shots.toLocaleString('en')} shots</b>: gradients are parameter-shift estimates; the
            dashed band under each layer is its shot-noise floor (the expected norm of a zero
            gradient’s estimate). Exactly 0 still means no path.
          </span>
        )}
      </p>
      <div className="chart-area">
        {flow.view === 'layers' ? <GradientChart layers={layers} /> : <FlowChart option={flow} />}
        {!hasSteps && (
          <div className="empty-overlay">
            <p>
              Press ▶ to train. Drag from a node’s ● to a later ⊕ to add a residual connection.
              <br />
              Layers that get no gradient run flat in the hatched lane at the bottom.
            </p>
          </div>
        )}
      </div>
    </section>
  );
}

/** Loss per step and accuracy per epoch, stacked. */
export function TrainingCharts() {
  return (
    <div className="training-charts">
      <section className="panel chart-panel" aria-labelledby="loss-title">
        <div className="chart-head">
          <h2 id="loss-title">Loss</h2>
          <SwatchLegend
            items={[
              { label: 'smoothed', colour: 'var(--ink)' },
              { label: 'per batch', colour: 'var(--muted)', muted: true },
            ]}
          />
        </div>
        <div className="chart-area">
          <LossChart />
        </div>
      </section>
      <section className="panel chart-panel" aria-labelledby="accuracy-title">
        <div className="chart-head">
          <h2 id="accuracy-title">Accuracy per epoch</h2>
          <SwatchLegend
            items={[
              { label: 'train', colour: 'var(--accent)' },
              { label: 'test', colour: 'var(--test)', dashed: true },
            ]}
          >
            <span className="legend-item muted">┈ chance</span>
          </SwatchLegend>
        </div>
        <div className="chart-area">
          <AccuracyChart />
        </div>
      </section>
    </div>
  );
}

/** One chip per layer: its colour, name and latest norm; dead layers are marked so. */
function Legend({ layers }: { layers: number }) {
  const latest = useRecorded((s) => {
    const steps = s.recorder.runs.get(s.currentRunId)?.steps;
    return steps && steps.length > 0 ? steps[steps.length - 1].gradNorms : null;
  });
  return (
    <span className="legend" data-testid="gradient-legend">
      {layerIds(layers).map((id: LayerId) => {
        const norm = latest?.[id];
        const dead = norm !== undefined && norm < NO_GRADIENT;
        const frozen = latest !== null && norm === undefined;
        return (
          <span
            key={id}
            className={`legend-item${dead ? ' dead' : ''}`}
            style={{ color: layerTextColour(id) }}
            data-layer={id}
            data-gradient={
              latest === null ? 'unknown' : frozen ? 'frozen' : dead ? 'none' : 'present'
            }
          >
            <span className="legend-swatch" style={{ background: layerColour(id) }} />
            <b>{id}</b>
            <span className="muted">
              {latest === null ? '' : frozen ? 'frozen' : dead ? 'no gradient' : formatNorm(norm)}
            </span>
          </span>
        );
      })}
    </span>
  );
}
