import { useEffect, useState } from 'react';
import { useConfig, useLab } from '../LabContext';
import { layerTextColour } from '../palette';
import { IMAGE_SIDE } from '../../model/config/config';
import { DrawPad } from './DrawPad';
import { MapTile } from './MapTile';
import { loadSampleDigits, type SampleDigit } from './testDigits';
import { useInspection } from './useInspection';
import './Inspector.css';

const DATA_URL = `${import.meta.env.BASE_URL}data`;

/**
 * What the network does with one image: every quanv layer's output channels as heatmaps and the
 * ten class probabilities. Pick a test digit or draw one; it refreshes as training goes.
 */
export function Inspector() {
  const [samples, setSamples] = useState<SampleDigit[]>([]);
  const [failed, setFailed] = useState<string | null>(null);
  const [picked, setPicked] = useState<number | null>(0);
  const [image, setImage] = useState<Float32Array | null>(null);
  const result = useLab((s) => s.inspect);
  // The samples are the configuration's dataset's own test images (MNIST or a user's).
  const dataset = useConfig((s) => s.config.dataset);
  useInspection(image);

  useEffect(() => {
    let live = true;
    loadSampleDigits(DATA_URL, dataset).then(
      (digits) => {
        if (!live) return;
        setSamples(digits);
        setFailed(null);
        setImage(digits[0]?.image ?? new Float32Array(IMAGE_SIDE * IMAGE_SIDE));
        setPicked(0);
      },
      (error: unknown) => live && setFailed(String(error)),
    );
    return () => {
      live = false;
    };
  }, [dataset]);

  const label = picked !== null ? samples[picked]?.label : undefined;
  const columns = Math.max(4, ...(result?.maps.map((m) => m.length) ?? [4]));
  const best = result ? result.probabilities.indexOf(Math.max(...result.probabilities)) : -1;
  return (
    <section className="panel inspector" aria-labelledby="inspector-title">
      <h2 id="inspector-title">Feature maps</h2>
      <div className="digit-picker" role="group" aria-label="Test digits">
        {samples.map((s, i) => (
          <button
            key={i}
            type="button"
            className={`digit${picked === i ? ' picked' : ''}`}
            aria-label={`Test digit ${i + 1}, a ${s.label}`}
            aria-pressed={picked === i}
            onClick={() => {
              setPicked(i);
              setImage(s.image);
            }}
          >
            <MapTile values={s.image} width={IMAGE_SIDE} height={IMAGE_SIDE} kind="ink" label="" />
          </button>
        ))}
        {failed && <p className="muted">Test digits unavailable: {failed}</p>}
      </div>
      <div className="inspect-input">
        {image && (
          <DrawPad
            image={image}
            onChange={(next) => {
              setPicked(null);
              setImage(next);
            }}
          />
        )}
        <Probabilities probabilities={result?.probabilities ?? []} best={best} label={label} />
      </div>
      <div className="maps">
        {!result && <p className="muted">Feature maps appear once a run is loaded.</p>}
        {result?.maps.map((channels, i) => {
          const id = `Q${i + 1}` as const;
          return (
            <div className="map-row" key={id}>
              <span className="map-layer" style={{ color: layerTextColour(id) }}>
                {id}
              </span>
              <div className="map-channels" style={{ ['--cols' as string]: columns }}>
                {channels.map((values, c) => (
                  <MapTile
                    key={c}
                    values={values}
                    width={result.width}
                    height={result.height}
                    kind="diverging"
                    label={`${id} channel ${c + 1}`}
                  />
                ))}
              </div>
            </div>
          );
        })}
        {result && result.maps.length > 0 && (
          <div className="map-scale" aria-hidden="true">
            <span>−1</span>
            <span className="map-scale-bar" />
            <span>+1 ⟨Z⟩</span>
          </div>
        )}
      </div>
    </section>
  );
}

function Probabilities({
  probabilities,
  best,
  label,
}: {
  probabilities: readonly number[];
  best: number;
  label: number | undefined;
}) {
  return (
    <div className="probabilities" role="img" aria-label={describe(probabilities, best)}>
      {/* One bar per class of the run's dataset (10 before the first inspection). */}
      {Array.from({ length: probabilities.length || 10 }, (_, digit) => {
        const p = probabilities[digit] ?? 0;
        const classes = `prob${digit === best ? ' best' : ''}${digit === label ? ' truth' : ''}`;
        return (
          <div className={classes} key={digit}>
            <span className="prob-digit">{digit}</span>
            <span className="prob-track">
              <span className="prob-bar" style={{ transform: `scaleX(${p.toFixed(3)})` }} />
            </span>
            <span className="prob-value">
              {probabilities.length ? `${Math.round(p * 100)}%` : ''}
            </span>
          </div>
        );
      })}
    </div>
  );
}

function describe(probabilities: readonly number[], best: number): string {
  if (probabilities.length === 0) return 'Class probabilities: not computed yet';
  return `Class probabilities: most likely ${best} (${Math.round(probabilities[best] * 100)}%)`;
}
