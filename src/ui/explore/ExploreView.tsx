import { useMemo } from 'react';
import { parseConfigText } from '../../model/configText';
import { sweepCsv } from '../../model/sweepCsv';
import { summarySentence, sweepRows, sweepSummary, type SweepRow } from '../../model/sweepRows';
import { downloadText } from '../export/download';
import { useController } from '../LabContext';
import { useExplore, useExploreController } from './ExploreContext';
import { ExploreForm } from './ExploreForm';
import { ExploreProgress } from './ExploreProgress';
import { SweepGrid } from './SweepGrid';
import './explore.css';

/**
 * Every configuration of n layers, every seed: the sweep's form, its live progress, the summary
 * of the paper's comparison, and the rows. A row opens its configuration in the single-run view.
 */
export function ExploreView() {
  const lab = useController();
  const explore = useExploreController();
  const plan = useExplore((s) => s.plan);
  const results = useExplore((s) => s.results);
  const restored = useExplore((s) => s.restored);
  const rows = useMemo(() => (plan ? sweepRows(plan, results) : []), [plan, results]);
  const quanv = rows.filter((r) => r.model === 'resqunn');
  const references = rows.filter((r) => r.model !== 'resqunn');
  const layers = Object.keys(quanv[0]?.predicted ?? {});
  const open = (row: SweepRow) => {
    const refused = lab.update(parseConfigText(row.config));
    if (refused === null) explore.show('single');
  };
  const stamp = plan ? `n${layers.length}_${plan.configs.length}x${plan.seeds.length}` : '';
  return (
    <section className="explore" aria-label="Explore">
      <section className="explore-panel">
        <h2>Explore every configuration, every seed</h2>
        <ExploreForm />
        <ExploreProgress />
      </section>
      {plan && (
        <section className="explore-panel explore-results">
          <div className="explore-results-head">
            <p className="explore-summary" data-testid="explore-summary">
              {restored ? 'Restored from your last visit. ' : ''}
              {quanv.length > 0
                ? summarySentence(sweepSummary(quanv))
                : 'Waiting for the first runs…'}
            </p>
            <div className="explore-export">
              <button
                type="button"
                disabled={rows.length === 0}
                onClick={() =>
                  downloadText(sweepCsv(rows), `resqunn_sweep_${stamp}.csv`, 'text/csv')
                }
              >
                CSV
              </button>
              <button
                type="button"
                disabled={rows.length === 0}
                onClick={() =>
                  downloadText(
                    `${JSON.stringify(rows, null, 1)}\n`,
                    `resqunn_sweep_${stamp}.json`,
                    'application/json',
                  )
                }
              >
                JSON
              </button>
            </div>
          </div>
          <SweepGrid rows={quanv} references={references} layers={layers} onOpen={open} />
          <p className="explore-legend">
            ● gradient ○ none ◐ seeds disagree, predicted / measured; accuracy: dot the mean, small
            dots the seeds, bar the 95% CI (Student t), dashed line chance (10%).
          </p>
        </section>
      )}
    </section>
  );
}
