import { useEffect, useRef } from 'react';
import { showTourStep, teaching } from '../../state/teachingStore';
import type { LabController } from '../../state/controller';
import { useConfig, useController } from '../LabContext';
import { TOUR, type TourStep } from './tourSteps';
import { useTeaching } from './useTeaching';

/**
 * Sets up a step's configuration and trains it. A step whose configuration is already the
 * current one keeps its run (step 3 explains the run of step 2) unless `again` asks for a new one.
 */
function runStep(controller: LabController, config: string, again: boolean): void {
  const current = controller.config.getState().text;
  const run = controller.lab.getState();
  const steps = run.recorder.runs.get(run.currentRunId)?.steps.length ?? 0;
  // In the step's own history entry: Back leaves the step, not its configuration.
  if (current !== config) {
    controller.applyInPlace(config);
    controller.play();
  } else if (again) {
    controller.configure(config);
    controller.play();
  } else if (steps === 0) {
    controller.play();
  }
}

/**
 * The guided tour, in the sidebar where the settings are otherwise: each step sets up its
 * configuration and runs it, and points at the part of the page that shows the answer.
 */
export function TourCard() {
  const controller = useController();
  const index = useTeaching((s) => s.tourStep);
  const current = useConfig((s) => s.text);
  const heading = useRef<HTMLHeadingElement>(null);
  const step: TourStep | null = index === null ? null : TOUR[index];

  useEffect(() => {
    if (!step) return;
    // The circuit takes room from the gradient chart: the tour shows it only where it explains.
    teaching.setState({ circuitOpen: step.showCircuit });
    runStep(controller, step.config, false);
    heading.current?.focus();
  }, [controller, step]);

  if (index === null || !step) return null;
  const go = (to: number | null) => showTourStep(to, TOUR.length);
  return (
    <section
      className="panel tour-card"
      aria-labelledby="tour-title"
      onKeyDown={(event) => {
        if (event.key === 'Escape') go(null);
        if (event.target !== event.currentTarget && event.target !== heading.current) return;
        if (event.key === 'ArrowRight') go(index + 1);
        if (event.key === 'ArrowLeft') go(index - 1);
      }}
    >
      <div className="tour-head">
        <h2>
          Guided tour · step {index + 1} of {TOUR.length}
        </h2>
        <button
          type="button"
          className="small tour-close"
          aria-label="Close the tour"
          onClick={() => go(null)}
        >
          ✕
        </button>
      </div>
      <h3 id="tour-title" ref={heading} tabIndex={-1}>
        {step.title}
      </h3>
      {step.paragraphs.map((text) => (
        <p key={text}>{text}</p>
      ))}
      {step.choices && (
        <div className="tour-choices" role="group" aria-label="Configurations of three layers">
          {step.choices.map((choice) => (
            <button
              type="button"
              key={choice.config}
              className={`tour-choice${choice.config === current ? ' current' : ''}`}
              aria-pressed={choice.config === current}
              onClick={() => runStep(controller, choice.config, true)}
            >
              <span className="tour-choice-name">{choice.row.name}</span>
              <span
                className="tour-choice-access"
                aria-label={choice.row.gradient
                  .map((g, i) => `Q${i + 1} ${g ? 'gradient' : 'none'}`)
                  .join(', ')}
              >
                {choice.row.gradient.map((g) => (g ? '●' : '○')).join(' ')}
              </span>
            </button>
          ))}
        </div>
      )}
      <div className="tour-nav">
        <button type="button" onClick={() => go(index - 1)} disabled={index === 0}>
          ← Back
        </button>
        <button type="button" onClick={() => runStep(controller, step.config, true)}>
          Run again
        </button>
        {index < TOUR.length - 1 ? (
          <button type="button" className="primary" onClick={() => go(index + 1)}>
            Next →
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => go(null)}>
            Finish
          </button>
        )}
      </div>
      <ol className="tour-dots" aria-label="Tour steps">
        {TOUR.map((s, i) => (
          <li key={s.id}>
            <button
              type="button"
              className={i === index ? 'current' : ''}
              aria-current={i === index ? 'step' : undefined}
              aria-label={`Step ${i + 1}: ${s.title}`}
              onClick={() => go(i)}
            />
          </li>
        ))}
      </ol>
    </section>
  );
}
