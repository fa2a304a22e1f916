import { useState } from 'react';
import { useConfig, useController } from './LabContext';
import './Notices.css';
import './LinkBanner.css';
import { DismissButton } from './DismissButton';

/**
 * A link that could not be used in full: say what was left out, once, and keep the link as it
 * came, to copy, since the address bar now holds the configuration applied.
 */
export function LinkBanner() {
  const problem = useConfig((s) => s.linkProblem);
  const controller = useController();
  const [copied, setCopied] = useState(false);
  if (!problem) return null;
  const original = `${window.location.origin}${window.location.pathname}${problem.link}`;
  const copy = () => {
    navigator.clipboard?.writeText(original).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <div role="alert" className="notice notice-link" data-testid="link-banner">
      <strong>Link not fully used.</strong>
      <span>
        {problem.message}
        <span className="link-original">
          <label>
            <span className="muted">The link as it came </span>
            <input
              readOnly
              value={original}
              data-testid="link-original"
              onFocus={(e) => e.currentTarget.select()}
            />
          </label>
          <button type="button" className="small" onClick={copy}>
            {copied ? 'Copied' : 'Copy'}
          </button>
        </span>
      </span>
      <DismissButton what="link not fully used" onDismiss={() => controller.dismissLinkProblem()} />
    </div>
  );
}
