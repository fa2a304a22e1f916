import { useStore } from 'zustand';
import { PACE_CHOICES, paceLabel } from '../../state/page/pace';
import { useController } from '../LabContext';

/** How fast Play trains: a teaching pace a class can follow, or as fast as possible. */
export function PaceControl() {
  const controller = useController();
  const pace = useStore(controller.pace, (s) => s.stepsPerSecond);
  return (
    <label className="pace-control">
      <span className="muted">Pace</span>
      <select
        value={pace === null ? 'max' : String(pace)}
        onChange={(e) =>
          controller.setPace(e.target.value === 'max' ? null : Number(e.target.value))
        }
        title="Training steps a second while playing (▶❘ steps are never slowed)"
      >
        {PACE_CHOICES.map((choice) => (
          <option key={choice ?? 'max'} value={choice === null ? 'max' : String(choice)}>
            {paceLabel(choice)}
          </option>
        ))}
      </select>
    </label>
  );
}
