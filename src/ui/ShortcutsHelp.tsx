import { useEffect, useRef, useState } from 'react';
import { showTourStep, teaching, toggleCircuit, togglePresenter } from '../state/teachingStore';
import { useExploreController } from './explore/ExploreContext';
import { useController } from './LabContext';
import { SHORTCUTS, shortcutFor, type ShortcutAction } from './shortcuts';
import { TOUR } from './teach/tourSteps';
import { nextTheme, setTheme, themeStore } from './theme';
import './ShortcutsHelp.css';

/**
 * The keyboard shortcuts: the header's "?" button opens their list (so does the ? key), and the
 * page obeys them (shortcuts.ts is the one table of both).
 */
export function ShortcutsHelp() {
  const [open, setOpen] = useState(false);
  const controller = useController();
  const explore = useExploreController();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const act = (action: ShortcutAction) => {
      const running = controller.lab.getState().runState;
      switch (action) {
        case 'play':
          return running === 'training' ? controller.pause() : controller.play();
        case 'step':
          return running === 'paused' ? void controller.step(1) : undefined;
        case 'reset':
          return controller.reset();
        case 'single':
        case 'explore':
          return explore.show(action);
        case 'circuit':
          return toggleCircuit();
        case 'tour':
          return showTourStep(teaching.getState().tourStep === null ? 0 : null, TOUR.length);
        case 'presenter':
          return togglePresenter();
        case 'theme':
          return setTheme(nextTheme(themeStore.getState().choice));
        case 'help':
          return setOpen(true);
      }
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      // Inside a dialog (the runs, this list) the page's keys wait.
      if (target?.closest('dialog')) return;
      const action = shortcutFor({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        targetTag: target?.tagName ?? 'BODY',
        targetEditable: target?.isContentEditable ?? false,
      });
      if (!action) return;
      event.preventDefault();
      act(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [controller, explore]);

  useEffect(() => {
    const element = dialog.current;
    if (open && element && !element.open) element.showModal();
  }, [open]);

  return (
    <>
      <button
        type="button"
        className="shortcuts-button"
        aria-label="Keyboard shortcuts"
        aria-haspopup="dialog"
        title="Keyboard shortcuts (?)"
        onClick={() => setOpen(true)}
      >
        ?
      </button>
      {open && (
        <dialog
          ref={dialog}
          className="shortcuts-dialog"
          aria-labelledby="shortcuts-title"
          onClose={() => setOpen(false)}
        >
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Does</th>
              </tr>
            </thead>
            <tbody>
              {SHORTCUTS.map((s) => (
                <tr key={s.action}>
                  <td>
                    {s.keys.map((k, i) => (
                      <span key={k}>
                        {i > 0 && ' or '}
                        <kbd>{k}</kbd>
                      </span>
                    ))}
                  </td>
                  <td>{s.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">
            Keys wait while you type in a field. Tab and Enter reach the rest.
          </p>
          <form method="dialog">
            <button type="submit" className="primary">
              Close
            </button>
          </form>
        </dialog>
      )}
    </>
  );
}
