// Vitrine service worker. The server fills in the version (unique per build) and the precache
// list (the shell and the initial download; an area's Wasm chunk is cached when first used), so
// every deploy installs a new worker and deletes the caches of the old one.
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

/** A page built by an earlier deploy asked for one of its files, which this build no longer has:
 * tell it to reload (the page then loads this build). */
function stale(event) {
  if (!event.clientId) return;
  self.clients.get(event.clientId).then((client) => client && client.postMessage({ type: "vitrine-stale-build" }));
}

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
  // The build's own files (/pkg/, named by their content) are kept once fetched.
  const keep = PRECACHE.includes(url.pathname) || url.pathname.startsWith("/pkg/");
  event.respondWith(
    fetch(req)
      .then((res) => {
        if (res.ok && keep) {
          const copy = res.clone();
          caches.open(CACHE).then((cache) => cache.put(req, copy));
        } else if (res.status === 404 && url.pathname.startsWith("/pkg/")) {
          return caches.match(req).then((old) => {
            if (old) return old;
            stale(event);
            return res;
          });
        }
        return res;
      })
      .catch(() => caches.match(req))
  );
});
