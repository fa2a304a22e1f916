import { useState } from 'react';
import { useArchive } from './RunArchiveContext';
import '../Notices.css';
import { DismissButton } from '../DismissButton';

/** Says so when runs cannot be saved in this browser (private window, storage full). */
export function RunArchiveNotice() {
  const notice = useArchive((s) => s.notice);
  const [dismissed, setDismissed] = useState<string | null>(null);
  if (!notice || dismissed === notice) return null;
  return (
    <div role="alert" className="notice notice-backend" data-testid="run-archive-notice">
      <strong>Runs not saved.</strong> <span>{notice}</span>
      <DismissButton what="Runs not saved" onDismiss={() => setDismissed(notice)} />
    </div>
  );
}
