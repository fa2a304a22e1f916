import { searchWithBackend } from '../state/page/backendLink';
import { dismissNotice, type Notice } from '../state/labStore';
import { useLab, useController } from './LabContext';
import './Notices.css';
import { DismissButton } from './DismissButton';

const TITLES: Record<Notice['kind'], string> = {
  'invalid-config': 'Configuration refused',
  diverged: 'Training diverged',
  data: 'Training data unavailable',
  backend: 'Switched backend',
  checkpoint: 'Checkpoint not used',
  internal: 'Something went wrong',
  crash: 'Training worker restarted',
  'no-backend': 'No backend works',
  link: 'Link not used',
};

/** Engine errors and link problems as dismissible alerts; each says what the user can do. */
export function Notices() {
  const notices = useLab((s) => s.notices);
  const { lab } = useController();
  if (notices.length === 0) return null;
  return (
    <div className="notices">
      {notices.map((n) => (
        <div key={n.at} role="alert" className={`notice notice-${n.kind}`}>
          <strong>{TITLES[n.kind]}.</strong> <span>{n.message}</span>
          {n.backends && <BackendOffer backends={n.backends} />}
          <DismissButton what={TITLES[n.kind]} onDismiss={() => dismissNotice(lab, n.at)} />
        </div>
      ))}
    </div>
  );
}

/** Links that reload the page on a backend that works here, or with the app's own choice. */
function BackendOffer({ backends }: { backends: NonNullable<Notice['backends']> }) {
  const search = window.location.search;
  return (
    <span className="notice-offer" data-testid="backend-offer">
      {backends.map((b) => (
        <a key={b} href={searchWithBackend(search, b) || '?'}>
          Use {b}
        </a>
      ))}
      <a href={searchWithBackend(search, null) || window.location.pathname}>Let the app choose</a>
    </span>
  );
}
