import { showTourStep, toggleCircuit, togglePresenter } from '../../state/teachingStore';
import { TOUR } from './tourSteps';
import { useTeaching } from './useTeaching';

/** The header's way into teaching mode: the circuit drawing, the guided tour, large type. */
export function TeachingButtons() {
  const circuitOpen = useTeaching((s) => s.circuitOpen);
  const touring = useTeaching((s) => s.tourStep !== null);
  const presenter = useTeaching((s) => s.presenter);
  return (
    <div className="teaching-buttons" role="group" aria-label="Teaching">
      <button type="button" aria-pressed={circuitOpen} onClick={() => toggleCircuit()}>
        Circuit
      </button>
      <button
        type="button"
        aria-pressed={touring}
        onClick={() => showTourStep(touring ? null : 0, TOUR.length)}
      >
        Guided tour
      </button>
      <button
        type="button"
        aria-pressed={presenter}
        onClick={() => togglePresenter()}
        title="Large type for a projector"
      >
        Presenter view
      </button>
    </div>
  );
}
