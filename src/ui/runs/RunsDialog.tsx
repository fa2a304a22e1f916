import { useEffect, useMemo, useRef, useState, type ChangeEvent } from 'react';
import { NO_GRADIENT, type LayerId } from '../../model/metrics';
import type { ArchivedRun } from '../../state/runs/runArchive';
import { formatNorm } from '../charts/chartKit';
import { downloadText } from '../export/download';
import { runJson } from '../export/exportData';
import { exportFilename } from '../export/filenames';
import { downloadModel } from '../export/modelDownload';
import { useController } from '../LabContext';
import { layerTextColour } from '../palette';
import { drawGradientOverlay, drawLossOverlay, type ComparedRun } from './compareCharts';
import { checkFileSize, readImport } from './importFile';
import { OverlayChart } from './OverlayChart';
import { useArchive, useRunArchive } from './RunArchiveContext';
import { interruptedText, layersOf, listedRuns, runColour, summarise } from './runSummary';
import '../charts/ChartsPanel.css';

const SOURCE: Record<ArchivedRun['source'], string> = {
  session: 'this session',
  saved: 'saved',
  imported: 'imported',
};

const percent = (v: number | null) =>
  v === null || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(1)}%`;

/**
 * Every kept run: pick runs to overlay their gradient norms and loss, read their final numbers
 * side by side, import runs or a configuration from a file, export a run, clear saved runs.
 */
export function RunsDialog({ onClose }: { onClose: () => void }) {
  const archive = useRunArchive();
  const controller = useController();
  const dialog = useRef<HTMLDialogElement>(null);
  useArchive((s) => s.revision);
  const runs = useArchive((s) => s.runs);
  const selected = useArchive((s) => s.selected);
  const storage = useArchive((s) => s.storage);
  const notice = useArchive((s) => s.notice);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [layerChoice, setLayerChoice] = useState<LayerId | null>(null);
  const [showShort, setShowShort] = useState(false);
  const currentRunId = controller.lab.getState().currentRunId;
  const isCurrent = (run: ArchivedRun) =>
    run.source === 'session' && run.record.runId === currentRunId;
  const currentKeys = runs.filter(isCurrent).map((r) => r.key);
  const { listed, hidden } = listedRuns(runs, showShort, [...selected, ...currentKeys]);

  useEffect(() => {
    const element = dialog.current;
    // Closed by onClose (the dialog leaves the page with this component).
    if (element && !element.open) element.showModal();
  }, []);

  const compared: ComparedRun[] = selected
    .map((key) => runs.find((r) => r.key === key))
    .filter((r): r is ArchivedRun => r !== undefined)
    .map((r, i) => ({
      key: r.key,
      label: `${summarise(r.record).name} #${r.number}`,
      colour: runColour(i),
      record: r.record,
    }));
  const layers = useMemo(() => layersOf(runs.map((r) => r.record)), [runs]);
  const comparedLayers = layersOf(compared.map((c) => c.record));
  const shownLayer =
    layerChoice && comparedLayers.includes(layerChoice) ? layerChoice : (comparedLayers[0] ?? 'H');

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const sizeProblem = checkFileSize(file.name, file.size);
    const result = sizeProblem ?? readImport(file.name, await file.text());
    if (result.kind === 'refused') {
      setStatus({ text: result.message, error: true });
    } else if (result.kind === 'runs') {
      const added = await archive.importRuns(result.records);
      const skipped = result.records.length - added;
      // One unfinished run with a checkpoint: it becomes the current run at its step, so play
      // continues it.
      const single = result.records.length === 1 ? result.records[0] : null;
      const unfinished = single?.checkpoint && single.checkpoint.step < single.totalSteps;
      const resumed = single && unfinished ? controller.resume(single) : null;
      setStatus({
        text:
          `Imported ${added} run${added === 1 ? '' : 's'} from ${file.name}` +
          (skipped > 0 ? ` (${skipped} already here)` : '') +
          (resumed?.ok ? `; it continues from step ${resumed.from}: press play` : '') +
          '.',
        error: false,
      });
    } else {
      const applied = controller.configure(result.text);
      setStatus(
        applied.ok
          ? { text: `Configuration ${result.text} loaded from ${file.name}.`, error: false }
          : {
              text: `${file.name}: ${applied.errors.join('; ')}. Nothing was changed.`,
              error: true,
            },
      );
    }
  };

  const exportRun = (run: ArchivedRun) => {
    const file = exportFilename({
      subject: 'run',
      config: run.record.config,
      ext: 'json',
      variant: `run${run.number}`,
    });
    downloadText(runJson(run.record), file, 'application/json');
    setStatus({ text: `Saved ${file}.`, error: false });
  };

  /** Continues a kept run from its checkpoint (or from its seed, replayed, without one). */
  const continueRun = (run: ArchivedRun) => {
    const resumed = controller.resume(run.record);
    setStatus(
      resumed.ok
        ? {
            text: `Run #${run.number} continues from step ${resumed.from}: press play.`,
            error: false,
          }
        : {
            text: `Run #${run.number} cannot continue: ${resumed.errors.join('; ')}.`,
            error: true,
          },
    );
  };

  /** The run's model for PyTorch; a kept run that is not current is restored first. */
  const exportModel = async (run: ArchivedRun) => {
    if (!isCurrent(run) && !controller.resume(run.record).ok) return;
    setStatus({ text: 'Exporting the model…', error: false });
    setStatus(await downloadModel(controller));
  };

  return (
    <dialog
      ref={dialog}
      className="runs-dialog"
      aria-labelledby="runs-title"
      onClose={onClose}
      onCancel={onClose}
    >
      <div className="runs-head">
        <h2 id="runs-title">Compare runs</h2>
        <span className="muted" data-testid="runs-storage">
          {listed.length} run{listed.length === 1 ? '' : 's'} ·{' '}
          {storage === 'indexeddb'
            ? 'saved in this browser'
            : storage === 'memory'
              ? 'kept in memory only'
              : 'loading saved runs…'}
        </span>
        <button type="button" className="runs-close" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      {notice && (
        <p className="runs-notice" role="alert">
          {notice}
        </p>
      )}
      <div className="runs-toolbar">
        <label className="runs-file">
          Import run or configuration…
          <input
            type="file"
            accept=".json,application/json,.txt,text/plain"
            aria-label="Import run or configuration file"
            onChange={(e) => void importFile(e)}
          />
        </label>
        {confirming ? (
          <span className="runs-confirm">
            Delete every saved run from this browser?
            <button
              type="button"
              className="danger"
              onClick={() => {
                setConfirming(false);
                void archive
                  .clearSaved()
                  .then(() => setStatus({ text: 'Saved runs cleared.', error: false }));
              }}
            >
              Delete saved runs
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep them
            </button>
          </span>
        ) : (
          <button type="button" onClick={() => setConfirming(true)} disabled={runs.length === 0}>
            Clear saved runs
          </button>
        )}
        {(hidden > 0 || showShort) && (
          <label className="runs-short">
            <input
              type="checkbox"
              checked={showShort}
              onChange={(e) => setShowShort(e.currentTarget.checked)}
            />
            Show runs of 0–1 steps{hidden > 0 ? ` (${hidden} hidden)` : ''}
          </label>
        )}
        <span
          className={`runs-status${status?.error ? ' error' : ''}`}
          role={status?.error ? 'alert' : 'status'}
          data-testid="runs-status"
        >
          {status?.text}
        </span>
      </div>

      <section className="runs-compare" aria-label="Overlay of the picked runs">
        {compared.length === 0 ? (
          <p className="muted runs-hint">
            Tick runs below to overlay their gradient norms and loss; tick two or more to compare
            them.
          </p>
        ) : (
          <>
            <div className="runs-compare-head">
              <span className="legend">
                {compared.map((c) => (
                  <span key={c.key} className="legend-item">
                    <span className="legend-swatch" style={{ background: c.colour }} />
                    {c.label}
                  </span>
                ))}
              </span>
            </div>
            <div className="runs-compare-charts">
              <figure>
                <figcaption>
                  Gradient norm of{' '}
                  <span className="runs-layer-pick" role="group" aria-label="Layer">
                    {comparedLayers.map((id) => (
                      <button
                        key={id}
                        type="button"
                        aria-pressed={id === shownLayer}
                        style={{ color: layerTextColour(id) }}
                        onClick={() => setLayerChoice(id)}
                      >
                        {id}
                      </button>
                    ))}
                  </span>{' '}
                  · log
                </figcaption>
                <OverlayChart
                  redrawKey={`${shownLayer} ${selected.join(' ')}`}
                  label={`Gradient norm of ${shownLayer} per step, one line per compared run`}
                  draw={(svg, w, h) => drawGradientOverlay(svg, compared, shownLayer, w, h)}
                />
              </figure>
              <figure>
                <figcaption>Loss (smoothed)</figcaption>
                <OverlayChart
                  redrawKey={selected.join(' ')}
                  label="Smoothed training loss per step, one line per compared run"
                  draw={(svg, w, h) => drawLossOverlay(svg, compared, w, h)}
                />
              </figure>
            </div>
          </>
        )}
      </section>

      <div className="runs-table-wrap">
        <table className="runs-table" data-testid="runs-table">
          <thead>
            <tr>
              <th scope="col">Compare</th>
              <th scope="col">Run</th>
              <th scope="col">Source</th>
              <th scope="col" className="num">
                Steps
              </th>
              <th scope="col" className="num" title="Mean loss of the last 10 steps">
                Loss
              </th>
              <th scope="col" className="num">
                Train
              </th>
              <th scope="col" className="num">
                Test
              </th>
              {layers.map((id) => (
                <th key={id} scope="col" className="num" style={{ color: layerTextColour(id) }}>
                  ‖∇{id}‖
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">File</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {listed.length === 0 && (
              <tr>
                <td colSpan={8 + layers.length} className="muted">
                  No runs yet: press ▶ to train, or import a run file.
                </td>
              </tr>
            )}
            {[...listed].reverse().map((run) => {
              const s = summarise(run.record);
              const index = selected.indexOf(run.key);
              const current = isCurrent(run);
              return (
                <tr key={run.key} data-run={run.key} className={current ? 'current' : undefined}>
                  <td>
                    <label className="runs-pick">
                      <input
                        type="checkbox"
                        checked={index >= 0}
                        onChange={(e) => archive.toggle(run.key, e.currentTarget.checked)}
                        aria-label={`Compare ${s.name}, run ${run.number} (${SOURCE[run.source]})`}
                      />
                      <span
                        className="runs-swatch"
                        style={{ background: index >= 0 ? runColour(index) : 'transparent' }}
                      />
                    </label>
                  </td>
                  <td>
                    <b>{s.name}</b> <span className="muted">#{run.number}</span>
                    {current && <span className="runs-tag">current</span>}
                    {run.interrupted && (
                      <span
                        className="runs-tag interrupted"
                        title="The page closed while it trained"
                      >
                        {interruptedText(run.record)}
                      </span>
                    )}
                    <div className="runs-config">{run.record.config}</div>
                  </td>
                  <td>{SOURCE[run.source]}</td>
                  <td className="num">{s.steps}</td>
                  <td className="num">
                    {Number.isFinite(s.finalLoss) ? s.finalLoss.toFixed(3) : '—'}
                  </td>
                  <td className="num">{percent(s.trainAccuracy)}</td>
                  <td className="num">{percent(s.testAccuracy)}</td>
                  {layers.map((id) => {
                    const v = s.lastNorms[id];
                    const dead = v !== undefined && v < NO_GRADIENT;
                    return (
                      <td key={id} className={`num${dead ? ' dead' : ''}`}>
                        {v === undefined ? '—' : dead ? '0' : formatNorm(v)}
                      </td>
                    );
                  })}
                  <td>
                    <button
                      type="button"
                      className="runs-export"
                      onClick={() => exportRun(run)}
                      aria-label={`Export ${s.name}, run ${run.number}, as JSON`}
                      title="Export as JSON"
                    >
                      ⤓ JSON
                    </button>
                    <button
                      type="button"
                      className="runs-export"
                      onClick={() => void exportModel(run)}
                      disabled={!isCurrent(run) && !run.record.checkpoint}
                      aria-label={`Export the model of ${s.name}, run ${run.number}, for PyTorch`}
                      title={
                        isCurrent(run) || run.record.checkpoint
                          ? 'The trained model for PyTorch (zip: model.json, model.py, test set)'
                          : 'This run was saved without its parameters: train it again to export it'
                      }
                    >
                      ⤓ Model
                    </button>
                    {!isCurrent(run) && run.record.checkpoint && (
                      <button
                        type="button"
                        className="runs-export"
                        onClick={() => continueRun(run)}
                        aria-label={`Continue ${s.name}, run ${run.number}, from step ${run.record.checkpoint.step}`}
                        title="Make it the current run at its checkpoint; play continues it"
                      >
                        ▶ Continue
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </dialog>
  );
}
