// Vitrine service worker. The server fills in the version (unique per build) and the precache
// list, so every deploy installs a new worker and deletes the caches of the old one.
const VERSION = "__VITRINE_VERSION__";
const CACHE = "vitrine-" + VERSION;
const PRECACHE = "__VITRINE_PRECACHE__";
const OFFLINE_URL = "/offline.html";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("vitrine-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;

  // Pages always come from the network (they carry personal data and must match the current
  // build); when the network is down, the offline page answers.
  if (req.mode === "navigate") {
    event.respondWith(fetch(req).catch(() => caches.match(OFFLINE_URL, { cacheName: CACHE })));
    return;
  }
  // Server functions and APIs are never cached.
  if (url.pathname.startsWith("/api/")) return;

  // Static assets: network first (so a deploy is picked up at once), the cache when offline.
  event.respondWith(
    fetch(req)
      .then((res) => {
        if (res.ok && PRECACHE.includes(url.pathname)) {
          const copy = res.clone();
          caches.open(CACHE).then((cache) => cache.put(req, copy));
        }
        return res;
      })
      .catch(() => caches.match(req, { cacheName: CACHE }))
  );
});
