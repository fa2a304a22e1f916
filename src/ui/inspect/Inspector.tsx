import { useEffect, useState } from 'react';
import { useConfig, useLab } from '../LabContext';
import { layerTextColour } from '../palette';
import { IMAGE_SIDE } from '../../model/config/config';
import { DrawPad } from './DrawPad';
import { MapTile } from './MapTile';
import { className, loadSampleDigits, type SampleSet } from './testDigits';
import { useInspection } from './useInspection';
import './Inspector.css';

const DATA_URL = `${import.meta.env.BASE_URL}data`;

/**
 * What the network does with one image: every quanv layer's output channels as heatmaps and one
 * probability per class of the run's dataset, named as the dataset names its classes. Pick a test
 * image or draw one; it refreshes as training goes.
 */
export function Inspector() {
  const [set, setSet] = useState<SampleSet | null>(null);
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
      (loaded) => {
        if (!live) return;
        setSet(loaded);
        setFailed(null);
        setImage(loaded.samples[0]?.image ?? new Float32Array(IMAGE_SIDE * IMAGE_SIDE));
        setPicked(0);
      },
      (error: unknown) => live && setFailed(String(error)),
    );
    return () => {
      live = false;
    };
  }, [dataset]);

  const samples = set?.samples ?? [];
  const classNames = set?.classNames ?? [];
  const label = picked !== null ? samples[picked]?.label : undefined;
  const columns = Math.max(4, ...(result?.maps.map((m) => m.length) ?? [4]));
  const best = result ? result.probabilities.indexOf(Math.max(...result.probabilities)) : -1;
  return (
    <section className="panel inspector" aria-labelledby="inspector-title">
      <h2 id="inspector-title">
        Feature maps
        {set && (
          <span className="inspector-dataset muted" data-testid="inspector-dataset">
            {' '}
            on {set.name}
          </span>
        )}
      </h2>
      <div
        className="digit-picker"
        role="group"
        aria-label={`Test images${set ? ` of ${set.name}` : ''}`}
      >
        {samples.map((s, i) => (
          <button
            key={i}
            type="button"
            className={`digit${picked === i ? ' picked' : ''}`}
            aria-label={`Test image ${i + 1}: ${className(classNames, s.label)}`}
            aria-pressed={picked === i}
            onClick={() => {
              setPicked(i);
              setImage(s.image);
            }}
          >
            <MapTile values={s.image} width={IMAGE_SIDE} height={IMAGE_SIDE} kind="ink" label="" />
          </button>
        ))}
        {failed && <p className="muted">Test images unavailable: {failed}</p>}
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
        <Probabilities
          probabilities={result?.probabilities ?? []}
          classNames={classNames}
          best={best}
          label={label}
        />
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
  classNames,
  best,
  label,
}: {
  probabilities: readonly number[];
  classNames: readonly string[];
  best: number;
  label: number | undefined;
}) {
  return (
    <div
      className="probabilities"
      role="img"
      aria-label={describe(probabilities, classNames, best)}
      style={{ ['--class-width' as string]: classColumn(classNames) }}
    >
      {/* One bar per class of the run's dataset (the dataset's class count before the first inspection). */}
      {Array.from({ length: probabilities.length || classNames.length }, (_, c) => {
        const p = probabilities[c] ?? 0;
        const classes = `prob${c === best ? ' best' : ''}${c === label ? ' truth' : ''}`;
        const name = className(classNames, c);
        return (
          <div className={classes} key={c}>
            <span className="prob-digit" title={name}>
              {name}
            </span>
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

/** The class names' column: one digit's width for MNIST, the longest name up to 8 characters. */
function classColumn(classNames: readonly string[]): string {
  const longest = Math.max(1, ...classNames.map((n) => n.length));
  return longest <= 1 ? '10px' : `${Math.min(longest, 8)}ch`;
}

function describe(
  probabilities: readonly number[],
  classNames: readonly string[],
  best: number,
): string {
  if (probabilities.length === 0) return 'Class probabilities: not computed yet';
  const p = Math.round(probabilities[best] * 100);
  return `Class probabilities: most likely ${className(classNames, best)} (${p}%)`;
}
