import { useMemo } from 'react';
import { readConfigText } from '../../model/config/configReader';
import { sweepCsv } from '../../model/sweep/sweepCsv';
import {
  summarySentence,
  sweepRows,
  sweepSummary,
  type SweepRow,
} from '../../model/sweep/sweepRows';
import { downloadText } from '../export/download';
import { ExportMenu } from '../export/ExportMenu';
import { exportSvgElement } from '../export/inlineSvg';
import { drawSweepFigure, formatChance } from './sweepFigure';
import { planDataset, useSweepDataset } from './sweepDataset';
import { MNIST_DATASET } from '../../data/formats/datasetRef';
import { useController } from '../LabContext';
import { useExplore, useExploreController } from './ExploreContext';
import { ExploreForm } from './ExploreForm';
import { ExploreProgress } from './ExploreProgress';
import { SweepGrid } from './SweepGrid';
import { useStacksController } from '../trainability/StacksContext';
import './explore.css';

/**
 * Every configuration of n layers, every seed: the sweep's form, its live progress, the summary
 * of the paper's comparison, and the rows. A row opens its configuration in the single-run view.
 */
export function ExploreView() {
  const lab = useController();
  const explore = useExploreController();
  const stacks = useStacksController();
  const plan = useExplore((s) => s.plan);
  const results = useExplore((s) => s.results);
  const restored = useExplore((s) => s.restored);
  const rows = useMemo(() => (plan ? sweepRows(plan, results) : []), [plan, results]);
  const quanv = rows.filter((r) => r.model === 'resqunn');
  const references = rows.filter((r) => r.model !== 'resqunn');
  const layers = Object.keys(quanv[0]?.predicted ?? {});
  const open = (row: SweepRow) => {
    const refused = lab.update(readConfigText(row.config));
    if (refused === null) explore.show('single');
  };
  const stamp = plan ? `n${layers.length}_${plan.configs.length}x${plan.seeds.length}` : '';
  const dataset = useSweepDataset(plan ? planDataset(plan) : MNIST_DATASET);
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
              <span data-testid="explore-dataset">On {dataset.label}: </span>
              {quanv.length > 0
                ? summarySentence(sweepSummary(quanv))
                : 'Waiting for the first runs…'}
            </p>
            <ExportMenu
              label="sweep results"
              subject="sweep"
              fileStem={`resqunn_sweep_${stamp}`}
              render={(_size, background) => {
                if (rows.length === 0) throw new Error('no results yet');
                return withOffscreenSvg((svg) => {
                  drawSweepFigure(svg, {
                    rows: quanv,
                    references,
                    layers,
                    title: `Test accuracy per configuration on ${dataset.label}: ${layers.length} quanv layers, ${plan.seeds.length} seeds`,
                    chance: dataset.chance,
                  });
                  return exportSvgElement(svg, {
                    background,
                    title: `ResQuNN Lab: sweep results on ${dataset.label}`,
                    description: summarySentence(sweepSummary(quanv)),
                  });
                });
              }}
              extras={[
                {
                  label: 'Sweep CSV',
                  save: () => {
                    if (rows.length === 0) throw new Error('no results yet');
                    const file = `resqunn_sweep_${stamp}.csv`;
                    downloadText(sweepCsv(rows), file, 'text/csv');
                    return file;
                  },
                },
                {
                  label: 'Sweep JSON',
                  save: () => {
                    if (rows.length === 0) throw new Error('no results yet');
                    const file = `resqunn_sweep_${stamp}.json`;
                    downloadText(`${JSON.stringify(rows, null, 1)}\n`, file, 'application/json');
                    return file;
                  },
                },
              ]}
            />
          </div>
          <SweepGrid
            rows={quanv}
            references={references}
            layers={layers}
            chance={dataset.chance}
            onOpen={open}
            onStacks={(row) => {
              stacks.openConfig(row.config);
              explore.show('trainability');
            }}
          />
          <p className="explore-legend">
            ● gradient ○ none ◐ seeds disagree, predicted / measured; accuracy: dot the mean, small
            dots the seeds, bar the 95% CI (Student t), dashed line chance (
            {formatChance(dataset.chance)}).
          </p>
        </section>
      )}
    </section>
  );
}

/** An SVG in the page but out of sight, for the export's computed styles; removed after. */
function withOffscreenSvg<T>(draw: (svg: SVGSVGElement) => T): T {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  Object.assign(svg.style, { position: 'fixed', left: '-20000px', top: '0px' });
  svg.setAttribute('aria-hidden', 'true');
  document.body.appendChild(svg);
  try {
    return draw(svg);
  } finally {
    svg.remove();
  }
}
