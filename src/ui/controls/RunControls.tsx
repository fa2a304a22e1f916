import { useEffect } from 'react';
import { restartNote } from '../../state/runs/shownRun';
import { useConfig, useController, useLab, useRecorded } from '../LabContext';
import './RunControls.css';
import { KernelThreadsNote } from './KernelThreadsNote';
import { BackendTimings } from './BackendTimings';
import { PaceControl } from './PaceControl';

const STATE_TEXT = {
  idle: 'Starting…',
  loading: 'Loading data…',
  paused: 'Paused',
  training: 'Training',
  done: 'Done — ↺ to train again',
  error: 'Stopped by an error',
} as const;

/** Play, pause, one step, reset; where the run is; which backend computes it and why. */
export function RunControls() {
  const controller = useController();
  const runState = useLab((s) => s.runState);
  const progress = useLab((s) => s.progress);
  const backend = useLab((s) => s.backend);
  const counts = useRecorded((s) => {
    const run = s.recorder.runs.get(s.currentRunId);
    return run
      ? `${run.steps.length}/${run.totalSteps}/${run.stepsPerEpoch}/${run.epochs.length}`
      : '0/0/0/0';
  });
  const [steps, total, perEpoch] = counts.split('/').map(Number);
  const configText = useConfig((s) => s.text);
  const restarted = useRecorded((s) => restartNote(s, configText));
  const refused = useConfig((s) => s.refusedFields);
  const blocked = playBlockedReason(refused);
  const training = runState === 'training';
  const ready = runState !== 'idle' && runState !== 'loading';
  usePlayShortcut(ready && runState !== 'done' && (training || blocked === null), training);
  const epoch = perEpoch > 0 ? Math.min(Math.floor(steps / perEpoch) + 1, total / perEpoch) : 0;
  const inEpoch = perEpoch > 0 ? steps - (epoch - 1) * perEpoch : 0;

  return (
    <section className="panel run-controls" aria-label="Run">
      <div className="transport">
        <button
          type="button"
          className="primary play"
          onClick={() => (training ? controller.pause() : controller.play())}
          // After a divergence only reset continues (the engine ignores play and step there).
          // A refused field would train a configuration other than the one on screen.
          disabled={
            !ready || runState === 'done' || runState === 'error' || (!training && blocked !== null)
          }
          aria-label={training ? 'Pause' : 'Play'}
          aria-describedby={blocked && !training ? 'play-blocked' : undefined}
          title={training ? 'Pause (Space)' : (blocked ?? 'Train (Space)')}
        >
          {training ? '❚❚' : '▶'}
        </button>
        <button
          type="button"
          onClick={() => controller.step(1)}
          disabled={
            !ready || training || runState === 'done' || runState === 'error' || blocked !== null
          }
          aria-label="Step"
          title={blocked ?? 'One training step'}
        >
          ▶❘
        </button>
        <button
          type="button"
          onClick={() => controller.reset()}
          disabled={!ready}
          aria-label="Reset"
          title="Back to step 0, from the seed"
        >
          ↺
        </button>
        <div className="run-state" aria-live="polite">
          <strong>
            {runState === 'loading' && progress?.phase === 'replay'
              ? 'Resuming…'
              : STATE_TEXT[runState]}
          </strong>
          <span className="muted">
            step {steps}
            {total > 0 ? ` of ${total}` : ''}
          </span>
          {restarted && (
            <span className="muted" data-testid="restart-note">
              {restarted}
            </span>
          )}
        </div>
      </div>
      <PaceControl />
      {blocked && !training && (
        <p id="play-blocked" className="field-error" role="status" data-testid="play-blocked">
          {blocked}
        </p>
      )}
      {runState === 'loading' && progress?.phase === 'data' ? (
        <Meter label="Loading MNIST" done={progress.done} total={progress.total} />
      ) : runState === 'loading' && progress?.phase === 'replay' ? (
        <Meter
          label={`Replaying to step ${progress.total}`}
          done={progress.done}
          total={progress.total}
        />
      ) : (
        <Meter
          label={perEpoch > 0 ? `Epoch ${epoch} of ${total / perEpoch}` : 'Epoch'}
          done={inEpoch}
          total={perEpoch}
        />
      )}
      <p className="backend" data-testid="backend">
        <span className="muted">Backend </span>
        <strong>{backend ? backend.name : '…'}</strong>
        {backend?.detail ? <span className="muted"> ({backend.detail})</span> : null}
      </p>
      {backend?.cpuKernel && <KernelThreadsNote threading={backend.cpuKernel} />}
      {backend?.measured && <BackendTimings measured={backend.measured} />}
      {backend && backend.fallbacks.length > 0 && (
        <details className="fallbacks">
          <summary>Why not {backend.fallbacks.map((f) => f.backend).join(', ')}?</summary>
          <ul>
            {backend.fallbacks.map((f) => (
              <li key={f.backend}>
                <strong>{f.backend}</strong>: {f.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** Why Play waits: the fields holding a refused value, each with its reason; null when none. */
function playBlockedReason(refused: Readonly<Record<string, string>>): string | null {
  const fields = Object.entries(refused);
  if (fields.length === 0) return null;
  const list = fields.map(([field, reason]) => `${field}: ${reason}`).join('; ');
  return `Fix or undo (Esc) the refused value first — ${list}`;
}

/** Space plays and pauses, unless focus is on something Space already means something to. */
function usePlayShortcut(enabled: boolean, training: boolean) {
  const controller = useController();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== ' ' || !enabled || event.defaultPrevented) return;
      const target = event.target as HTMLElement | null;
      if (
        target &&
        target !== document.body &&
        target.closest('button, input, select, textarea, [tabindex]')
      ) {
        return;
      }
      event.preventDefault();
      if (training) controller.pause();
      else controller.play();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [controller, enabled, training]);
}

function Meter({ label, done, total }: { label: string; done: number; total: number }) {
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  return (
    <div className="meter">
      <div className="meter-label">
        <span>{label}</span>
        <span className="muted">{total > 0 ? `${done}/${total}` : ''}</span>
      </div>
      <div
        className="meter-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total || 1}
        aria-valuenow={done}
      >
        <div className="meter-fill" style={{ transform: `scaleX(${fraction})` }} />
      </div>
    </div>
  );
}
