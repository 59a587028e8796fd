// Camera barcode scanning for fields that carry a button with data-scan-into="<input id>".
// Only where the browser has the BarcodeDetector API (Chrome on Android, for instance);
// elsewhere the buttons stay hidden and the field is typed or filled by a USB/Bluetooth scanner.
(function () {
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  function reveal(root) {
    root.querySelectorAll("[data-scan-into][hidden]").forEach(function (b) { b.hidden = false; });
  }
  new MutationObserver(function () { reveal(document); }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", function () { reveal(document); });

  async function scan(input) {
    var overlay = document.createElement("div");
    overlay.className = "scan-overlay";
    var video = document.createElement("video");
    video.setAttribute("playsinline", "");
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn";
    close.textContent = document.documentElement.lang === "en" ? "Cancel" : "取消";
    overlay.appendChild(video);
    overlay.appendChild(close);
    document.body.appendChild(overlay);
    var stream = null;
    var done = false;
    function stop() {
      done = true;
      if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
      overlay.remove();
    }
    close.addEventListener("click", stop);
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      video.srcObject = stream;
      await video.play();
      var detector = new window.BarcodeDetector();
      while (!done) {
        var codes = await detector.detect(video);
        if (codes.length) {
          input.value = codes[0].rawValue;
          input.dispatchEvent(new Event("input", { bubbles: true }));
          stop();
          return;
        }
        await new Promise(function (r) { requestAnimationFrame(r); });
      }
    } catch (e) {
      console.warn("barcode scanning unavailable", e);
      stop();
    }
  }

  document.addEventListener("click", function (ev) {
    var button = ev.target.closest && ev.target.closest("[data-scan-into]");
    if (!button) return;
    var input = document.getElementById(button.getAttribute("data-scan-into"));
    if (input) scan(input);
  });
})();
