// Registers the service worker (an external file: the Content-Security-Policy allows no inline
// scripts), and reloads a page left open across a deploy when a file of its build is gone (an
// area's Wasm chunk that was never opened before): the reload loads the new build. At most one
// reload a minute, so a broken deploy cannot loop.
(function () {
  // Where the person was going when the old build's chunk was missing: the reload goes there.
  var target = null;
  document.addEventListener(
    "click",
    function (e) {
      var a = e.target && e.target.closest && e.target.closest("a[href]");
      if (a && a.origin === location.origin) target = a.href;
    },
    true
  );
  function reloadOnce() {
    var last = Number(sessionStorage.getItem("vitrine-stale-reload") || 0);
    if (Date.now() - last < 60000) return;
    sessionStorage.setItem("vitrine-stale-reload", String(Date.now()));
    if (target && target !== location.href) location.assign(target);
    else location.reload();
  }
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.addEventListener("message", function (e) {
      if (e.data && e.data.type === "vitrine-stale-build") reloadOnce();
    });
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function (err) {
        console.warn("service worker registration failed", err);
      });
    });
  }
  // Offline. A page the service worker kept for offline reading carries when it was kept
  // (<html data-offline-at>): a banner says so, as of HH:MM. Whenever the network is down, forms
  // say they cannot be sent rather than failing; when it returns, a kept or offline page loads
  // afresh by itself (live pages reload their data when their event stream reconnects).
  var root = document.documentElement;
  var en = /^en/i.test(root.lang || "");
  var keptAt = Number(root.getAttribute("data-offline-at") || 0);
  var offlinePage = root.hasAttribute("data-offline-page");
  function hhmm(ms) {
    var d = new Date(ms);
    var p = function (n) { return (n < 10 ? "0" : "") + n; };
    return p(d.getHours()) + ":" + p(d.getMinutes());
  }
  var banner = null;
  function say(text) {
    if (!banner) {
      banner = document.createElement("div");
      banner.className = "offline-banner";
      banner.setAttribute("role", "status");
      banner.setAttribute("data-testid", "offline-banner");
      // Outside <body>: the hydrated page is left exactly as the server drew it.
      root.appendChild(banner);
    }
    banner.textContent = text;
    banner.hidden = false;
  }
  function offlineNote() {
    if (keptAt) {
      return en
        ? "Offline · this page as of " + hhmm(keptAt) + " · forms cannot be sent"
        : "离线 · 显示的是 " + hhmm(keptAt) + " 时的内容 · 表单暂时无法提交";
    }
    return en ? "Offline · forms cannot be sent until the network is back" : "网络已断开 · 联网前表单无法提交";
  }
  function isOffline() {
    return keptAt > 0 || !navigator.onLine;
  }
  var PENDING_SIGN_OUT = "vitrine-sign-out-pending";
  /** A sign-out made offline, sent once the network is back; then the sign-in page. */
  function finishSignOut() {
    var pending = false;
    try { pending = localStorage.getItem(PENDING_SIGN_OUT) === "1"; } catch (err) { /* private mode */ }
    if (!pending || !navigator.onLine) return false;
    fetch("/auth/logout", { method: "POST", credentials: "same-origin" }).then(function (res) {
      if (!res.ok) return;
      try { localStorage.removeItem(PENDING_SIGN_OUT); } catch (err) { /* private mode */ }
      location.assign("/login");
    }, function () { /* still offline: the next "online" tries again */ });
    return true;
  }
  /** Calls `then` once the server answers again: an "online" event alone is no proof (it
   * comes before the network really carries, and some devices fire it while still cut off), so
   * the health check is asked, again every few seconds for a while. */
  var probing = false;
  function whenBack(then) {
    if (probing) return;
    probing = true;
    var tries = 0;
    function probe() {
      fetch("/healthz", { cache: "no-store" }).then(
        function (res) {
          if (res.ok) {
            probing = false;
            then();
          } else {
            retry();
          }
        },
        retry
      );
    }
    function retry() {
      tries += 1;
      if (tries > 60) {
        probing = false;
        return;
      }
      setTimeout(probe, 2000);
    }
    probe();
  }
  function back() {
    if (finishSignOut()) return;
    if (keptAt || offlinePage) {
      location.reload();
    } else if (banner) {
      banner.hidden = true;
    }
  }
  finishSignOut();
  if (keptAt) say(offlineNote());
  // A kept or offline page shown while the device thinks it is online (the server or the
  // shop's line was down): it loads afresh as soon as the server answers.
  if ((keptAt || offlinePage) && navigator.onLine) whenBack(back);
  window.addEventListener("offline", function () { say(offlineNote()); });
  window.addEventListener("online", function () { whenBack(back); });
  // Before any handler of the page: a form sent offline is stopped, and says why.
  window.addEventListener(
    "submit",
    function (e) {
      if (!isOffline()) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      var form = e.target;
      if (form && form.action && new URL(form.action, location.href).pathname === "/auth/logout") {
        // Signing out without a network still leaves nothing of this person readable here, and
        // the session is ended on the server as soon as the network is back.
        try { localStorage.setItem(PENDING_SIGN_OUT, "1"); } catch (err) { /* private mode */ }
        var done = function () { location.assign("/login"); };
        if (!window.caches) return done();
        caches
          .keys()
          .then(function (keys) {
            return Promise.all(keys.filter(function (k) { return k.indexOf("vitrine-pages-") === 0; }).map(function (k) { return caches.delete(k); }));
          })
          .then(done, done);
        return;
      }
      say(en ? "Offline: this form cannot be sent now. Try again when the network is back." : "离线：表单现在无法提交，请联网后重试。");
    },
    true
  );

  // Without a service worker (first visit, private mode): a failed chunk fetch shows up as a
  // resource entry with a 404.
  if ("PerformanceObserver" in window) {
    try {
      new PerformanceObserver(function (list) {
        list.getEntries().forEach(function (e) {
          if (e.name.indexOf("/pkg/") !== -1 && e.responseStatus === 404) reloadOnce();
        });
      }).observe({ type: "resource", buffered: false });
    } catch (err) {
      /* an old browser: the service worker path still covers it */
    }
  }
})();
