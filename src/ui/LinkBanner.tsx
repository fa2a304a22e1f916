import { useConfig, useController } from './LabContext';
import './Notices.css';

/** A link whose configuration was refused: say why, once, and that the defaults are shown. */
export function LinkBanner() {
  const problem = useConfig((s) => s.linkProblem);
  const controller = useController();
  if (!problem) return null;
  return (
    <div role="alert" className="notice notice-link" data-testid="link-banner">
      <strong>Link not used.</strong> <span>{problem}</span>
      <button
        type="button"
        className="notice-close"
        aria-label="Dismiss: link not used"
        onClick={() => controller.dismissLinkProblem()}
      >
        ×
      </button>
    </div>
  );
}
