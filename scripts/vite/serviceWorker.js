/*
 * The app's service worker (the build prepends `const VERSION = …; const PRECACHE = […];`, see
 * offlineApp.ts). Three jobs:
 * 1. Offline: on install it caches the app, its workers and kernels and the gzipped data, so after
 *    one visit everything (Explore included) runs with no network. Pages go to the network first
 *    (a new deploy is picked up) and fall back to the cache after NAVIGATION_TIMEOUT_MS or offline;
 *    everything else comes from the cache first, and what was not precached (the tfjs wasm
 *    binaries a browser's backend needs) is cached the first time it is fetched.
 * 2. Cross-origin isolation on any host: every response it serves carries COOP/COEP, so a static
 *    host that cannot send those headers still gets SharedArrayBuffer and two kernel threads.
 * 3. Nothing stale: each build has its own cache, and activating it deletes the others.
 */
/* global VERSION, PRECACHE */
const CACHE = `resqunn-${VERSION}`;
const NAVIGATION_TIMEOUT_MS = 3000;
const INDEX = new URL('./', self.location.href).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith('resqunn-') && k !== CACHE).map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(respond(request).then(isolated));
});

async function respond(request) {
  const cache = await caches.open(CACHE);
  if (request.mode === 'navigate') {
    try {
      const response = await withTimeout(fetch(request), NAVIGATION_TIMEOUT_MS);
      if (response.ok) await cache.put(INDEX, response.clone());
      return response;
    } catch {
      const cached = await cache.match(INDEX);
      if (cached) return cached;
      return new Response(OFFLINE_PAGE, { status: 503, headers: { 'Content-Type': 'text/html' } });
    }
  }
  const cached =
    (await cache.match(request)) ?? (await cache.match(request, { ignoreSearch: true }));
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
  return response;
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });
}

function isolated(response) {
  if (!response || response.type === 'opaque' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

const OFFLINE_PAGE = `<!doctype html><meta charset="utf-8"><title>Offline · ResQuNN Lab</title>
<p style="font-family: system-ui, sans-serif; margin: 3rem">ResQuNN Lab is not cached on this
device yet and the network is unreachable. Open it once while online; after that it works
offline.</p>`;
