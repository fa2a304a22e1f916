import type { BackendName } from '../../engine/backend';

/**
 * The page's address with `backend=` set to `backend` (or removed: null lets the app choose),
 * every other parameter kept: the links a "no backend works" notice offers.
 */
export function searchWithBackend(search: string, backend: BackendName | null): string {
  const params = new URLSearchParams(search);
  if (backend === null) params.delete('backend');
  else params.set('backend', backend);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
