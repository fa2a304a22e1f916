import type { BackendMeasurement } from '../../engine/backendMeasure';
import { optionLabel, sameOption } from '../../engine/backendMeasure';

/**
 * Under the backend: the step times that chose it (src/engine/backendFit.ts), fastest marked,
 * a skipped option with its reason; said so when they were measured on an earlier visit.
 */
export function BackendTimings({ measured }: { measured: BackendMeasurement }) {
  return (
    <div
      className="fallbacks"
      data-testid="backend-timings"
      data-remembered={measured.remembered ? 'true' : 'false'}
    >
      <span className="muted">
        {measured.remembered
          ? 'Chosen by timing a step on an earlier visit:'
          : `Chosen by timing a step of this configuration (${Math.round(measured.tookMs)} ms):`}
      </span>
      <ul>
        {measured.timings.map((t) => {
          const chosen = sameOption(t.option, measured.chosen);
          return (
            <li
              key={optionLabel(t.option)}
              data-option={optionLabel(t.option)}
              data-ms={t.ms ?? ''}
              data-chosen={chosen ? 'true' : 'false'}
            >
              {chosen ? <strong>{optionLabel(t.option)}</strong> : optionLabel(t.option)}{' '}
              {t.ms !== null ? `${t.ms.toFixed(1)} ms a step` : (t.note ?? 'skipped')}
              {chosen ? ' (fastest)' : ''}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
