/*
 * Registers the service worker of a built app (scripts/vite/serviceWorker.js): the app works
 * offline after one visit, and a host that cannot send COOP/COEP still gets cross-origin
 * isolation (two kernel threads) once the worker serves the page. That takes one reload on the
 * very first visit to such a host; a session flag makes sure it is one, never a loop.
 */

const RELOADED_FLAG = 'resqunn-reloaded-for-isolation';
/** Under automation the worker stays off unless a test turns it on (its precache is ~2 MB). */
export const OFFLINE_OPT_IN = 'resqunn-service-worker';

export interface OfflineHost {
  readonly navigator: Navigator;
  readonly crossOriginIsolated: boolean;
  readonly sessionStorage: Storage;
  readonly localStorage: Storage;
  readonly location: { reload(): void };
}

export async function registerOfflineSupport(host: OfflineHost, scriptUrl: string): Promise<void> {
  const { navigator } = host;
  if (!('serviceWorker' in navigator)) return;
  if (navigator.webdriver && host.localStorage.getItem(OFFLINE_OPT_IN) !== 'on') return;
  const hadController = navigator.serviceWorker.controller !== null;
  await navigator.serviceWorker.register(scriptUrl, { scope: './' });
  if (host.crossOriginIsolated || hadController) return;
  if (host.sessionStorage.getItem(RELOADED_FLAG) === '1') return;
  // The first visit to a host without the headers: once the worker controls this page, a reload
  // is served by it, with the headers.
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    host.sessionStorage.setItem(RELOADED_FLAG, '1');
    host.location.reload();
  });
}
