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

// --- Pages kept for offline reading: one person's, never anyone else's -----------------------
// The server marks every signed-in page with an opaque key of the session (x-vitrine-person) and
// when the session dies unless used (x-vitrine-session-ends), and a page that may be read
// offline (lists, the queue, receipts: numbers masked) with x-vitrine-offline: keep. A page of
// another person, or of no one (the sign-in page after signing out or expiry), purges the lot;
// so does signing out, and nothing is shown after the session's end.
const PAGES = "vitrine-pages-";
const ENDS = "/__vitrine/session-ends";

function purgePages(except) {
  return caches
    .keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PAGES) && k !== except).map((k) => caches.delete(k))));
}

function keepPage(res) {
  const person = res.headers.get("x-vitrine-person");
  const name = person ? PAGES + person : null;
  return purgePages(name).then(() => {
    if (!name) return;
    const ends = res.headers.get("x-vitrine-session-ends") || "0";
    return caches.open(name).then((cache) => {
      const renewed = cache.put(ENDS, new Response(ends, { headers: { "content-type": "text/plain" } }));
      if (!res.ok || res.headers.get("x-vitrine-offline") !== "keep") return renewed;
      const headers = new Headers(res.headers);
      headers.set("x-vitrine-kept-at", String(Date.now()));
      return res.blob().then((body) =>
        Promise.all([renewed, cache.put(res.url, new Response(body, { status: 200, headers }))])
      );
    });
  });
}

/** The person's kept copy of a page, marked with when it was kept (the page shows an offline
 * banner), or the offline page. */
function keptPage(req) {
  const offline = () => caches.match(OFFLINE_URL, { cacheName: CACHE });
  return caches.keys().then((keys) => {
    const name = keys.find((k) => k.startsWith(PAGES));
    if (!name) return offline();
    return caches.open(name).then((cache) =>
      cache.match(ENDS).then((endsRes) => (endsRes ? endsRes.text() : "0")).then((ends) => {
        if (!(Number(ends) > Date.now())) return purgePages(null).then(offline);
        return cache.match(req.url).then((kept) => {
          if (!kept) return offline();
          const at = kept.headers.get("x-vitrine-kept-at") || "";
          return kept.text().then((html) => {
            // The page shows "offline, as of HH:MM" from this attribute (register-sw.js); an
            // attribute of <html> leaves the hydrated body as the server drew it.
            const marked = html.replace(/<html\b/i, '<html data-offline-at="' + at.replace(/\D/g, "") + '"');
            const headers = new Headers(kept.headers);
            headers.delete("content-length");
            return new Response(marked, { status: 200, headers });
          });
        });
      })
    );
  });
}

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const path = new URL(req.url).pathname;
  // Signing out forgets this person's pages at once (the sign-in page that follows would too).
  if (req.method === "POST" && path === "/auth/logout") {
    event.waitUntil(purgePages(null));
    return;
  }
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;

  // Pages always come from the network (they carry personal data and must match the current
  // build). The signed-in person's copy of a page marked for offline reading is kept, in a cache
  // of that person alone; when the network is down, that copy answers (marked as such), else
  // the offline page.
  if (req.mode === "navigate") {
    event.respondWith(
      fetch(req)
        .then((res) => {
          event.waitUntil(keepPage(res.clone()));
          return res;
        })
        .catch(() => keptPage(req))
    );
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
