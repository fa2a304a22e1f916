import { useCallback, useEffect, useMemo, useState } from 'react';
import { datasetLabel, MNIST_DATASET } from '../../data/formats/datasetRef';
import { formatEdgeList } from '../../model/config/configEdges';
import { stackCsv, stackJson } from '../../model/trainability/stackExport';
import {
  DEFAULT_STACK_SETTINGS,
  formatStackText,
  stackDataset,
  type StackSettings,
} from '../../model/trainability/stackSettings';
import { useConfig } from '../LabContext';
import { drawLogSeries, seriesByLayer } from './trainabilityCharts';
import { TrainabilityFigure } from './TrainabilityFigure';
import { useStacks, useStacksController } from './StacksContext';

/**
 * Deep residual stacks: does a residual edge keep the earlier layers' gradient from vanishing as
 * the stack grows? Each quanv layer's gradient norm under `exact` semantics over K random
 * initialisations, median and IQR per layer, for three stacks. The study runs in a worker; the
 * curves fill in as initialisations finish.
 */
export function StacksPanel() {
  const controller = useStacksController();
  const settings = useStacks((s) => s.settings);
  const rows = useStacks((s) => s.rows);
  const norms = useStacks((s) => s.norms);
  const status = useStacks((s) => s.status);
  const progress = useStacks((s) => s.progress);
  const errors = useStacks((s) => s.errors);
  const seconds = useStacks((s) => s.seconds);
  const shown = useStacks((s) => s.shown) ?? DEFAULT_STACK_SETTINGS;
  const singleRun = useConfig((s) => s.text);
  // The page's data (the single run's choice): the study measures on it unless a link or an
  // Explore row named its own (stacksController's pageDataset).
  const pageDataset = useConfig((s) => s.config.dataset);
  const dataset = stackDataset(settings);
  // text fields keep what is typed; they are read on Run
  const [fields, setFields] = useState(() => fieldsOf(settings));
  const show = (s: StackSettings) => setFields(fieldsOf(s));
  const field = (key: keyof typeof fields) => ({
    value: fields[key],
    onChange: (e: { target: { value: string } }) =>
      setFields((f) => ({ ...f, [key]: e.target.value })),
  });
  const run = () => {
    const refused = controller.update({
      layers: Number(fields.layers),
      samples: Number(fields.samples),
      seed: Number(fields.seed),
      batch: Number(fields.batch),
      edges: fields.edges,
      base: fields.base.trim(),
    });
    if (refused.length === 0) controller.run();
  };
  useEffect(() => void controller.pageDataset(pageDataset), [controller, pageDataset]);
  // A base changed from outside the form (the page's data taken) shows in its field.
  const [formBase, setFormBase] = useState(settings.base);
  if (formBase !== settings.base) {
    setFormBase(settings.base);
    setFields((f) => ({ ...f, base: settings.base }));
  }
  const fromSingleRun = () => {
    if (controller.openConfig(singleRun).length === 0) show(controller.store.getState().settings);
  };
  const series = useMemo(() => seriesByLayer(rows), [rows]);
  const draw = useCallback(
    (svg: SVGSVGElement, size: { width: number; height: number }) =>
      drawLogSeries(svg, series, size, 'quanv layer i', false, '‖∂loss/∂θ_Qi‖ (median, IQR)'),
    [series],
  );
  const done = rows.length > 0 ? rows[0].samples : 0;
  const shownData = datasetLabel(stackDataset(shown));
  const stem =
    `resqunn_stacks_${formatStackText(shown).replace(/[^a-z0-9]+/gi, '-')}_${stackDataset(shown)}`.slice(
      0,
      120,
    );
  return (
    <>
      <section className="trainability-panel" data-testid="stacks-panel">
        <h2>Deep residual stacks: does an edge keep the early layers’ gradient?</h2>
        <p className="trainability-lede">
          Each quanv layer’s gradient norm under exact semantics (backpropagation through every
          encoding) over K random initialisations, on one fixed batch of images: median and
          interquartile band per layer, for the chained stack, the stack with every layer connected
          to the head, and yours.
        </p>
        <p className="stacks-data" data-testid="stacks-data">
          Data: <strong>{datasetLabel(dataset)}</strong>
          {dataset === pageDataset
            ? ' (the page’s dataset: choose or add one in Single run’s Data panel, or drop files on the page)'
            : ` (named by the link or the Explore row; the page’s is ${datasetLabel(pageDataset)}) `}
          {dataset !== pageDataset && (
            <button type="button" onClick={() => controller.adoptDataset(pageDataset)}>
              Use {pageDataset === MNIST_DATASET ? 'MNIST' : 'the page’s dataset'}
            </button>
          )}
        </p>
        <form
          className="trainability-form"
          onSubmit={(e) => {
            e.preventDefault();
            run();
          }}
        >
          <label>
            Layers n (2–8)
            <input {...field('layers')} size={3} inputMode="numeric" />
          </label>
          <label>
            Your edges
            <input {...field('edges')} size={14} placeholder="none" />
          </label>
          <label>
            Initialisations K
            <input {...field('samples')} size={5} inputMode="numeric" />
          </label>
          <label>
            Batch
            <input {...field('batch')} size={3} inputMode="numeric" />
          </label>
          <label>
            Seed
            <input {...field('seed')} size={6} inputMode="numeric" />
          </label>
          <label className="stacks-base">
            Circuit from configuration
            <input {...field('base')} size={32} spellCheck={false} />
          </label>
          <div className="trainability-actions">
            <button type="button" onClick={fromSingleRun} title={singleRun}>
              Use the single run’s configuration
            </button>
            <button type="submit" className="primary">
              Run
            </button>
            <button
              type="button"
              disabled={status !== 'running'}
              onClick={() => controller.cancel()}
            >
              Cancel
            </button>
          </div>
        </form>
        {errors.length > 0 && (
          <ul className="trainability-errors" role="alert">
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        )}
        <div className="trainability-progress" data-testid="stacks-progress" data-status={status}>
          <progress max={1} value={progress} aria-label="Stack study progress" />
          <span>
            {status === 'running' &&
              `${Math.round(progress * 100)}% · ${done} of ${shown.samples} initialisations`}
            {status === 'done' &&
              `done: ${done} initialisations per stack in ${seconds?.toFixed(1)} s`}
            {status === 'cancelled' && `cancelled after ${done} initialisations per stack`}
          </span>
        </div>
      </section>
      <div className="trainability-figures">
        <TrainabilityFigure
          title={`Gradient norm per layer, ${shown.layers} layers, on ${shownData}`}
          subject="trainability-stacks"
          description={`Median and interquartile range over ${done} random initialisations of each quanv layer’s gradient norm (exact semantics) on one fixed batch of ${shownData}, one curve per stack. ${formatStacksCaption(shown)}`}
          fileStem={stem}
          draw={draw}
          csv={() => stackCsv(shown, rows)}
          json={() => `${JSON.stringify(stackJson(shown, rows, norms), null, 1)}\n`}
          empty={rows.length === 0}
        />
      </div>
    </>
  );
}

function fieldsOf(s: StackSettings) {
  return {
    layers: String(s.layers),
    samples: String(s.samples),
    seed: String(s.seed),
    batch: String(s.batch),
    edges: formatEdgeList(s.edges),
    base: s.base,
  };
}

const formatStacksCaption = (s: StackSettings) => `${formatStackText(s)}, circuit of ${s.base}`;
