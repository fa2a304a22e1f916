import { Fragment, useState } from 'react';
import { useConfig } from '../LabContext';
import './ShareLink.css';

/** The configuration's code, and a button that copies the page's link (the URL holds it all). */
export function ShareLink() {
  const text = useConfig((s) => s.text);
  const [copied, setCopied] = useState(false);
  const copy = () => {
    navigator.clipboard?.writeText(window.location.href).then(
      () => {
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      },
      () => setCopied(false),
    );
  };
  return (
    <div className="share">
      <div className="row">
        <span className="muted">Configuration code</span>
        <button type="button" className="small" onClick={copy}>
          {copied ? 'Copied' : 'Copy link'}
        </button>
      </div>
      <code className="config-code" data-testid="config-code">
        {text.split(';').map((part, i) => (
          <Fragment key={i}>
            {i > 0 && ';'}
            {i > 0 && <wbr />}
            {part}
          </Fragment>
        ))}
      </code>
    </div>
  );
}
