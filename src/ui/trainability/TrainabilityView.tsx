import { useCallback, useMemo } from 'react';
import { studyCsv, studyJson } from '../../model/trainability/studyExport';
import { formatSettingsText } from '../../model/trainability/settingsText';
import { DEFAULT_SETTINGS } from '../../model/trainability/settings';
import { drawHistogram, drawLogSeries, seriesByDepth, seriesByQubits } from './trainabilityCharts';
import { TrainabilityFigure } from './TrainabilityFigure';
import { TrainabilityForm } from './TrainabilityForm';
import { useTrainability } from './TrainabilityContext';
import { useStacks, useStacksController } from './StacksContext';
import { StacksPanel } from './StacksPanel';
import './trainability.css';

/**
 * Barren plateaus, measured live: Var[∂C/∂θ] over K random initialisations as n and L grow, the
 * fitted decay per qubit, and one parameter's gradient distribution. The study runs in a worker;
 * the curves fill in as its cases finish.
 */
export function TrainabilityView() {
  const rows = useTrainability((s) => s.rows);
  const fits = useTrainability((s) => s.fits);
  const status = useTrainability((s) => s.status);
  const progress = useTrainability((s) => s.progress);
  const errors = useTrainability((s) => s.errors);
  const shown = useTrainability((s) => s.shown) ?? DEFAULT_SETTINGS;
  const seconds = useTrainability((s) => s.seconds);
  const threads = useTrainability((s) => s.threads);
  const threadNote = useTrainability((s) => s.threadNote);
  const onThreads =
    threads === null
      ? ''
      : ` · ${threads === 2 ? '2 threads' : '1 thread'}${threadNote ? ` (${threadNote})` : ''}`;
  const last = rows.at(-1);
  const largestN = last ? Math.max(...rows.map((r) => r.qubits)) : 0;
  const stem =
    `resqunn_trainability_${formatSettingsText(shown).replace(/[^a-z0-9]+/gi, '-')}`.slice(0, 120);
  const byQubits = useMemo(() => seriesByQubits(rows, fits), [rows, fits]);
  const byDepth = useMemo(() => seriesByDepth(rows, largestN), [rows, largestN]);
  const drawQubits = useCallback(
    (svg: SVGSVGElement, size: { width: number; height: number }) =>
      drawLogSeries(svg, byQubits, size, 'qubits n'),
    [byQubits],
  );
  const drawDepth = useCallback(
    (svg: SVGSVGElement, size: { width: number; height: number }) =>
      drawLogSeries(svg, byDepth, size, 'depth L'),
    [byDepth],
  );
  const drawGradients = useCallback(
    (svg: SVGSVGElement, size: { width: number; height: number }) =>
      drawHistogram(svg, last?.gradients ?? [], size, '∂C/∂θ₀'),
    [last],
  );
  const csv = () => studyCsv(rows, fits);
  const json = () => `${JSON.stringify(studyJson(shown, rows, fits), null, 1)}\n`;
  const rateText = fits.map((f) => {
    const ci = f.ci95 ? ` (95% CI ${f.ci95[0].toFixed(3)} to ${f.ci95[1].toFixed(3)})` : '';
    return `L = ${f.depth}, ${f.cost}: ${f.decayPerQubit.toFixed(3)} per qubit${ci}`;
  });
  const stacks = useStacksController();
  const stacksOpen = useStacks((s) => s.open);
  const modes = (
    <div className="trainability-modes" role="group" aria-label="Study">
      <button type="button" aria-pressed={!stacksOpen} onClick={() => stacks.setOpen(false)}>
        Barren plateaus
      </button>
      <button type="button" aria-pressed={stacksOpen} onClick={() => stacks.setOpen(true)}>
        Deep residual stacks
      </button>
    </div>
  );
  if (stacksOpen)
    return (
      <section className="trainability" aria-label="Trainability">
        {modes}
        <StacksPanel />
      </section>
    );
  return (
    <section className="trainability" aria-label="Trainability">
      {modes}
      <section className="trainability-panel">
        <h2>Trainability: how large is the gradient as circuits grow?</h2>
        <p className="trainability-lede">
          The variance of ∂C/∂θ over K random initialisations, every parameter’s exact gradient by
          the adjoint method. McClean et al.: it falls exponentially with n (a barren plateau);
          Cerezo et al.: global costs plateau even when shallow, local ones do not.
        </p>
        <TrainabilityForm />
        {errors.length > 0 && (
          <ul className="trainability-errors" role="alert">
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        )}
        <div
          className="trainability-progress"
          data-testid="trainability-progress"
          data-status={status}
        >
          <progress max={1} value={progress} aria-label="Study progress" />
          <span>
            {status === 'running' &&
              `${Math.round(progress * 100)}% · ${rows.length} cases done${onThreads}`}
            {status === 'done' &&
              `done: ${rows.length} cases in ${seconds?.toFixed(1)} s${onThreads}`}
            {status === 'cancelled' && `cancelled after ${rows.length} cases${onThreads}`}
          </span>
        </div>
        {rateText.length > 0 && (
          <p className="trainability-rate" data-testid="trainability-rate">
            Fitted decay of the variance, Var ∝ e^(−rate·n): {rateText.join('; ')}
          </p>
        )}
      </section>
      <div className="trainability-figures">
        <TrainabilityFigure
          title="Variance against qubits"
          subject="trainability-qubits"
          description={`Var[∂C/∂θ] against n (log scale), one curve per depth and cost, dashed: the fitted exponential. ${formatSettingsText(shown)}`}
          fileStem={`${stem}_qubits`}
          draw={drawQubits}
          csv={csv}
          json={json}
          empty={rows.length === 0}
        />
        <TrainabilityFigure
          title={`Variance against depth (n = ${largestN || '…'})`}
          subject="trainability-depth"
          description={`Var[∂C/∂θ] against L at n = ${largestN}: the approach to the 2-design plateau. ${formatSettingsText(shown)}`}
          fileStem={`${stem}_depth`}
          draw={drawDepth}
          csv={csv}
          json={json}
          empty={rows.length === 0}
        />
        <TrainabilityFigure
          title={
            last
              ? `Gradients of θ₀ (n = ${last.qubits}, L = ${last.depth}, ${last.cost})`
              : 'Gradients of θ₀'
          }
          subject="trainability-histogram"
          description={`The distribution of ∂C/∂θ₀ over ${last?.samples ?? 0} samples. ${formatSettingsText(shown)}`}
          fileStem={`${stem}_histogram`}
          draw={drawGradients}
          csv={() => `gradient\n${(last?.gradients ?? []).join('\n')}\n`}
          json={() => `${JSON.stringify(last?.gradients ?? [])}\n`}
          empty={!last}
        />
      </div>
    </section>
  );
}
