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
