// Umuhanda's service worker (template: the build fills in the version and the precache list, see
// cmake/umuhanda_wasm.cmake). It keeps the app shell (the page, the hashed JS and WASM) so the app
// starts with no network. API answers are NOT cached here: the client keeps packs, pictures and
// progress in IndexedDB and revalidates them itself, so /api/ requests go straight to the network.
'use strict';

const VERSION = '@UMUHANDA_VERSION@';
const SHELL_CACHE = 'umuhanda-shell-' + VERSION;
const PRECACHE = @UMUHANDA_PRECACHE@;

// A new build (new names, new version) installs alongside the old one and takes over at once.
// Pages already running keep the JS and WASM they loaded; the next start loads the new page,
// whose JS names the new WASM: old and new files never mix.
self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL_CACHE);
    // 'no-cache': revalidate with the server, never take an older copy from the HTTP cache.
    await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'no-cache' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

// Older shells are deleted on the first start served by this version, not at activation: a page
// of the old version that is still loading its WASM at that moment must find it.
async function deleteOlderShells() {
  for (const name of await caches.keys()) {
    if (name.startsWith('umuhanda-shell-') && name !== SHELL_CACHE) await caches.delete(name);
  }
}

async function shellPage(request) {
  const cached = await caches.match('index.html', { cacheName: SHELL_CACHE });
  if (cached) return cached;
  return fetch(request);  // not installed yet (first visit): the network
}

async function cacheFirst(request) {
  const cached = await caches.match(request);
  return cached || fetch(request);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname === '/healthz') return;  // straight to the network
  if (request.mode === 'navigate') {
    event.respondWith(shellPage(request));
    event.waitUntil(deleteOlderShells());
    return;
  }
  event.respondWith(cacheFirst(request));
});
