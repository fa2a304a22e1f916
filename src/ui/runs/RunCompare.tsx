import { useState } from 'react';
import type { LayerId } from '../../model/metrics';
import type { ArchivedRun } from '../../state/runs/runArchive';
import { layerTextColour } from '../palette';
import { drawGradientOverlay, drawLossOverlay, type ComparedRun } from './compareCharts';
import { SwatchLegend } from '../charts/SwatchLegend';
import { OverlayChart } from './OverlayChart';
import { layersOf, runColour, summarise } from './runSummary';
import '../charts/ChartsPanel.css';

/** The picked runs overlaid: one layer's gradient norm and the smoothed loss, a line per run. */
export function RunCompare({
  runs,
  selected,
}: {
  runs: readonly ArchivedRun[];
  selected: readonly string[];
}) {
  const [layerChoice, setLayerChoice] = useState<LayerId | null>(null);
  const compared: ComparedRun[] = selected
    .map((key) => runs.find((r) => r.key === key))
    .filter((r): r is ArchivedRun => r !== undefined)
    .map((r, i) => ({
      key: r.key,
      label: `${summarise(r.record).name} #${r.number}`,
      colour: runColour(i),
      record: r.record,
    }));
  const comparedLayers = layersOf(compared.map((c) => c.record));
  const shownLayer =
    layerChoice && comparedLayers.includes(layerChoice) ? layerChoice : (comparedLayers[0] ?? 'H');

  return (
    <section className="runs-compare" aria-label="Overlay of the picked runs">
      {compared.length === 0 ? (
        <p className="muted runs-hint">
          Tick runs below to overlay their gradient norms and loss; tick two or more to compare
          them.
        </p>
      ) : (
        <>
          <div className="runs-compare-head">
            <SwatchLegend items={compared} />
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
  );
}
