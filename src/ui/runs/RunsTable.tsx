import { NO_GRADIENT, type LayerId } from '../../model/metrics';
import type { ArchivedRun } from '../../state/runs/runArchive';
import { formatNorm } from '../charts/chartKit';
import { layerTextColour } from '../palette';
import { RunActions } from './RunActions';
import { useRunArchive } from './RunArchiveContext';
import { interruptedText, runColour, summarise } from './runSummary';
import type { ReportStatus } from './runsStatus';

const SOURCE: Record<ArchivedRun['source'], string> = {
  session: 'this session',
  saved: 'saved',
  imported: 'imported',
};

const percent = (v: number | null) =>
  v === null || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(1)}%`;

/** The listed runs, newest first, with their final numbers side by side and a box to pick each. */
export function RunsTable({
  listed,
  layers,
  selected,
  isCurrent,
  onStatus,
}: {
  listed: readonly ArchivedRun[];
  /** The layers any kept run has: one gradient-norm column each. */
  layers: readonly LayerId[];
  selected: readonly string[];
  isCurrent: (run: ArchivedRun) => boolean;
  onStatus: ReportStatus;
}) {
  const archive = useRunArchive();
  return (
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
                    <span className="runs-tag interrupted" title="The page closed while it trained">
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
                  <RunActions run={run} name={s.name} current={current} onStatus={onStatus} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
